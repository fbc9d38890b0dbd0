// report.html: one offline page (inline CSS, inline SVG, no scripts) drawn from the report
// JSON alone, so a saved report.json can be re-rendered. Every chart has its figures in a
// table beside it.
#include <algorithm>
#include <cmath>
#include <set>

#include "causalmix/report.hpp"
#include "eval/summary_rows.hpp"
#include "eval/json_number.hpp"
#include "eval/statistics.hpp"
#include "eval/svg_plot.hpp"

namespace causalmix {

namespace {

using eval::escape_xml;
using eval::format_number;
using nlohmann::json;

constexpr const char* kRealColour = "#555555";
const char* group_colour(std::size_t index) {
  static const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"};
  return palette[index % 6];
}
constexpr const char* kControlColour = "#1f77b4";
constexpr const char* kTreatedColour = "#ff7f0e";


double number(const json& j) { return j.is_number() ? j.get<double>() : kNotAvailable; }
std::vector<double> numbers(const json& j) {
  std::vector<double> out;
  if (j.is_array())
    for (const auto& v : j) out.push_back(number(v));
  return out;
}

// "mean ± sd" of a figure of a group (sd only with two or more replicates).
std::string figure(const json& group, const std::vector<const char*>& path, int digits = 3) {
  const double mean = number(eval::json_at_path(group["mean"], path));
  const double sd = number(eval::json_at_path(group["sd"], path));
  std::string out = format_number(mean, digits);
  if (std::isfinite(mean) && std::isfinite(sd)) out += " <span class=\"sd\">± " + format_number(sd, 2) + "</span>";
  return out;
}

std::string figure_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table class=\"figures\"><tr>";
  for (const auto& h : header) out += "<th>" + h + "</th>";
  out += "</tr>";
  for (const auto& row : rows) {
    out += "<tr>";
    for (std::size_t k = 0; k < row.size(); ++k) out += (k == 0 ? "<th>" : "<td>") + row[k] + (k == 0 ? "</th>" : "</td>");
    out += "</tr>";
  }
  return out + "</table>";
}

std::string figure_block(const std::string& svg, const std::string& table, const std::string& caption = "") {
  return "<div class=\"figure\"><div class=\"plot\">" + svg + "</div><div class=\"side\">" +
         (caption.empty() ? "" : "<p class=\"caption\">" + caption + "</p>") + table + "</div></div>";
}

double max_finite(const std::vector<double>& values, double floor = 0.0) {
  double out = floor;
  for (double v : values)
    if (std::isfinite(v)) out = std::max(out, v);
  return out;
}

struct Page {
  std::string body;
  int charts = 0;
  void chart(const std::string& block) {
    body += block;
    ++charts;
  }
};

std::vector<std::string> group_header(const json& groups, const std::string& first) {
  std::vector<std::string> out = {first};
  for (const auto& g : groups) out.push_back(escape_xml(g["name"].get<std::string>()));
  return out;
}

// ------------------------------------------------------------------ sections

void summary_section(const json& report, Page& page) {
  const json& groups = report["groups"];
  const auto& rows = eval::summary_rows();

  std::vector<std::vector<std::string>> table;
  for (const auto& row : rows) {
    bool any = false;
    std::vector<std::string> cells = {row.html_label};
    for (const auto& g : groups) {
      any = any || std::isfinite(number(eval::json_at_path(g["mean"], row.path)));
      cells.push_back(figure(g, row.path));
    }
    if (any) table.push_back(std::move(cells));
  }
  page.body += "<h2 id=\"summary\">Summary</h2><p>Mean <span class=\"sd\">± sd</span> over each group's draws.</p>" +
               figure_table(group_header(groups, "metric"), table);
}

void marginal_section(const json& report, Page& page) {
  const json& groups = report["groups"];
  const json& marginals = report["real"]["marginals"];
  page.body += "<h2 id=\"fidelity\">Fidelity</h2><h3>Marginals</h3><p>Real (grey, filled) against the first draw of "
               "each group; figures are means over draws.</p><div class=\"grid\">";
  for (std::size_t c = 0; c < marginals.size(); ++c) {
    const json& m = marginals[c];
    const std::string name = m["name"];
    eval::SvgPlot plot(420, 250, "Marginal of " + name);
    std::vector<eval::LegendItem> legend = {{"real", kRealColour, true}};
    std::vector<std::vector<std::string>> rows;
    const bool discrete = m.contains("levels");
    if (discrete) {
      auto levels = m["levels"].get<std::vector<std::string>>();
      std::vector<std::vector<double>> series = {numbers(m["real"])};
      for (const auto& g : groups) series.push_back(numbers(eval::json_at_path(g["charts"], {"marginals"}).is_array() &&
                                                                    g["charts"]["marginals"].size() > c &&
                                                                    g["charts"]["marginals"][c].is_object()
                                                                ? g["charts"]["marginals"][c]["shares"]
                                                                : json()));
      // The "other" slot (labels the real table lacks) only when some table uses it.
      bool other = false;
      for (const auto& s : series)
        if (!s.empty() && s.back() > 0) other = true;
      if (other) levels.push_back("(other)");
      double top = 0;
      for (auto& s : series) {
        s.resize(levels.size(), 0.0);
        top = std::max(top, max_finite(s));
      }
      plot.set_x_categories(levels, name);
      plot.set_y(0, top * 1.1, "share of rows");
      for (std::size_t k = 0; k < series.size(); ++k)
        plot.bars(series[k], static_cast<int>(k), static_cast<int>(series.size()), k == 0 ? kRealColour : group_colour(k - 1));
      for (std::size_t k = 0; k < groups.size(); ++k)
        legend.push_back({groups[k]["name"].get<std::string>(), group_colour(k), true});
    } else {
      const auto edges = numbers(m["edges"]);
      const auto real = numbers(m["real"]);
      double top = max_finite(real);
      std::vector<std::vector<double>> densities;
      for (const auto& g : groups) {
        const json& gm = eval::json_at_path(g["charts"], {"marginals"});
        densities.push_back(gm.is_array() && gm.size() > c && gm[c].is_object() ? numbers(gm[c]["density"]) : std::vector<double>{});
        top = std::max(top, max_finite(densities.back()));
      }
      plot.set_x(edges.front(), edges.back(), name);
      plot.set_y(0, top * 1.1, "density");
      plot.step(edges, real, kRealColour, 1.2, true, 0.35);
      for (std::size_t k = 0; k < densities.size(); ++k) {
        plot.step(edges, densities[k], group_colour(k), 2.0);
        legend.push_back({groups[k]["name"].get<std::string>(), group_colour(k), false});
      }
    }
    plot.legend(legend);
    // Figures per group for this column.
    for (const auto& g : groups) {
      const json& columns = eval::json_at_path(g["mean"], {"fidelity", "columns"});
      std::size_t index = columns.size();
      for (std::size_t k = 0; k < columns.size(); ++k)
        if (columns[k]["name"] == name) index = k;
      if (index == columns.size()) {
        rows.push_back({escape_xml(g["name"].get<std::string>()), "–", "–"});
        continue;
      }
      auto cell = [&](const char* key) {
        const double mean = number(g["mean"]["fidelity"]["columns"][index][key]);
        const double sd = number(g["sd"]["fidelity"]["columns"][index][key]);
        std::string s = format_number(mean);
        if (std::isfinite(sd)) s += " <span class=\"sd\">± " + format_number(sd, 2) + "</span>";
        return s;
      };
      if (discrete) rows.push_back({escape_xml(g["name"].get<std::string>()), cell("tv_complement")});
      else rows.push_back({escape_xml(g["name"].get<std::string>()), cell("ks_complement"), cell("normalised_wasserstein1")});
    }
    const auto header = discrete ? std::vector<std::string>{"group", "TV compl."}
                                 : std::vector<std::string>{"group", "KS compl.", "W1 / sd"};
    page.chart(figure_block(plot.finish(), figure_table(header, rows),
                            "<b>" + escape_xml(name) + "</b> (" + escape_xml(m["type"].get<std::string>()) + ")"));
  }
  page.body += "</div>";
}

void pair_section(const json& report, Page& page) {
  const json& groups = report["groups"];
  std::vector<std::string> names;
  for (const auto& c : report["real"]["marginals"]) names.push_back(c["name"]);
  page.body += "<h3>Pairwise similarity</h3><p>Off the diagonal: correlation similarity for two numerical columns, "
               "contingency similarity otherwise; on the diagonal: the column's KS or TV complement. Means over draws.</p>";
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const json& g = groups[gi];
    const std::size_t n = names.size();
    std::vector<std::vector<double>> values(n, std::vector<double>(n, kNotAvailable));
    auto index = [&](const std::string& name) {
      return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
    };
    const json& columns = eval::json_at_path(g["mean"], {"fidelity", "columns"});
    for (const auto& c : columns) {
      const std::size_t i = index(c["name"]);
      if (i < n) values[i][i] = c.contains("tv_complement") ? number(c["tv_complement"]) : number(c["ks_complement"]);
    }
    std::vector<std::tuple<double, std::string, std::string>> pairs;
    for (const auto& p : eval::json_at_path(g["mean"], {"fidelity", "pairs"})) {
      const std::size_t i = index(p["first"]), j = index(p["second"]);
      if (i >= n || j >= n) continue;
      values[i][j] = values[j][i] = number(p["similarity"]);
      pairs.emplace_back(number(p["similarity"]), p["first"], p["second"]);
    }
    double low = 1.0;
    for (const auto& row : values)
      for (double v : row)
        if (std::isfinite(v)) low = std::min(low, v);
    low = std::min(0.8, std::floor(low * 10) / 10);
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
      const double x = std::isfinite(std::get<0>(a)) ? std::get<0>(a) : 2, y = std::isfinite(std::get<0>(b)) ? std::get<0>(b) : 2;
      return x < y;
    });
    std::vector<std::vector<std::string>> rows;
    for (std::size_t k = 0; k < pairs.size() && k < 8; ++k)
      rows.push_back({escape_xml(std::get<1>(pairs[k]) + " × " + std::get<2>(pairs[k])), format_number(std::get<0>(pairs[k]))});
    const std::string name = g["name"];
    page.chart(figure_block(
        eval::heatmap_svg(names, values, "Pairwise similarity, " + name, low),
        figure_table({"lowest pairs", "similarity"}, rows) +
            figure_table({"mean", escape_xml(name)},
                         {{"correlation", figure(g, {"fidelity", "correlation_similarity"})},
                          {"contingency", figure(g, {"fidelity", "contingency_similarity"})}}),
        "<b>" + escape_xml(name) + "</b>"));
  }
}

std::pair<double, double> robust_range(std::vector<double> values) {
  values = eval::finite_values(values);
  if (values.empty()) return {0, 1};
  std::sort(values.begin(), values.end());
  double lo = eval::quantile_sorted(values, 0.005), hi = eval::quantile_sorted(values, 0.995);
  const double pad = 0.05 * (hi - lo + 1e-9);
  return {lo - pad, hi + pad};
}

std::vector<std::pair<double, double>> point_pairs(const json& points) {
  std::vector<std::pair<double, double>> out;
  if (points.is_array())
    for (const auto& p : points) out.emplace_back(number(p[0]), number(p[1]));
  return out;
}

void pca_section(const json& report, Page& page) {
  const json& groups = report["groups"];
  const json& pca = report["real"]["pca"];
  const auto real = point_pairs(pca["real"]);
  const auto explained = numbers(pca["explained"]);
  page.body += "<h3>Real and synthetic rows on the real data's first two principal components</h3>"
               "<p>PCA fitted on the real rows (z-scores and one-hot, as the detection model sees them).</p>";
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const json& g = groups[gi];
    const auto synthetic = point_pairs(eval::json_at_path(g["charts"], {"pca"}));
    std::vector<double> xs, ys;
    for (const auto& p : real) xs.push_back(p.first), ys.push_back(p.second);
    for (const auto& p : synthetic) xs.push_back(p.first), ys.push_back(p.second);
    const auto [x0, x1] = robust_range(xs);
    const auto [y0, y1] = robust_range(ys);
    const std::string name = g["name"];
    auto pc = [&](std::size_t k) {
      return "PC" + std::to_string(k + 1) + (k < explained.size() ? " (" + format_number(100 * explained[k], 2) + " % of variance)" : "");
    };
    eval::SvgPlot plot(460, 360, "PCA map, real vs " + name);
    plot.set_x(x0, x1, pc(0));
    plot.set_y(y0, y1, pc(1));
    plot.points(real, kRealColour, 2.0, 0.35);
    plot.points(synthetic, group_colour(gi), 2.0, 0.35);
    plot.legend({{"real", kRealColour, true}, {name, group_colour(gi), true}});
    page.chart(figure_block(
        plot.finish(),
        figure_table({"figure", escape_xml(name)},
                     {{"C2ST AUC", figure(g, {"fidelity", "detection", "auc"})},
                      {"C2ST score", figure(g, {"fidelity", "detection", "score"})},
                      {"MMD²", figure(g, {"fidelity", "distance", "mmd2"})},
                      {"MMD² ratio", figure(g, {"fidelity", "distance", "mmd2_ratio"})},
                      {"energy", figure(g, {"fidelity", "distance", "energy"})},
                      {"energy / E|X−X′|", figure(g, {"fidelity", "distance", "energy_normalised"})},
                      {"bandwidth", figure(g, {"fidelity", "distance", "bandwidth"})}}),
        "<b>" + escape_xml(name) + "</b>: " + std::to_string(real.size()) + " real and " +
            std::to_string(synthetic.size()) + " synthetic rows shown"));
  }
}

void privacy_section(const json& report, Page& page) {
  const json& groups = report["groups"];
  std::vector<std::vector<std::string>> rows;
  const std::vector<std::pair<const char*, const char*>> figures = {
      {"DCR median", "dcr_median"}, {"DCR 5th percentile", "dcr_p05"}, {"DCR share vs holdout (→ 0.5)", "dcr_share"},
      {"exact copies", "exact_copy_share"}, {"NNDR median", "nndr_median"}};
  for (const auto& [label, key] : figures) {
    std::vector<std::string> row = {label};
    for (const auto& g : groups) row.push_back(figure(g, {"privacy", key}));
    rows.push_back(std::move(row));
  }
  page.body += "<h2 id=\"privacy\">Privacy</h2><p>Distances on the z-score + one-hot encoding fitted on the real "
               "rows.</p>" + figure_table(group_header(groups, "figure"), rows);
}

// Density chart of a propensity histogram pair (shares per 1/50 bin), overlap shaded.
std::string propensity_chart(const json& overlap, const std::string& title) {
  const auto control = numbers(overlap["histogram_control"]), treated = numbers(overlap["histogram_treated"]);
  const std::size_t bins = control.size();
  std::vector<double> edges(bins + 1), f0(bins), f1(bins);
  for (std::size_t k = 0; k <= bins; ++k) edges[k] = static_cast<double>(k) / static_cast<double>(bins);
  for (std::size_t k = 0; k < bins; ++k) {
    f0[k] = control[k] * static_cast<double>(bins);
    f1[k] = treated[k] * static_cast<double>(bins);
  }
  eval::SvgPlot plot(440, 260, title);
  plot.set_x(0, 1, "estimated propensity ê(x) (cross-fitted)");
  plot.set_y(0, std::max(max_finite(f0), max_finite(f1)) * 1.1, "density");
  std::vector<double> xs, low;
  for (std::size_t k = 0; k < bins; ++k) {
    const double m = std::min(f0[k], f1[k]);
    xs.push_back(edges[k]), low.push_back(m);
    xs.push_back(edges[k + 1]), low.push_back(m);
  }
  plot.area(xs, low, "#8c6bb1", 0.45);
  plot.step(edges, f0, kControlColour, 1.8);
  plot.step(edges, f1, kTreatedColour, 1.8);
  plot.legend({{"control", kControlColour, false}, {"treated", kTreatedColour, false}, {"overlap", "#8c6bb1", true}});
  return plot.finish();
}

std::vector<std::vector<std::string>> overlap_rows(const json& mean, const json& sd) {
  auto cell = [&](const char* key) {
    std::string s = format_number(number(eval::json_at_path(mean, {key})));
    const double spread = number(eval::json_at_path(sd, {key}));
    if (std::isfinite(spread)) s += " <span class=\"sd\">± " + format_number(spread, 2) + "</span>";
    return s;
  };
  return {{"AUC", cell("auc")},
          {"overlap coefficient", cell("overlap_coefficient")},
          {"share 0.05 &lt; ê &lt; 0.95", cell("share_within")},
          {"… control", cell("share_within_control")},
          {"… treated", cell("share_within_treated")},
          {"IPW ESS control", cell("ess_control")},
          {"IPW ESS treated", cell("ess_treated")},
          {"rows control / treated", cell("control_rows") + " / " + cell("treated_rows")}};
}

std::string truth_chart_pair(const json& chart, const std::string& symbol, const std::string& name, const char* colour,
                             Page& page, const std::string& table) {
  const auto points = point_pairs(chart["points"]);
  const auto edges = numbers(chart["edges"]);
  const auto achieved = numbers(chart["achieved_density"]), target = numbers(chart["target_density"]);
  double lo = edges.front(), hi = edges.back();
  const double pad = 0.04 * (hi - lo);
  eval::SvgPlot scatter(380, 340, "Achieved vs target " + symbol + ", " + name);
  scatter.set_x(lo - pad, hi + pad, "target " + symbol + "(x)");
  scatter.set_y(lo - pad, hi + pad, "achieved " + symbol + " (truth column)");
  scatter.line(lo - pad, lo - pad, hi + pad, hi + pad, "#888", 1.0, true);
  scatter.points(points, colour, 2.0, 0.4);
  scatter.legend({{"rows", colour, true}, {"achieved = target", "#888", false}});
  eval::SvgPlot histogram(380, 340, "Distribution of " + symbol + ", " + name);
  histogram.set_x(lo, hi, symbol);
  histogram.set_y(0, std::max(max_finite(achieved), max_finite(target)) * 1.1, "density");
  histogram.step(edges, target, kRealColour, 1.2, true, 0.35);
  histogram.step(edges, achieved, colour, 2.0);
  histogram.legend({{"target", kRealColour, true}, {"achieved", colour, false}});
  page.charts += 2;
  return "<div class=\"figure\"><div class=\"plot\">" + scatter.finish() + histogram.finish() +
         "</div><div class=\"side\"><p class=\"caption\"><b>" + escape_xml(name) + "</b></p>" + table + "</div></div>";
}

void causal_section(const json& report, Page& page) {
  const json& groups = report["groups"];
  bool any = report["real"]["data_overlap"].is_object();
  for (const auto& g : groups) any = any || eval::json_at_path(g["mean"], {"causal"}).is_object();
  if (!any) return;
  page.body += "<h2 id=\"causal\">Causal control</h2><h3>Overlap seen in the data</h3><p>Propensity of the treatment "
               "on the covariates by a cross-fitted L2 logistic regression; shaded: ∫min(f₀, f₁), the overlap "
               "coefficient. Charts from each group's first draw, figures means over draws.</p><div class=\"grid\">";
  if (report["real"]["data_overlap"].is_object())
    page.chart(figure_block(propensity_chart(report["real"]["data_overlap"], "Propensity by arm, real"),
                            figure_table({"figure", "real"}, overlap_rows(report["real"]["data_overlap"], json())),
                            "<b>real</b>"));
  for (const auto& g : groups) {
    const json& mean = eval::json_at_path(g["mean"], {"causal", "data_overlap"});
    if (!mean.is_object() || !mean["histogram_control"].is_array()) continue;
    const std::string name = g["name"];
    page.chart(figure_block(propensity_chart(mean, "Propensity by arm, " + name),
                            figure_table({"figure", escape_xml(name)}, overlap_rows(mean, eval::json_at_path(g["sd"], {"causal", "data_overlap"}))),
                            "<b>" + escape_xml(name) + "</b>"));
  }
  page.body += "</div>";

  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const json& g = groups[gi];
    const std::string name = g["name"];
    if (const json& tau = eval::json_at_path(g["charts"], {"tau"}); tau.is_object()) {
      if (gi == 0 || !eval::json_at_path(groups[0]["charts"], {"tau"}).is_object()) page.body += "<h3>Effect τ: achieved against target</h3>";
      page.body += truth_chart_pair(tau, "τ", name, group_colour(gi), page,
                                    figure_table({"figure", escape_xml(name)},
                                                 {{"MAE", figure(g, {"causal", "tau_mae"})},
                                                  {"RMSE", figure(g, {"causal", "tau_rmse"})},
                                                  {"Pearson", figure(g, {"causal", "tau_pearson"})},
                                                  {"|ATE error|", figure(g, {"causal", "ate_error"})},
                                                  {"achieved ATE", figure(g, {"causal", "achieved_ate"})},
                                                  {"target ATE", figure(g, {"causal", "target_ate"})},
                                                  {"W1", figure(g, {"causal", "tau_wasserstein1"})}}));
    }
  }
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const json& g = groups[gi];
    const std::string name = g["name"];
    if (const json& kappa = eval::json_at_path(g["charts"], {"kappa"}); kappa.is_object()) {
      if (gi == 0 || !eval::json_at_path(groups[0]["charts"], {"kappa"}).is_object())
        page.body += "<h3>Confounding κ: achieved against target</h3>";
      page.body += truth_chart_pair(kappa, "κ", name, group_colour(gi), page,
                                    figure_table({"figure", escape_xml(name)},
                                                 {{"MAE", figure(g, {"causal", "kappa_mae"})},
                                                  {"MAE, T = 0", figure(g, {"causal", "kappa_mae_control"})},
                                                  {"MAE, T = 1", figure(g, {"causal", "kappa_mae_treated"})},
                                                  {"W1", figure(g, {"causal", "kappa_wasserstein1"})},
                                                  {"overlap MSE (ℓ₀−ℓ₁ vs α)", figure(g, {"causal", "overlap_mse"})},
                                                  {"share within 0.25 of α", figure(g, {"causal", "overlap_share_within"})},
                                                  {"mean ℓ₀ − ℓ₁", figure(g, {"causal", "log_density_ratio_mean"})},
                                                  {"mean α", figure(g, {"causal", "alpha_mean"})}}));
    }
  }
}

std::string notes_list(const json& report) {
  std::set<std::string> seen;
  std::string out;
  for (const auto& g : report["groups"])
    for (const json* notes : {&eval::json_at_path(g["mean"], {"fidelity", "notes"}), &eval::json_at_path(g["mean"], {"privacy", "notes"}),
                              &eval::json_at_path(g["mean"], {"causal", "notes"})})
      if (notes->is_array())
        for (const auto& n : *notes)
          if (n.is_string() && seen.insert(n.get<std::string>()).second) out += "<li>" + escape_xml(n.get<std::string>()) + "</li>";
  return out.empty() ? "" : "<ul class=\"notes\">" + out + "</ul>";
}

constexpr const char* kStyle = R"css(
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:24px 32px;color:#222;max-width:1500px}
h1{font-size:24px;margin-bottom:4px}h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:36px}
h3{margin-top:26px;color:#333}p{max-width:900px}.source{color:#555;margin-top:0}
table.figures{border-collapse:collapse;font-size:13px;margin:4px 0 10px}
table.figures th,table.figures td{border:1px solid #ddd;padding:3px 8px;text-align:right}
table.figures th:first-child{text-align:left;font-weight:normal;background:#fafafa}
table.figures tr:first-child th{background:#f0f0f0;font-weight:600;text-align:center}
.sd{color:#888;font-size:11px}.grid{display:flex;flex-wrap:wrap;gap:8px 24px}
.figure{display:flex;flex-wrap:wrap;align-items:flex-start;gap:10px;margin:8px 0}
.side{min-width:180px}.caption{margin:4px 0;font-size:14px}.notes{color:#555;font-size:13px}
svg.chart{display:inline-block;vertical-align:top}
svg text.tick{font-size:10px;fill:#444}svg text.axis{font-size:12px;fill:#222}
svg text.legend{font-size:11px;fill:#222}svg text.cell{font-size:9px;fill:#111}
nav a{margin-right:14px}
)css";

}  // namespace

std::string render_report_html(const json& report) {
  Page page;
  summary_section(report, page);
  marginal_section(report, page);
  pair_section(report, page);
  pca_section(report, page);
  privacy_section(report, page);
  causal_section(report, page);

  const json& s = report["settings"];
  std::string groups;
  for (const auto& g : report["groups"])
    groups += (groups.empty() ? "" : ", ") + escape_xml(g["name"].get<std::string>()) + " (" +
              std::to_string(g["replicates"].get<int>()) + " draw" + (g["replicates"].get<int>() == 1 ? "" : "s") + ")";
  const std::string title = report.value("title", std::string("causalmix evaluation"));
  std::string head = "<h1>" + escape_xml(title) + "</h1><p class=\"source\">" + escape_xml(report.value("source", std::string())) +
                     "</p><p>Real table: " + std::to_string(report["real"]["rows"].get<std::size_t>()) + " rows, " +
                     std::to_string(report["real"]["marginals"].size()) + " compared columns. Groups: " + groups +
                     ". Seed " + s["seed"].dump() + ", row limit " + s["row_limit"].dump() +
                     " for the quadratic metrics, " + s["folds"].dump() + "-fold cross-fitting" +
                     (s["treatment"].get<std::string>().empty() ? "" : ", treatment " + escape_xml(s["treatment"].get<std::string>())) +
                     ".</p>" + notes_list(report) +
                     "<nav><a href=\"#summary\">Summary</a><a href=\"#fidelity\">Fidelity</a><a href=\"#privacy\">Privacy</a>" +
                     "<a href=\"#causal\">Causal control</a></nav>";
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\"><meta name=\"chart-count\" content=\"" +
         std::to_string(page.charts) + "\"><title>" + escape_xml(title) + "</title><style>" + kStyle +
         "</style></head><body>" + head + page.body + "</body></html>\n";
}

}  // namespace causalmix
