// The headline figures of a report, in display order: one list for the terminal summary and
// the HTML summary table, so the two never disagree on what is shown.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace causalmix::eval {

struct SummaryRow {
  const char* label;       // short, for the terminal
  const char* html_label;  // with the direction of "good", for the page
  std::vector<const char*> path;  // into a group's "mean" / "sd" JSON
};

// The node at `path` below `root`, or a null node when any step is missing.
inline const nlohmann::json& json_at_path(const nlohmann::json& root, const std::vector<const char*>& path) {
  static const nlohmann::json null_value;
  const nlohmann::json* node = &root;
  for (const char* key : path) {
    if (!node->is_object() || !node->contains(key)) return null_value;
    node = &(*node)[key];
  }
  return *node;
}

inline const std::vector<SummaryRow>& summary_rows() {
  static const std::vector<SummaryRow> rows = {
      {"KS complement", "KS complement (→ 1)", {"fidelity", "ks_complement"}},
      {"TV complement", "TV complement (→ 1)", {"fidelity", "tv_complement"}},
      {"normalised W1", "normalised W1 (→ 0)", {"fidelity", "normalised_wasserstein1"}},
      {"correlation similarity", "correlation similarity (→ 1)", {"fidelity", "correlation_similarity"}},
      {"contingency similarity", "contingency similarity (→ 1)", {"fidelity", "contingency_similarity"}},
      {"C2ST AUC", "C2ST AUC (→ 0.5)", {"fidelity", "detection", "auc"}},
      {"C2ST score", "C2ST score 1 − 2|AUC − ½| (→ 1)", {"fidelity", "detection", "score"}},
      {"MMD²", "MMD² (unbiased, → 0)", {"fidelity", "distance", "mmd2"}},
      {"MMD² stratified", "MMD² stratified by treatment", {"fidelity", "distance", "mmd2_stratified"}},
      {"MMD² ratio (real halves)", "MMD² ratio to real halves (→ 1)", {"fidelity", "distance", "mmd2_ratio"}},
      {"energy / E|X−X′|", "energy distance / E|X−X′| (→ 0)", {"fidelity", "distance", "energy_normalised"}},
      {"DCR median", "DCR median", {"privacy", "dcr_median"}},
      {"DCR 5th percentile", "DCR 5th percentile", {"privacy", "dcr_p05"}},
      {"DCR share vs holdout", "DCR share vs holdout (→ 0.5)", {"privacy", "dcr_share"}},
      {"exact copies", "exact copies (→ 0)", {"privacy", "exact_copy_share"}},
      {"NNDR median", "NNDR median (→ 1)", {"privacy", "nndr_median"}},
      {"τ MAE", "τ MAE", {"causal", "tau_mae"}},
      {"τ RMSE", "τ RMSE", {"causal", "tau_rmse"}},
      {"τ Pearson", "τ Pearson", {"causal", "tau_pearson"}},
      {"|ATE error|", "|ATE error|", {"causal", "ate_error"}},
      {"achieved ATE", "achieved ATE", {"causal", "achieved_ate"}},
      {"κ MAE", "κ MAE", {"causal", "kappa_mae"}},
      {"overlap MSE (ℓ₀−ℓ₁ vs α)", "overlap MSE (ℓ₀ − ℓ₁ vs α)", {"causal", "overlap_mse"}},
      {"share within 0.25 of α", "share within 0.25 of α", {"causal", "overlap_share_within"}},
      {"propensity AUC", "propensity AUC (data)", {"causal", "data_overlap", "auc"}},
      {"overlap coefficient", "overlap coefficient (data)", {"causal", "data_overlap", "overlap_coefficient"}},
  };
  return rows;
}

}  // namespace causalmix::eval
