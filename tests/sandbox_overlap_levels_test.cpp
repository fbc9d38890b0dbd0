// α at every level of each discrete covariate, the targets of the overlap penalty on redrawn
// discrete values: changed only where α mentions the variable, by the expression's own rules
// (numeric labels, categorical equality), and kept where α cannot be evaluated.
#include <gtest/gtest.h>

#include "sandbox/overlap_levels.hpp"
#include "sandbox_fixtures.hpp"

namespace causalmix::sandbox {
namespace {

struct Levels {
  vae::HeadLayout layout;
  std::vector<std::vector<int>> columns;  // per discrete variable: its column per level
  std::vector<double> observed;
  vae::RowMatrixF alpha;
  Table table;
};

Levels levels_of(const std::string& overlap, std::optional<std::string> propensity = std::nullopt,
                 Table table = testing::toy_observed(200, 3)) {
  Levels l;
  l.table = std::move(table);
  Knobs knobs;
  knobs.overlap = overlap;
  knobs.propensity = propensity;
  const auto compiled = CompiledKnobs::compile(knobs, l.table.schema(), "T");
  const auto standardization = Standardization::fit(l.table);
  const Encoding encoding = Encoding::fit(l.table);
  const std::optional<double> rate = propensity ? std::optional<double>(0.5) : std::nullopt;
  l.observed = compiled.alpha(l.table, "T", standardization, rate);
  l.layout = vae::make_head_layout(encoding, {0, 1, 2, 3, 4}, encoding.encode(l.table), 0.05);
  l.columns = vae::discrete_levels(l.layout).columns;
  l.alpha = alpha_at_levels(compiled, l.table, "T", standardization, rate, l.layout, l.observed);
  return l;
}

TEST(OverlapLevels, EachDiscreteVariableIsSetToEveryLevelInTurn) {
  // X_bin (binary, labels "0"/"1") and X_cat (A, B, C) are the discrete heads, in that order.
  const Levels l = levels_of("2*X_bin + (X_cat == \"B\") - 0.5*(X_cat == \"C\") + X_uniform");
  ASSERT_EQ(l.columns.size(), 2u);
  ASSERT_EQ(l.layout.heads[l.layout.gaussian + l.layout.hurdle].name, "X_bin");
  ASSERT_EQ(l.alpha.cols(), 5);
  const auto& x_bin = l.table.column("X_bin").values;
  const auto& x_cat = l.table.column("X_cat").values;
  const auto& x_uniform = l.table.column("X_uniform").values;
  for (std::size_t i = 0; i < l.observed.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    const double cat = (x_cat[i] == 1.0) - 0.5 * (x_cat[i] == 2.0);
    EXPECT_FLOAT_EQ(l.alpha(r, l.columns[0][0]), static_cast<float>(cat + x_uniform[i]));
    EXPECT_FLOAT_EQ(l.alpha(r, l.columns[0][1]), static_cast<float>(2 + cat + x_uniform[i]));
    const double bin = 2 * x_bin[i] + x_uniform[i];
    EXPECT_FLOAT_EQ(l.alpha(r, l.columns[1][0]), static_cast<float>(bin));
    EXPECT_FLOAT_EQ(l.alpha(r, l.columns[1][1]), static_cast<float>(bin + 1));
    EXPECT_FLOAT_EQ(l.alpha(r, l.columns[1][2]), static_cast<float>(bin - 0.5));
  }
}

TEST(OverlapLevels, VariablesAlphaDoesNotMentionKeepTheObservedTarget) {
  const Levels l = levels_of("X_bin");
  for (std::size_t i = 0; i < l.observed.size(); ++i)
    for (int c : l.columns[1]) EXPECT_EQ(l.alpha(static_cast<Eigen::Index>(i), c), static_cast<float>(l.observed[i]));
}

TEST(OverlapLevels, ALevelWhereAlphaIsNotFiniteKeepsTheObservedTarget) {
  // log(X_bin) is −inf at level 0 for every row; level 1 evaluates.
  const Levels l = levels_of("if(X_bin == 1, log(X_bin + X_beta), 0)");
  const auto& x_beta = l.table.column("X_beta").values;
  for (std::size_t i = 0; i < l.observed.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    EXPECT_FLOAT_EQ(l.alpha(r, l.columns[0][1]), static_cast<float>(std::log(1 + x_beta[i])));
    EXPECT_FLOAT_EQ(l.alpha(r, l.columns[0][0]), 0.0f);
  }
  // Finite on every observed row once X_bin = 1 wherever X_cat = A, but log(0) at level 0
  // for those rows: that level keeps the observed target, level 1 still evaluates.
  Table table = testing::toy_observed(200, 3);
  auto& x_bin = table.column("X_bin").values;
  const auto& x_cat = table.column("X_cat").values;
  for (std::size_t i = 0; i < x_bin.size(); ++i)
    if (x_cat[i] == 0.0) x_bin[i] = 1.0;
  const Levels bad = levels_of("log(X_bin + (X_cat != \"A\"))", std::nullopt, table);
  for (std::size_t i = 0; i < bad.observed.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    EXPECT_EQ(bad.alpha(r, bad.columns[0][0]), static_cast<float>(bad.observed[i]));
    EXPECT_FLOAT_EQ(bad.alpha(r, bad.columns[0][1]), static_cast<float>(std::log(1.0 + (x_cat[i] != 0.0))));
  }
}

TEST(OverlapLevels, PropensityFormUsesLogitOfTheRateMinusLogitOfE) {
  const Levels l = levels_of("0", "sigmoid(-0.5 + 1.5*X_bin)");
  for (std::size_t i = 0; i < 5; ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    EXPECT_NEAR(l.alpha(r, l.columns[0][0]), 0.5, 1e-6);   // logit 0.5 − (−0.5)
    EXPECT_NEAR(l.alpha(r, l.columns[0][1]), -1.0, 1e-6);  // 0 − 1
  }
}

}  // namespace
}  // namespace causalmix::sandbox
