// The terminal summary: headline figures per group as mean ± sd, and the notes.
#include <cmath>
#include <cstdio>
#include <set>

#include "causalmix/report.hpp"
#include "eval/svg_plot.hpp"

namespace causalmix {

namespace {
using nlohmann::json;

const json& at(const json& root, const std::vector<const char*>& path) {
  static const json null_value;
  const json* node = &root;
  for (const char* key : path) {
    if (!node->is_object() || !node->contains(key)) return null_value;
    node = &(*node)[key];
  }
  return *node;
}

std::string pad(const std::string& text, std::size_t width) {
  // Width in code points, so labels with κ or ² line up.
  std::size_t points = 0;
  for (unsigned char c : text) points += (c & 0xC0) != 0x80;
  return text + std::string(width > points ? width - points : 1, ' ');
}
}  // namespace

std::string render_report_text(const json& report) {
  const json& groups = report["groups"];
  struct Row {
    const char* label;
    std::vector<const char*> path;
  };
  const std::vector<Row> rows = {
      {"KS complement", {"fidelity", "ks_complement"}},
      {"TV complement", {"fidelity", "tv_complement"}},
      {"normalised W1", {"fidelity", "normalised_wasserstein1"}},
      {"correlation similarity", {"fidelity", "correlation_similarity"}},
      {"contingency similarity", {"fidelity", "contingency_similarity"}},
      {"C2ST AUC", {"fidelity", "detection", "auc"}},
      {"C2ST score", {"fidelity", "detection", "score"}},
      {"MMD²", {"fidelity", "distance", "mmd2"}},
      {"MMD² stratified", {"fidelity", "distance", "mmd2_stratified"}},
      {"MMD² ratio (real halves)", {"fidelity", "distance", "mmd2_ratio"}},
      {"energy / E|X−X′|", {"fidelity", "distance", "energy_normalised"}},
      {"DCR median", {"privacy", "dcr_median"}},
      {"DCR 5th percentile", {"privacy", "dcr_p05"}},
      {"DCR share vs holdout", {"privacy", "dcr_share"}},
      {"exact copies", {"privacy", "exact_copy_share"}},
      {"NNDR median", {"privacy", "nndr_median"}},
      {"τ MAE", {"causal", "tau_mae"}},
      {"τ RMSE", {"causal", "tau_rmse"}},
      {"τ Pearson", {"causal", "tau_pearson"}},
      {"|ATE error|", {"causal", "ate_error"}},
      {"achieved ATE", {"causal", "achieved_ate"}},
      {"κ MAE", {"causal", "kappa_mae"}},
      {"overlap MSE (ℓ₀−ℓ₁ vs α)", {"causal", "overlap_mse"}},
      {"share within 0.25 of α", {"causal", "overlap_share_within"}},
      {"propensity AUC", {"causal", "data_overlap", "auc"}},
      {"overlap coefficient", {"causal", "data_overlap", "overlap_coefficient"}},
  };
  constexpr std::size_t kLabel = 28, kCell = 22;
  std::string out = pad("", kLabel);
  for (const auto& g : groups)
    out += pad(g["name"].get<std::string>() + " (" + std::to_string(g["replicates"].get<int>()) + ")", kCell);
  out += "\n";
  for (const auto& row : rows) {
    std::string line = pad(row.label, kLabel);
    bool any = false;
    for (const auto& g : groups) {
      const json& mean = at(g["mean"], row.path);
      const json& sd = at(g["sd"], row.path);
      std::string cell = "-";
      if (mean.is_number()) {
        any = true;
        cell = eval::format_number(mean.get<double>());
        if (sd.is_number()) cell += " ± " + eval::format_number(sd.get<double>(), 2);
      }
      line += pad(cell, kCell);
    }
    if (any) out += line + "\n";
  }
  if (report.contains("real") && report["real"]["data_overlap"].is_object()) {
    const json& o = report["real"]["data_overlap"];
    out += pad("real: propensity AUC", kLabel) + eval::format_number(o.value("auc", std::nan(""))) +
           ", overlap coefficient " + eval::format_number(o["overlap_coefficient"].is_number() ? o["overlap_coefficient"].get<double>() : std::nan("")) + "\n";
  }
  std::set<std::string> seen;
  for (const auto& g : groups)
    for (const char* part : {"fidelity", "privacy", "causal"}) {
      const json& notes = at(g["mean"], {part, "notes"});
      if (notes.is_array())
        for (const auto& n : notes)
          if (n.is_string() && seen.insert(n.get<std::string>()).second) out += "note: " + n.get<std::string>() + "\n";
    }
  return out;
}

}  // namespace causalmix
