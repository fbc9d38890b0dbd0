// The evaluation report: every figure of fidelity, privacy and causal control for one or
// more groups of synthetic draws (a prior each), as JSON, one offline HTML page with SVG
// charts, and a plain-text summary for the terminal.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "causalmix/metrics.hpp"
#include "causalmix/table.hpp"
#include "causalmix/truth.hpp"

namespace causalmix {

struct ReportSettings {
  EvalOptions options;  // seed, row limit, treatment, outcome, exclusions
  std::string title = "causalmix evaluation";
  std::string source;   // what was compared, for the header ("sandbox x.cmx vs data.csv")
  const Table* holdout = nullptr;  // real rows held out of fitting (DCR share), optional
  std::size_t chart_points = 1000;  // rows per group in scatter charts (PCA, τ, κ)
};

// Collects draws group by group; each draw is judged at once and only its figures are kept
// (the first draw of a group also keeps chart data), so R large tables need not coexist.
class ReportBuilder {
 public:
  ReportBuilder(const Table& real, ReportSettings settings);
  ~ReportBuilder();
  ReportBuilder(ReportBuilder&&) noexcept;

  // One synthetic table for `group` (a prior name, or "synthetic"). `targets` (optional)
  // are the knob targets on its rows. Causal metrics are computed when the settings name a
  // treatment that the table has.
  void add_draw(const std::string& group, const Table& synthetic, const CausalTargets* targets = nullptr);

  // The report: settings, the real table's description and charts, and per group the mean
  // and sd of every figure over its draws, plus chart data.
  nlohmann::json build() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// One self-contained page: inline CSS and SVG, no scripts, no network.
std::string render_report_html(const nlohmann::json& report);
// The headline figures per group (mean ± sd), for the terminal.
std::string render_report_text(const nlohmann::json& report);
// Creates `directory` if needed and writes report.json and report.html there, atomically.
void write_report(const nlohmann::json& report, const std::string& directory);

}  // namespace causalmix
