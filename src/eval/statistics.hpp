// One-dimensional statistics the metrics are built from: two-sample KS, Wasserstein-1,
// Pearson correlation, quantiles, ROC AUC. Plain functions over doubles, NaN-free inputs.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace causalmix::eval {

double mean(std::span<const double> values);
// Population (ddof 0) standard deviation: the scale metrics.md normalises W1 by.
double population_sd(std::span<const double> values);
// Sample (ddof 1) standard deviation: what replicate summaries report.
double sample_sd(std::span<const double> values);

// sup_x |F_a(x) − F_b(x)| of the empirical CDFs (as scipy.stats.ks_2samp's statistic).
// Sorts copies: n log n.
double ks_statistic(std::span<const double> a, std::span<const double> b);

// ∫ |F_a − F_b| dx (as scipy.stats.wasserstein_distance).
double wasserstein1(std::span<const double> a, std::span<const double> b);

// Pearson correlation; NaN when either side has zero variance or fewer than two values.
double pearson(std::span<const double> a, std::span<const double> b);

// Quantile of sorted values with linear interpolation (numpy's default, "type 7").
double quantile_sorted(std::span<const double> sorted, double probability);

// Area under the ROC curve of `scores` for labels (1 positive, 0 negative); ties count
// one half (the Mann–Whitney form, as sklearn.metrics.roc_auc_score). NaN when a class is
// empty.
double roc_auc(std::span<const double> scores, std::span<const int> labels);

// Finite values only (drops NaN): metrics are computed on the observed values of a column.
std::vector<double> finite_values(std::span<const double> values);

}  // namespace causalmix::eval
