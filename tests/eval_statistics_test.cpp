// One-dimensional statistics against scipy/sklearn fixtures and hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>

#include "eval/column_categories.hpp"
#include "eval/statistics.hpp"
#include "eval_support.hpp"

namespace causalmix::eval {
namespace {

using testing::doubles;
using testing::load_fixture;

TEST(EvalStatistics, MatchScipyOnFixedSamples) {
  for (const auto& c : load_fixture("one_d.json")) {
    const auto a = doubles(c["a"]), b = doubles(c["b"]);
    EXPECT_NEAR(ks_statistic(a, b), c["ks_statistic"].get<double>(), 1e-12);
    EXPECT_NEAR(wasserstein1(a, b), c["wasserstein1"].get<double>(), 1e-10);
    const std::size_t n = std::min(a.size(), b.size());
    EXPECT_NEAR(pearson(std::span(a).first(n), std::span(b).first(n)), c["pearson"].get<double>(), 1e-12);
    EXPECT_NEAR(population_sd(a), c["population_sd_a"].get<double>(), 1e-12);
    std::vector<double> sorted = a;
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [q, expected] : c["quantiles_a"].items())
      EXPECT_NEAR(quantile_sorted(sorted, std::stod(q)), expected.get<double>(), 1e-12) << q;
  }
}

TEST(EvalStatistics, KsOfDisjointSamplesIsOneAndOfEqualSamplesZero) {
  const std::vector<double> a = {1, 2, 3}, b = {4, 5}, c = {3, 1, 2};
  EXPECT_DOUBLE_EQ(ks_statistic(a, b), 1.0);
  EXPECT_DOUBLE_EQ(ks_statistic(a, c), 0.0);
  // F_a − F_b at 2: 2/4 − 0 = 0.5 is the largest gap.
  EXPECT_DOUBLE_EQ(ks_statistic(std::vector<double>{1, 2, 5, 6}, std::vector<double>{3, 4, 5, 6}), 0.5);
}

TEST(EvalStatistics, WassersteinOfAShiftIsTheShift) {
  const std::vector<double> a = {0, 1, 2, 7}, b = {0.5, 1.5, 2.5, 7.5};
  EXPECT_NEAR(wasserstein1(a, b), 0.5, 1e-12);
  // Point masses at 0 and 3: all mass moves 3.
  EXPECT_NEAR(wasserstein1(std::vector<double>{0, 0}, std::vector<double>{3}), 3.0, 1e-12);
}

TEST(EvalStatistics, PearsonOfAConstantIsUndefined) {
  EXPECT_TRUE(std::isnan(pearson(std::vector<double>{1, 2, 3}, std::vector<double>{4, 4, 4})));
  // 0.1 repeated: its floating-point mean is not exactly 0.1, yet it is still constant.
  EXPECT_TRUE(std::isnan(pearson(std::vector<double>{1, 2, 3, 4, 5, 6, 7}, std::vector<double>(7, 0.1))));
  EXPECT_NEAR(pearson(std::vector<double>{1, 2, 3}, std::vector<double>{6, 4, 2}), -1.0, 1e-15);
}

TEST(EvalStatistics, RocAucMatchesSklearnWithTies) {
  for (const auto& c : load_fixture("roc_auc.json")) {
    const auto scores = doubles(c["scores"]);
    const auto labels = c["labels"].get<std::vector<int>>();
    EXPECT_NEAR(roc_auc(scores, labels), c["auc"].get<double>(), 1e-12);
  }
  // Hand case: positives {0.8, 0.4}, negatives {0.4, 0.1}: pairs won 1 + 1 + 0.5 + 1 of 4.
  EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{0.8, 0.4, 0.4, 0.1}, std::vector<int>{1, 1, 0, 0}), 0.875);
  EXPECT_TRUE(std::isnan(roc_auc(std::vector<double>{0.1, 0.2}, std::vector<int>{1, 1})));
}

TEST(EvalStatistics, QuantileEdgesMergePointMasses) {
  // Half the values are 0: the inner deciles up to the median collapse into one edge.
  std::vector<double> values(20, 0.0);
  for (int i = 0; i < 10; ++i) values[static_cast<std::size_t>(i)] = i + 1;
  const auto edges = quantile_edges(values, 10);
  EXPECT_EQ(edges.front(), 0.0);
  EXPECT_TRUE(std::is_sorted(edges.begin(), edges.end()));
  EXPECT_EQ(std::adjacent_find(edges.begin(), edges.end()), edges.end());
  EXPECT_EQ(bin_of(0.0, edges), 0);  // closed on the right: 0 falls in the first bin
  EXPECT_EQ(bin_of(100.0, edges), static_cast<int>(edges.size()));
}

}  // namespace
}  // namespace causalmix::eval
