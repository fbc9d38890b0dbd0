// Builds the report JSON: the real table's side once (marginal bins, PCA axes, its own
// propensity overlap), then per group the figures of each draw, summarised over draws, and
// chart data from the group's first draw.
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "causalmix/error.hpp"
#include "causalmix/report.hpp"
#include "eval/json_number.hpp"
#include "eval/statistics.hpp"
#include "eval/table_features.hpp"

namespace causalmix {

namespace {

using eval::json_number;
using nlohmann::json;

constexpr int kMarginalBins = 30;
constexpr int kTruthBins = 30;
enum Stream : std::uint64_t { kPcaFit = 101, kPcaReal = 102, kPcaSynthetic = 103, kTruthPoints = 104 };

json numbers(const std::vector<double>& values) {
  json out = json::array();
  for (double v : values) out.push_back(json_number(v));
  return out;
}

// Shares of `values` in equal-width bins over [edges.front(), edges.back()]; values outside
// are counted in `outside` instead (so a chart never stretches to one stray value).
std::vector<double> histogram_density(const std::vector<double>& values, const std::vector<double>& edges,
                                      double& outside) {
  const int bins = static_cast<int>(edges.size()) - 1;
  std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
  double n = 0, out = 0;
  const double lo = edges.front(), hi = edges.back(), width = (hi - lo) / bins;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    n += 1;
    if (v < lo || v > hi) {
      out += 1;
      continue;
    }
    const int b = width > 0 ? std::min(static_cast<int>((v - lo) / width), bins - 1) : 0;
    counts[static_cast<std::size_t>(b)] += 1;
  }
  for (double& c : counts) c = n > 0 ? c / (n * (width > 0 ? width : 1.0)) : 0.0;
  outside = n > 0 ? out / n : kNotAvailable;
  return counts;
}

std::vector<double> equal_edges(double lo, double hi, int bins) {
  if (!(hi > lo)) {  // a constant column: one unit-wide bin around it
    lo -= 0.5;
    hi += 0.5;
  }
  std::vector<double> edges(static_cast<std::size_t>(bins) + 1);
  for (int k = 0; k <= bins; ++k) edges[static_cast<std::size_t>(k)] = lo + (hi - lo) * k / bins;
  return edges;
}

// Level shares by label over the real levels plus a final "other" slot.
std::vector<double> level_shares(const Column& column, const std::vector<std::string>& levels) {
  std::vector<double> shares(levels.size() + 1, 0.0);
  double n = 0;
  for (int code : eval::codes_by_label(column, levels)) {
    if (code == -2) continue;
    shares[code >= 0 ? static_cast<std::size_t>(code) : levels.size()] += 1;
    n += 1;
  }
  for (double& s : shares) s = n > 0 ? s / n : 0.0;
  return shares;
}

}  // namespace

struct ReportBuilder::State {
  const Table* real = nullptr;
  ReportSettings settings;
  std::vector<std::string> columns;
  json marginals = json::array();  // per column: name, type, edges|levels, real
  eval::FeatureEncoder encoder;
  Eigen::VectorXd pca_mean;
  Eigen::MatrixXd pca_axes;  // width × 2
  json pca = json::object();
  json real_overlap;  // null without treatment
  struct Group {
    std::string name;
    std::vector<json> draws;
    json charts;
  };
  std::vector<Group> groups;

  json marginal_shares(const Table& synthetic) const {
    json out = json::array();
    for (const auto& m : marginals) {
      const std::string name = m["name"];
      const auto index = synthetic.find(name);
      if (!index) {
        out.push_back(nullptr);
        continue;
      }
      const Column& column = synthetic.columns[*index];
      if (m.contains("levels")) {
        out.push_back({{"shares", numbers(level_shares(column, m["levels"].get<std::vector<std::string>>()))}});
      } else {
        double outside = 0;
        const auto density = histogram_density(column.values, m["edges"].get<std::vector<double>>(), outside);
        out.push_back({{"density", numbers(density)}, {"outside", json_number(outside)}});
      }
    }
    return out;
  }

  json project(const Table& table, Rng rng) const {
    const auto rows = eval::subsample_rows(table.rows(), settings.chart_points, rng);
    const Eigen::MatrixXd scores = (encoder.encode(table, rows).rowwise() - pca_mean.transpose()) * pca_axes;
    json points = json::array();
    for (Eigen::Index i = 0; i < scores.rows(); ++i) points.push_back({json_number(scores(i, 0)), json_number(scores(i, 1))});
    return points;
  }

  json truth_chart(const Column& achieved, const std::vector<double>& target, Rng rng) const {
    std::vector<double> a, t;
    for (std::size_t i = 0; i < target.size() && i < achieved.values.size(); ++i)
      if (std::isfinite(achieved.values[i]) && std::isfinite(target[i])) {
        a.push_back(achieved.values[i]);
        t.push_back(target[i]);
      }
    if (a.empty()) return nullptr;
    const auto [amin, amax] = std::minmax_element(a.begin(), a.end());
    const auto [tmin, tmax] = std::minmax_element(t.begin(), t.end());
    const auto edges = equal_edges(std::min(*amin, *tmin), std::max(*amax, *tmax), kTruthBins);
    double outside = 0;
    json points = json::array();
    for (std::size_t i : eval::subsample_rows(a.size(), settings.chart_points, rng))
      points.push_back({json_number(t[i]), json_number(a[i])});
    return {{"points", points},
            {"edges", numbers(edges)},
            {"achieved_density", numbers(histogram_density(a, edges, outside))},
            {"target_density", numbers(histogram_density(t, edges, outside))}};
  }
};

ReportBuilder::ReportBuilder(const Table& real, ReportSettings settings) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.real = &real;
  s.settings = std::move(settings);
  if (real.rows() == 0) throw Error("the real table has no rows to evaluate against");
  for (const Column& c : real.columns) {
    if (eval::is_truth_column(c.name)) continue;
    const auto& exclude = s.settings.options.exclude;
    if (std::find(exclude.begin(), exclude.end(), c.name) != exclude.end()) continue;
    s.columns.push_back(c.name);
    json m = {{"name", c.name}, {"type", to_string(c.type)}};
    if (c.discrete()) {
      m["levels"] = c.levels;
      m["real"] = numbers(level_shares(c, c.levels));
    } else {
      const auto finite = eval::finite_values(c.values);
      const auto [lo, hi] = finite.empty() ? std::pair{0.0, 1.0}
                                           : std::pair{*std::min_element(finite.begin(), finite.end()),
                                                       *std::max_element(finite.begin(), finite.end())};
      // An integer column with a short range gets one bar per value (30 equal bins would
      // leave empty gaps between the integers).
      const bool unit_bins = c.type == ColumnType::Integer && hi - lo <= 2.0 * kMarginalBins;
      const auto edges = unit_bins ? equal_edges(lo - 0.5, hi + 0.5, static_cast<int>(hi - lo) + 1)
                                   : equal_edges(lo, hi, kMarginalBins);
      double outside = 0;
      m["edges"] = numbers(edges);
      m["real"] = numbers(histogram_density(c.values, edges, outside));
    }
    s.marginals.push_back(std::move(m));
  }
  if (s.columns.empty()) throw Error("the real table has no column to evaluate");

  // PCA axes from (at most row_limit) real rows on the metrics' encoding.
  s.encoder = eval::FeatureEncoder::fit(real, s.columns);
  Rng fit_rng = Rng(s.settings.options.seed).derive(kPcaFit);
  const Eigen::MatrixXd fit_rows = s.encoder.encode(real, eval::subsample_rows(real.rows(), s.settings.options.row_limit, fit_rng));
  s.pca_mean = fit_rows.colwise().mean().transpose();
  const Eigen::MatrixXd centred = fit_rows.rowwise() - s.pca_mean.transpose();
  const Eigen::MatrixXd covariance = centred.transpose() * centred / std::max<double>(1.0, static_cast<double>(fit_rows.rows() - 1));
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(covariance);
  const Eigen::Index width = covariance.rows();
  s.pca_axes = Eigen::MatrixXd::Zero(width, 2);
  json explained = json::array();
  const double total = std::max(eigen.eigenvalues().sum(), 1e-300);
  for (Eigen::Index k = 0; k < 2 && k < width; ++k) {
    Eigen::VectorXd axis = eigen.eigenvectors().col(width - 1 - k);
    // Sign fixed so the largest loading is positive: the same data give the same picture.
    Eigen::Index largest = 0;
    axis.cwiseAbs().maxCoeff(&largest);
    if (axis[largest] < 0) axis = -axis;
    s.pca_axes.col(k) = axis;
    explained.push_back(json_number(eigen.eigenvalues()[width - 1 - k] / total));
  }
  s.pca = {{"explained", explained}, {"fit_rows", fit_rows.rows()},
           {"real", s.project(real, Rng(s.settings.options.seed).derive(kPcaReal))}};

  const auto& treatment = s.settings.options.treatment;
  if (!treatment.empty() && real.find(treatment)) s.real_overlap = data_overlap(real, treatment, s.settings.options).to_json();
}

ReportBuilder::~ReportBuilder() = default;
ReportBuilder::ReportBuilder(ReportBuilder&&) noexcept = default;

void ReportBuilder::add_draw(const std::string& group, const Table& synthetic, const CausalTargets* targets) {
  State& s = *state_;
  const EvalOptions& options = s.settings.options;
  json draw;
  draw["fidelity"] = fidelity(*s.real, synthetic, options).to_json();
  draw["privacy"] = privacy(*s.real, s.settings.holdout, synthetic, options).to_json();
  const bool causal = !options.treatment.empty() && synthetic.find(options.treatment);
  if (causal) draw["causal"] = causal_control(synthetic, options.treatment, targets, options).to_json();

  auto it = std::find_if(s.groups.begin(), s.groups.end(), [&](const State::Group& g) { return g.name == group; });
  if (it == s.groups.end()) {
    State::Group g;
    g.name = group;
    g.charts["marginals"] = s.marginal_shares(synthetic);
    try {
      g.charts["pca"] = s.project(synthetic, Rng(options.seed).derive(kPcaSynthetic));
    } catch (const Error&) {
      g.charts["pca"] = nullptr;  // a compared column is missing from this table
    }
    if (causal && targets) {
      Rng rng = Rng(options.seed).derive(kTruthPoints);
      if (auto tau = synthetic.find(truth::kTau); tau && !targets->tau.empty())
        g.charts["tau"] = s.truth_chart(synthetic.columns[*tau], targets->tau, rng);
      if (auto kappa = synthetic.find(truth::kKappa); kappa && !targets->kappa.empty())
        g.charts["kappa"] = s.truth_chart(synthetic.columns[*kappa], targets->kappa, rng);
    }
    s.groups.push_back(std::move(g));
    it = s.groups.end() - 1;
  }
  it->draws.push_back(std::move(draw));
}

json ReportBuilder::build() const {
  const State& s = *state_;
  const EvalOptions& o = s.settings.options;
  json report;
  report["title"] = s.settings.title;
  report["source"] = s.settings.source;
  report["settings"] = {{"seed", o.seed}, {"row_limit", o.row_limit}, {"folds", o.folds},
                        {"inverse_regularisation", o.inverse_regularisation},
                        {"contingency_bins", o.contingency_bins}, {"treatment", o.treatment},
                        {"outcome", o.outcome}, {"exclude", o.exclude},
                        {"holdout_rows", s.settings.holdout ? s.settings.holdout->rows() : 0}};
  json real_columns = json::array();
  for (const auto& name : s.columns) {
    const Column& c = s.real->column(name);
    real_columns.push_back({{"name", c.name}, {"type", to_string(c.type)}, {"levels", c.levels}});
  }
  report["real"] = {{"rows", s.real->rows()}, {"columns", real_columns}, {"marginals", s.marginals},
                    {"pca", s.pca}, {"data_overlap", s.real_overlap}};
  report["groups"] = json::array();
  for (const auto& g : s.groups) {
    const auto summary = summarize_replicates(g.draws);
    report["groups"].push_back({{"name", g.name}, {"replicates", summary.replicates},
                                {"mean", summary.mean}, {"sd", summary.sd}, {"charts", g.charts}});
  }
  return report;
}

}  // namespace causalmix
