// Privacy: exact copies, nearest-neighbour distances against sklearn, the holdout share.
#include <gtest/gtest.h>

#include "causalmix/metrics.hpp"
#include "eval/statistics.hpp"
#include "eval_support.hpp"

namespace causalmix {
namespace {

TEST(EvalPrivacy, CopiesOfTheTrainingRowsAreFlagged) {
  const Table train = testing::mixed_table(400, 1);
  const auto report = privacy(train, nullptr, train, {});
  EXPECT_DOUBLE_EQ(report.exact_copy_share, 1.0);
  EXPECT_DOUBLE_EQ(report.dcr_median, 0.0);
  EXPECT_DOUBLE_EQ(report.dcr_p05, 0.0);
  EXPECT_DOUBLE_EQ(report.nndr_median, 0.0);
  EXPECT_TRUE(std::isnan(report.dcr_share));
}

TEST(EvalPrivacy, ExactCopiesCountOnlyIdenticalRows) {
  const Table train = testing::mixed_table(100, 1);
  Table synthetic = train;
  for (std::size_t i = 0; i < 25; ++i) synthetic.columns[0].values[i] += 1e-9;  // 25 rows altered
  EXPECT_DOUBLE_EQ(privacy(train, nullptr, synthetic, {}).exact_copy_share, 0.75);
}

TEST(EvalPrivacy, DistancesMatchSklearnNeighbours) {
  const auto f = testing::load_fixture("fidelity.json");
  const Table real = testing::table_from_json(f["real"]), synthetic = testing::table_from_json(f["synthetic"]);
  auto dcr = testing::doubles(f["dcr"]);
  std::sort(dcr.begin(), dcr.end());
  const auto report = privacy(real, nullptr, synthetic, {});
  EXPECT_NEAR(report.dcr_median, eval::quantile_sorted(dcr, 0.5), 1e-9);
  EXPECT_NEAR(report.dcr_p05, eval::quantile_sorted(dcr, 0.05), 1e-9);
  EXPECT_GT(report.nndr_median, 0.0);
  EXPECT_LE(report.nndr_median, 1.0);
}

TEST(EvalPrivacy, HoldoutShareSeparatesCopiesFromFreshDraws) {
  const Table train = testing::mixed_table(600, 1), holdout = testing::mixed_table(600, 2);
  EXPECT_DOUBLE_EQ(privacy(train, &holdout, train, {}).dcr_share, 1.0);
  const Table fresh = testing::mixed_table(600, 3);
  EXPECT_NEAR(privacy(train, &holdout, fresh, {}).dcr_share, 0.5, 0.06);
}

}  // namespace
}  // namespace causalmix
