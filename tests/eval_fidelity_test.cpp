// Fidelity: scipy/numpy fixtures, identities (a table against itself), known shifts.
#include <gtest/gtest.h>

#include <cmath>

#include "causalmix/metrics.hpp"
#include "eval/pairwise.hpp"
#include "eval_support.hpp"

namespace causalmix {
namespace {

using testing::discrete;
using testing::doubles;
using testing::load_fixture;
using testing::mixed_table;
using testing::numerical;

Eigen::MatrixXd matrix(const nlohmann::json& rows) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
  return m;
}

TEST(EvalPairwise, MatchesScipyDistancesKernelsAndNeighbours) {
  const auto f = load_fixture("pairwise.json");
  const Eigen::MatrixXd x = matrix(f["x"]), y = matrix(f["y"]);
  const double h = eval::median_pairwise_distance(x);
  EXPECT_NEAR(h, f["median_distance_x"].get<double>(), 1e-10);
  const std::vector<int> none_x(static_cast<std::size_t>(x.rows()), 0), none_y(static_cast<std::size_t>(y.rows()), 0);
  const auto xx = eval::pair_sums(x, none_x, x, none_x, 1, h, true);
  const auto yy = eval::pair_sums(y, none_y, y, none_y, 1, h, true);
  const auto xy = eval::pair_sums(x, none_x, y, none_y, 1, h, false);
  const double m = static_cast<double>(x.rows()), n = static_cast<double>(y.rows());
  EXPECT_EQ(xx.pairs, m * (m - 1));
  const double mmd2 = xx.kernel / (m * (m - 1)) + yy.kernel / (n * (n - 1)) - 2 * xy.kernel / (m * n);
  EXPECT_NEAR(mmd2, f["mmd2_unbiased"].get<double>(), 1e-10);
  const double energy = 2 * xy.distance / (m * n) - xx.distance / (m * (m - 1)) - yy.distance / (n * (n - 1));
  EXPECT_NEAR(energy, f["energy"].get<double>(), 1e-9);
  const auto neighbours = eval::nearest_two(y, x);
  const auto nearest = doubles(f["nearest"]), second = doubles(f["second"]);
  for (std::size_t i = 0; i < nearest.size(); ++i) {
    EXPECT_NEAR(neighbours.nearest[i], nearest[i], 1e-9);
    EXPECT_NEAR(neighbours.second[i], second[i], 1e-9);
  }
}

TEST(EvalFidelity, MatchesNumpyOnAMixedTable) {
  const auto f = load_fixture("fidelity.json");
  const Table real = testing::table_from_json(f["real"]), synthetic = testing::table_from_json(f["synthetic"]);
  EvalOptions options;
  options.treatment = f["treatment"];
  const auto report = fidelity(real, synthetic, options);
  ASSERT_EQ(report.columns.size(), 5u);
  for (const auto& c : report.columns) {
    const auto& expected = f["columns"][c.name];
    if (is_discrete(c.type)) {
      EXPECT_NEAR(c.tv_complement, expected["tv_complement"].get<double>(), 1e-12) << c.name;
    } else {
      EXPECT_NEAR(c.ks_complement, expected["ks_complement"].get<double>(), 1e-12) << c.name;
      EXPECT_NEAR(c.normalised_wasserstein1, expected["normalised_wasserstein1"].get<double>(), 1e-10) << c.name;
    }
  }
  ASSERT_EQ(report.pairs.size(), 10u);
  for (const auto& p : report.pairs)
    EXPECT_NEAR(p.similarity, f["pairs"][p.first + "|" + p.second].get<double>(), 1e-12) << p.first << "|" << p.second;
  EXPECT_FALSE(report.distance.subsampled);
  EXPECT_NEAR(report.distance.bandwidth, f["bandwidth"].get<double>(), 1e-10);
  EXPECT_NEAR(report.distance.mmd2, f["mmd2"].get<double>(), 1e-10);
  EXPECT_NEAR(report.distance.energy, f["energy"].get<double>(), 1e-9);
  EXPECT_NEAR(report.distance.energy_normalised, f["energy_normalised"].get<double>(), 1e-9);
  ASSERT_EQ(report.distance.mmd2_by_arm.size(), 2u);
  EXPECT_NEAR(report.distance.mmd2_by_arm[0].second, f["mmd2_by_arm"]["0"].get<double>(), 1e-10);
  EXPECT_NEAR(report.distance.mmd2_by_arm[1].second, f["mmd2_by_arm"]["1"].get<double>(), 1e-10);
  EXPECT_NEAR(report.distance.mmd2_stratified, f["mmd2_stratified"].get<double>(), 1e-10);
}

TEST(EvalFidelity, ATableAgainstItselfScoresPerfectly) {
  const Table table = mixed_table(1500, 3);
  EvalOptions options;
  options.treatment = "T";
  const auto report = fidelity(table, table, options);
  EXPECT_DOUBLE_EQ(report.ks_complement, 1.0);
  EXPECT_DOUBLE_EQ(report.tv_complement, 1.0);
  EXPECT_DOUBLE_EQ(report.normalised_wasserstein1, 0.0);
  EXPECT_DOUBLE_EQ(report.correlation_similarity, 1.0);
  EXPECT_DOUBLE_EQ(report.contingency_similarity, 1.0);
  EXPECT_NEAR(report.detection.auc, 0.5, 0.05);
  EXPECT_NEAR(report.distance.mmd2_ratio, 1.0, 1e-9);
  EXPECT_NEAR(report.distance.mmd2, 0.0, 1e-3);
}

TEST(EvalFidelity, SubsampledTableAgainstItselfKeepsTheRatioAtOne) {
  const Table table = mixed_table(1200, 4);
  EvalOptions options;
  options.row_limit = 500;
  const auto report = fidelity(table, table, options);
  EXPECT_TRUE(report.distance.subsampled);
  EXPECT_EQ(report.distance.real_rows, 500u);
  EXPECT_NEAR(report.distance.mmd2_ratio, 1.0, 1e-9);
  ASSERT_FALSE(report.notes.empty());
  EXPECT_NE(report.notes.front().find("row limit 500"), std::string::npos);
}

TEST(EvalFidelity, IndependentSamplesOfOneDistributionLookAlike) {
  const Table real = mixed_table(2000, 5), synthetic = mixed_table(2000, 6);
  const auto report = fidelity(real, synthetic, {});
  EXPECT_GT(report.ks_complement, 0.95);
  EXPECT_GT(report.tv_complement, 0.95);
  EXPECT_NEAR(report.detection.auc, 0.5, 0.05);
  EXPECT_NEAR(report.distance.mmd2_ratio, 1.0, 0.5);
  EXPECT_NEAR(report.distance.mmd2, 0.0, 2e-3);
}

TEST(EvalFidelity, ShiftedTableIsDetected) {
  const Table real = mixed_table(2000, 5), synthetic = mixed_table(2000, 6, 1.0);
  const auto report = fidelity(real, synthetic, {});
  // x shifted by one sd: KS ≈ 2Φ(0.5) − 1 = 0.383.
  EXPECT_NEAR(report.columns[0].ks_statistic, 0.383, 0.04);
  EXPECT_NEAR(report.columns[0].normalised_wasserstein1, 1.0, 0.1);
  EXPECT_GT(report.detection.auc, 0.7);
  EXPECT_GT(report.distance.mmd2_ratio, 5.0);
  EXPECT_GT(report.distance.energy_normalised, 0.05);
}

TEST(EvalFidelity, KnownShiftsGiveExactKsAndTv) {
  std::vector<double> a(100), b(100), group_real, group_synthetic;
  for (int i = 0; i < 100; ++i) {
    a[static_cast<std::size_t>(i)] = i;
    b[static_cast<std::size_t>(i)] = i + 10;  // 10 of 100 values beyond: KS = 0.1
  }
  // p = (0.5, 0.3, 0.2), q = (0.3, 0.3, 0.4): TV = 0.2.
  for (int i = 0; i < 100; ++i) {
    group_real.push_back(i < 50 ? 0 : (i < 80 ? 1 : 2));
    group_synthetic.push_back(i < 30 ? 0 : (i < 60 ? 1 : 2));
  }
  Table real, synthetic;
  real.columns = {numerical("v", a), discrete("g", {"a", "b", "c"}, group_real)};
  synthetic.columns = {numerical("v", b), discrete("g", {"a", "b", "c"}, group_synthetic)};
  const auto report = fidelity(real, synthetic, {});
  EXPECT_NEAR(report.columns[0].ks_statistic, 0.1, 1e-12);
  EXPECT_NEAR(report.columns[0].wasserstein1, 10.0, 1e-9);
  EXPECT_NEAR(report.columns[1].tv_distance, 0.2, 1e-12);
  EXPECT_NEAR(report.tv_complement, 0.8, 1e-12);
}

TEST(EvalFidelity, LevelsAreMatchedByLabelOverTheirUnion) {
  Table real, synthetic;
  real.columns = {discrete("g", {"a", "b"}, {0, 0, 1, 1})};
  // The synthetic table knows a third label and orders its levels differently.
  synthetic.columns = {discrete("g", {"b", "c", "a"}, {0, 0, 2, 1})};
  // real p(a,b,c) = (.5,.5,0); synthetic = (.25,.5,.25): TV = ½(.25 + 0 + .25) = 0.25.
  const auto report = fidelity(real, synthetic, {});
  EXPECT_NEAR(report.columns[0].tv_distance, 0.25, 1e-12);
}

TEST(EvalFidelity, TruthColumnsAndExclusionsAreNotCompared) {
  Table real = mixed_table(200, 1), synthetic = mixed_table(200, 2);
  synthetic.columns.push_back(numerical("tau", std::vector<double>(200, 1.0)));
  real.columns.push_back(numerical("tau", std::vector<double>(200, 0.0)));
  EvalOptions options;
  options.exclude = {"z"};
  const auto report = fidelity(real, synthetic, options);
  std::vector<std::string> names;
  for (const auto& c : report.columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"x", "group", "T"}));
}

TEST(EvalFidelity, SameSeedSameReport) {
  const Table real = mixed_table(800, 1), synthetic = mixed_table(900, 2, 0.3);
  EvalOptions options;
  options.row_limit = 300;
  options.seed = 9;
  EXPECT_EQ(fidelity(real, synthetic, options).to_json().dump(), fidelity(real, synthetic, options).to_json().dump());
}

}  // namespace
}  // namespace causalmix
