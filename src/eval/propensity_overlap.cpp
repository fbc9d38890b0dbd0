#include "eval/propensity_overlap.hpp"

#include <algorithm>
#include <cmath>

#include "eval/statistics.hpp"

namespace causalmix::eval {

void summarize_propensity(const std::vector<double>& e, const std::vector<int>& arms, DataOverlap& out) {
  out.auc = roc_auc(e, arms);
  out.treated_rows = static_cast<std::size_t>(std::count(arms.begin(), arms.end(), 1));
  out.control_rows = arms.size() - out.treated_rows;
  out.histogram_control.assign(kOverlapBins, 0.0);
  out.histogram_treated.assign(kOverlapBins, 0.0);
  double within[2] = {0, 0}, weight_sum[2] = {0, 0}, weight_squares[2] = {0, 0};
  for (std::size_t i = 0; i < e.size(); ++i) {
    const int arm = arms[i];
    const int bin = std::clamp(static_cast<int>(e[i] * kOverlapBins), 0, kOverlapBins - 1);
    (arm ? out.histogram_treated : out.histogram_control)[static_cast<std::size_t>(bin)] += 1.0;
    if (e[i] > 0.05 && e[i] < 0.95) within[arm] += 1;
    const double w = arm ? 1.0 / e[i] : 1.0 / (1.0 - e[i]);
    weight_sum[arm] += w;
    weight_squares[arm] += w * w;
  }
  const double nan = std::nan("");
  const double n_arm[2] = {static_cast<double>(out.control_rows), static_cast<double>(out.treated_rows)};
  for (int b = 0; b < kOverlapBins; ++b) {
    if (n_arm[0] > 0) out.histogram_control[static_cast<std::size_t>(b)] /= n_arm[0];
    if (n_arm[1] > 0) out.histogram_treated[static_cast<std::size_t>(b)] /= n_arm[1];
  }
  double overlap = 0.0;
  for (int b = 0; b < kOverlapBins; ++b)
    overlap += std::min(out.histogram_control[static_cast<std::size_t>(b)], out.histogram_treated[static_cast<std::size_t>(b)]);
  const bool both = n_arm[0] > 0 && n_arm[1] > 0;
  out.overlap_coefficient = both ? overlap : nan;
  out.share_within = e.empty() ? nan : (within[0] + within[1]) / (n_arm[0] + n_arm[1]);
  out.share_within_control = n_arm[0] > 0 ? within[0] / n_arm[0] : nan;
  out.share_within_treated = n_arm[1] > 0 ? within[1] / n_arm[1] : nan;
  out.ess_control = n_arm[0] > 0 ? weight_sum[0] * weight_sum[0] / weight_squares[0] : nan;
  out.ess_treated = n_arm[1] > 0 ? weight_sum[1] * weight_sum[1] / weight_squares[1] : nan;
}

}  // namespace causalmix::eval
