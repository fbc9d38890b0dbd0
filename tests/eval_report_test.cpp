// The report: replicate summaries per group, an offline page with one chart per figure,
// and the terminal summary.
#include <gtest/gtest.h>

#include <regex>

#include "causalmix/report.hpp"
#include "eval_support.hpp"

namespace causalmix {
namespace {

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(EvalReport, GroupsSummariseTheirDrawsAndRenderEveryChart) {
  const Table real = testing::mixed_table(400, 1);
  ReportSettings settings;
  settings.options.treatment = "T";
  ReportBuilder builder(real, settings);
  for (std::uint64_t r = 0; r < 3; ++r) {
    Table synthetic = testing::mixed_table(300, 10 + r, 0.2);
    CausalTargets targets;
    targets.tau.assign(synthetic.rows(), 1.0);
    std::vector<double> tau(synthetic.rows());
    for (std::size_t i = 0; i < tau.size(); ++i) tau[i] = 1.0 + 0.1 * synthetic.columns[0].values[i];
    synthetic.columns.push_back(testing::numerical("tau", tau));
    builder.add_draw("mixture", synthetic, &targets);
  }
  builder.add_draw("normal", testing::mixed_table(300, 20, 1.0));
  const auto report = builder.build();

  ASSERT_EQ(report["groups"].size(), 2u);
  EXPECT_EQ(report["groups"][0]["replicates"], 3);
  EXPECT_TRUE(report["groups"][0]["sd"]["fidelity"]["ks_complement"].is_number());
  EXPECT_TRUE(report["groups"][1]["sd"]["fidelity"]["ks_complement"].is_null());  // one draw
  // The shifted group is further from the real table.
  EXPECT_GT(report["groups"][0]["mean"]["fidelity"]["ks_complement"].get<double>(),
            report["groups"][1]["mean"]["fidelity"]["ks_complement"].get<double>());
  EXPECT_NEAR(report["groups"][0]["mean"]["causal"]["tau_mae"].get<double>(), 0.1 * 0.8, 0.03);  // E|0.1 x|, x ~ N(.2,1)

  const std::string html = render_report_html(report);
  // 4 marginals + 2 heatmaps + 2 PCA + 3 propensity (real, two groups) + 2 τ (mixture only).
  EXPECT_EQ(count(html, "<svg class=\"chart\""), 13);
  EXPECT_NE(html.find("name=\"chart-count\" content=\"13\""), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://www.w3.org/2000/svg"), html.find("xmlns=\"http://www.w3.org/2000/svg\"") + 7);
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));

  const std::string text = render_report_text(report);
  EXPECT_NE(text.find("mixture (3)"), std::string::npos);
  EXPECT_TRUE(std::regex_search(text, std::regex("KS complement +0\\.9[0-9]* ± ")));
}

TEST(EvalReport, ColumnNamesAreEscapedInThePage) {
  Table real = testing::mixed_table(100, 1);
  real.columns[0].name = "a<b & \"c\"";
  ReportBuilder builder(real, {});
  builder.add_draw("synthetic", real);
  const std::string html = render_report_html(builder.build());
  EXPECT_EQ(html.find("a<b"), std::string::npos);
  EXPECT_NE(html.find("a&lt;b &amp; &quot;c&quot;"), std::string::npos);
}

}  // namespace
}  // namespace causalmix
