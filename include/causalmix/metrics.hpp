// How good a synthetic table is (metrics.md): fidelity to the real table, privacy of the real
// rows, and whether the causal controls landed. Each judge takes tables, never a model.
#pragma once

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "causalmix/table.hpp"
#include "causalmix/truth.hpp"

namespace causalmix {

inline constexpr double kNotAvailable = std::numeric_limits<double>::quiet_NaN();

struct EvalOptions {
  std::uint64_t seed = 0;
  // Quadratic metrics (MMD², energy, nearest neighbours, the bandwidth) use at most this many
  // rows of each table, drawn with the seed; the output says when it did. 0 = no limit.
  std::size_t row_limit = 5000;
  int folds = 5;                        // cross-validation / cross-fitting folds
  double inverse_regularisation = 1.0;  // C of the L2 logistic regressions
  int contingency_bins = 10;            // quantile bins (fitted on real) for numerical columns
  // The treatment column: MMD² is also stratified by it, and it is never a covariate of the
  // data-overlap propensity model. Empty: no stratification.
  std::string treatment;
  // The outcome column: never a covariate of the propensity model.
  std::string outcome;
  // Columns left out of every comparison (truth columns always are).
  std::vector<std::string> exclude;
};

// ---------------------------------------------------------------- fidelity

struct ColumnFidelity {
  std::string name;
  ColumnType type = ColumnType::Numerical;
  // Numerical and integer columns.
  double ks_statistic = kNotAvailable, ks_complement = kNotAvailable;
  double wasserstein1 = kNotAvailable, normalised_wasserstein1 = kNotAvailable;
  // Binary and categorical columns (levels matched by label, over their union).
  double tv_distance = kNotAvailable, tv_complement = kNotAvailable;
};

struct PairFidelity {
  std::string first, second;
  bool correlation = false;  // both numerical: correlation similarity; else contingency
  double real_correlation = kNotAvailable, synthetic_correlation = kNotAvailable;
  double similarity = kNotAvailable;  // NaN when a correlation is undefined (constant column)
};

struct DetectionReport {  // C2ST
  double auc = kNotAvailable;
  double score = kNotAvailable;  // 1 − 2|AUC − 0.5|
  std::vector<double> fold_auc;
  std::size_t real_rows = 0, synthetic_rows = 0;
  int features = 0;
};

struct DistributionDistance {  // MMD² and energy distance on the shared encoding
  double bandwidth = kNotAvailable;   // median pairwise distance of real rows
  std::size_t bandwidth_rows = 0;     // real rows the median was taken over
  double mmd2 = kNotAvailable;        // unbiased
  double mmd2_stratified = kNotAvailable;  // Σ_t share_real(t)·MMD²_t; NaN without treatment
  std::vector<std::pair<std::string, double>> mmd2_by_arm;  // label of T → MMD²_t
  // Noise-floor comparison (derivation in fidelity.cpp): the expected V-statistic MMD² of a
  // random real half against the synthetic rows at the other half's positions, over that of
  // the two real halves. ≈ 1 when the synthetic rows are as close to the real ones as the
  // real rows are to each other (exactly 1 for a table against itself), > 1 when further.
  double mmd2_half_synthetic = kNotAvailable, mmd2_half_real = kNotAvailable;
  double mmd2_ratio = kNotAvailable;
  double energy = kNotAvailable;             // 2E|X−Y| − E|X−X′| − E|Y−Y′|
  double energy_normalised = kNotAvailable;  // energy / E|X−X′|
  std::size_t real_rows = 0, synthetic_rows = 0;
  bool subsampled = false;
};

struct FidelityReport {
  std::vector<ColumnFidelity> columns;
  std::vector<PairFidelity> pairs;
  // Means over columns / pairs (NaN when there is none of that kind).
  double ks_complement = kNotAvailable, tv_complement = kNotAvailable;
  double normalised_wasserstein1 = kNotAvailable;
  double correlation_similarity = kNotAvailable, contingency_similarity = kNotAvailable;
  DetectionReport detection;
  DistributionDistance distance;
  std::vector<std::string> notes;  // subsampling and anything left out
  nlohmann::json to_json() const;
};

FidelityReport fidelity(const Table& real, const Table& synthetic, const EvalOptions& options = {});

// ---------------------------------------------------------------- privacy

struct PrivacyReport {
  double dcr_median = kNotAvailable, dcr_p05 = kNotAvailable;
  // Share of synthetic rows nearer to the training rows than to the holdout rows (ties
  // count one half), with training and holdout subsampled to the same size; NaN without a
  // holdout.
  double dcr_share = kNotAvailable;
  double exact_copy_share = kNotAvailable;  // over all rows (hashing, linear)
  double nndr_median = kNotAvailable;
  std::size_t train_rows = 0, holdout_rows = 0, synthetic_rows = 0;  // rows used by the NN
  bool subsampled = false;
  std::vector<std::string> notes;
  nlohmann::json to_json() const;
};

PrivacyReport privacy(const Table& train, const Table* holdout, const Table& synthetic,
                      const EvalOptions& options = {});

// ---------------------------------------------------------------- causal control

// Overlap seen in the data: a cross-fitted L2 logistic propensity of T on the covariates.
struct DataOverlap {
  double auc = kNotAvailable;
  double overlap_coefficient = kNotAvailable;  // Σ_b min(f₀, f₁) on 50 bins of [0, 1]
  double share_within = kNotAvailable;         // 0.05 < ê < 0.95
  double share_within_control = kNotAvailable, share_within_treated = kNotAvailable;
  double ess_control = kNotAvailable, ess_treated = kNotAvailable;  // IPW effective sizes
  std::size_t control_rows = 0, treated_rows = 0;
  std::vector<std::string> covariates;
  // Share of each arm's rows in each of the 50 bins (for the chart).
  std::vector<double> histogram_control, histogram_treated;
  nlohmann::json to_json() const;
};

// `covariates` empty: every column but the treatment, the outcome, truth columns and
// `exclude`. The treatment must be binary (by schema).
DataOverlap data_overlap(const Table& table, const std::string& treatment,
                         const EvalOptions& options = {}, std::vector<std::string> covariates = {});

struct CausalReport {
  // τ: achieved (the truth column) against the target. Without targets only the achieved
  // mean and sd are known.
  double tau_mae = kNotAvailable, tau_rmse = kNotAvailable, tau_pearson = kNotAvailable;
  double ate_error = kNotAvailable;  // |mean achieved − mean target|
  double achieved_ate = kNotAvailable, target_ate = kNotAvailable, tau_sd = kNotAvailable;
  double tau_wasserstein1 = kNotAvailable;
  // κ
  double kappa_mae = kNotAvailable, kappa_mae_control = kNotAvailable,
         kappa_mae_treated = kNotAvailable, kappa_wasserstein1 = kNotAvailable;
  double kappa_mean = kNotAvailable;
  // Overlap (model): the log density ratio ℓ₀ − ℓ₁ against α.
  double log_density_ratio_mean = kNotAvailable, log_density_ratio_sd = kNotAvailable;
  double alpha_mean = kNotAvailable, alpha_sd = kNotAvailable;
  double overlap_mse = kNotAvailable, overlap_share_within = kNotAvailable;  // |ℓ₀−ℓ₁−α| ≤ 0.25
  DataOverlap data;
  std::vector<std::string> notes;
  nlohmann::json to_json() const;
};

// `targets` may be null (no target comparison) or have empty vectors for knobs not set.
CausalReport causal_control(const Table& synthetic, const std::string& treatment,
                            const CausalTargets* targets, const EvalOptions& options = {});

// ---------------------------------------------------------------- replicates

// Every numeric leaf of R reports of the same shape, as mean and sample sd (ddof 1); null
// (NaN) entries are skipped, a leaf that is null in every draw stays null. Arrays are
// matched by position, strings and other leaves are taken from the first draw.
struct ReplicateSummary {
  nlohmann::json mean, sd;
  int replicates = 0;
};
ReplicateSummary summarize_replicates(const std::vector<nlohmann::json>& draws);

}  // namespace causalmix
