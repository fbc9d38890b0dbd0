// The overlap a propensity score shows: AUC, overlap coefficient on 50 bins of [0, 1], share
// of rows with 0.05 < ê < 0.95 (overall and per arm) and the IPW effective sample sizes.
#pragma once

#include <vector>

#include "causalmix/metrics.hpp"

namespace causalmix::eval {

inline constexpr int kOverlapBins = 50;

// `e` the propensity per row, `arms` 0 (control) or 1 (treated) per row. Fills every figure
// of `out` but the covariates; an empty arm gives NaN for its figures.
void summarize_propensity(const std::vector<double>& e, const std::vector<int>& arms, DataOverlap& out);

}  // namespace causalmix::eval
