// The reference toy table: its columns, its truth and its distributions.
#include <gtest/gtest.h>

#include <cmath>

#include "causalmix/csv.hpp"
#include "causalmix/toy.hpp"

namespace causalmix {
namespace {

TEST(Toy, ColumnsInTheDocumentedOrder) {
  const Table t = make_toy_table(10, 42);
  EXPECT_EQ(t.names(), (std::vector<std::string>{"X_bin", "X_cat", "X_exp", "X_uniform", "X_beta", "T",
                                                 "Y", "Y0", "Y1", "mu0", "mu1", "tau", "propensity"}));
  EXPECT_EQ(t.rows(), 10u);
  EXPECT_EQ(t.column("X_cat").levels, (std::vector<std::string>{"A", "B", "C"}));
}

TEST(Toy, SameSeedSameTableOtherSeedOtherTable) {
  EXPECT_EQ(to_csv(make_toy_table(200, 42)), to_csv(make_toy_table(200, 42)));
  EXPECT_NE(to_csv(make_toy_table(200, 42)), to_csv(make_toy_table(200, 43)));
}

TEST(Toy, TruthColumnsFollowTheModel) {
  const Table t = make_toy_table(500, 42);
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const double cat = t.column("X_cat").values[i];
    const double logit0 = 0.5 * t.column("X_bin").values[i] - 0.3 * t.column("X_exp").values[i] +
                          0.2 * t.column("X_uniform").values[i] + 0.4 * t.column("X_beta").values[i] +
                          (cat == 1 ? 0.6 : 0.0) - (cat == 2 ? 0.2 : 0.0);
    ASSERT_NEAR(t.column("mu0").values[i], 1.0 / (1.0 + std::exp(-logit0)), 1e-12);
    ASSERT_NEAR(t.column("mu1").values[i], 1.0 / (1.0 + std::exp(-logit0 - 0.5)), 1e-12);
    ASSERT_EQ(t.column("tau").values[i], t.column("mu1").values[i] - t.column("mu0").values[i]);
    ASSERT_EQ(t.column("propensity").values[i], 0.5);
    const double y = t.column("T").values[i] == 1.0 ? t.column("Y1").values[i] : t.column("Y0").values[i];
    ASSERT_EQ(t.column("Y").values[i], y);
  }
}

TEST(Toy, MarginalsMatchTheirDistributions) {
  const Table t = make_toy_table(20000, 42);
  auto mean = [&](const char* name) {
    double s = 0;
    for (double v : t.column(name).values) s += v;
    return s / static_cast<double>(t.rows());
  };
  // Tolerances are about 4 standard errors at n = 20000.
  EXPECT_NEAR(mean("X_bin"), 0.4, 0.015);
  EXPECT_NEAR(mean("X_exp"), 1.0, 0.03);
  EXPECT_NEAR(mean("X_uniform"), 0.0, 0.05);
  EXPECT_NEAR(mean("X_beta"), 2.0 / 7.0, 0.005);
  EXPECT_NEAR(mean("T"), 0.5, 0.015);
  std::vector<double> share(3, 0.0);
  for (double v : t.column("X_cat").values) share[static_cast<std::size_t>(v)] += 1.0 / static_cast<double>(t.rows());
  EXPECT_NEAR(share[0], 0.3, 0.015);
  EXPECT_NEAR(share[1], 0.5, 0.015);
  EXPECT_NEAR(share[2], 0.2, 0.015);
  double lo = 1e9, hi = -1e9;
  for (double v : t.column("X_uniform").values) lo = std::min(lo, v), hi = std::max(hi, v);
  EXPECT_GE(lo, -3.0);
  EXPECT_LT(hi, 3.0);
  // The effect is positive for every row (a +0.5 shift on the logit scale).
  for (double v : t.column("tau").values) ASSERT_GT(v, 0.0);
}

TEST(Toy, WrittenCsvReadsBackWithTheSameTypes) {
  const Table t = make_toy_table(300, 42);
  const Table back = parse_csv(to_csv(t), "toy.csv", {});
  for (const auto& name : {"X_bin", "T", "Y", "Y0", "Y1"})
    EXPECT_EQ(back.column(name).type, ColumnType::Binary) << name;
  EXPECT_EQ(back.column("X_cat").type, ColumnType::Categorical);
  EXPECT_EQ(back.column("X_exp").values, t.column("X_exp").values);
}

}  // namespace
}  // namespace causalmix
