#include "eval/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace causalmix::eval {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> sorted_copy(std::span<const double> values) {
  std::vector<double> out(values.begin(), values.end());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

double mean(std::span<const double> values) {
  if (values.empty()) return kNaN;
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double population_sd(std::span<const double> values) {
  if (values.empty()) return kNaN;
  const double m = mean(values);
  double sum = 0.0;
  for (double v : values) sum += (v - m) * (v - m);
  return std::sqrt(sum / static_cast<double>(values.size()));
}

double sample_sd(std::span<const double> values) {
  if (values.size() < 2) return kNaN;
  const double m = mean(values);
  double sum = 0.0;
  for (double v : values) sum += (v - m) * (v - m);
  return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

double ks_statistic(std::span<const double> a, std::span<const double> b) {
  if (a.empty() || b.empty()) return kNaN;
  const auto x = sorted_copy(a), y = sorted_copy(b);
  const double nx = static_cast<double>(x.size()), ny = static_cast<double>(y.size());
  std::size_t i = 0, j = 0;
  double worst = 0.0;
  // Walk the merged order; compare the CDFs only after every copy of a tied value.
  while (i < x.size() && j < y.size()) {
    const double v = std::min(x[i], y[j]);
    while (i < x.size() && x[i] == v) ++i;
    while (j < y.size() && y[j] == v) ++j;
    worst = std::max(worst, std::abs(static_cast<double>(i) / nx - static_cast<double>(j) / ny));
  }
  return worst;
}

double wasserstein1(std::span<const double> a, std::span<const double> b) {
  if (a.empty() || b.empty()) return kNaN;
  const auto x = sorted_copy(a), y = sorted_copy(b);
  const double nx = static_cast<double>(x.size()), ny = static_cast<double>(y.size());
  std::size_t i = 0, j = 0;
  double total = 0.0;
  double previous = std::min(x.front(), y.front());
  // Integrate |F_x − F_y| between consecutive points of the merged sample.
  while (i < x.size() || j < y.size()) {
    double v;
    if (j >= y.size() || (i < x.size() && x[i] <= y[j])) v = x[i];
    else v = y[j];
    total += std::abs(static_cast<double>(i) / nx - static_cast<double>(j) / ny) * (v - previous);
    while (i < x.size() && x[i] == v) ++i;
    while (j < y.size() && y[j] == v) ++j;
    previous = v;
  }
  return total;
}

double pearson(std::span<const double> a, std::span<const double> b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n < 2) return kNaN;
  // A constant side has no correlation; test it exactly, since the mean of n copies of 0.1
  // is not exactly 0.1 and would leave round-off "variance".
  const auto constant = [n](std::span<const double> v) {
    return std::all_of(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n), [&](double x) { return x == v[0]; });
  };
  if (constant(a) || constant(b)) return kNaN;
  const double ma = mean(a.first(n)), mb = mean(b.first(n));
  double saa = 0.0, sbb = 0.0, sab = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double da = a[i] - ma, db = b[i] - mb;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
  }
  if (saa <= 0.0 || sbb <= 0.0) return kNaN;
  return std::clamp(sab / std::sqrt(saa * sbb), -1.0, 1.0);
}

double quantile_sorted(std::span<const double> sorted, double probability) {
  if (sorted.empty()) return kNaN;
  const double position = probability * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const std::size_t upper = std::min(lower + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(lower);
  return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
}

double roc_auc(std::span<const double> scores, std::span<const int> labels) {
  const std::size_t n = scores.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t l, std::size_t r) { return scores[l] < scores[r]; });
  // Mann–Whitney U from mid-ranks of the positives.
  double positive_rank_sum = 0.0;
  std::size_t positives = 0;
  for (std::size_t start = 0; start < n;) {
    std::size_t end = start;
    while (end < n && scores[order[end]] == scores[order[start]]) ++end;
    const double mid_rank = 0.5 * static_cast<double>(start + 1 + end);
    for (std::size_t k = start; k < end; ++k)
      if (labels[order[k]] == 1) {
        positive_rank_sum += mid_rank;
        ++positives;
      }
    start = end;
  }
  const std::size_t negatives = n - positives;
  if (positives == 0 || negatives == 0) return kNaN;
  const double p = static_cast<double>(positives), q = static_cast<double>(negatives);
  return (positive_rank_sum - p * (p + 1.0) / 2.0) / (p * q);
}

std::vector<double> finite_values(std::span<const double> values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values)
    if (std::isfinite(v)) out.push_back(v);
  return out;
}

}  // namespace causalmix::eval
