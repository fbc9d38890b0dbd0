// Standardization::fit: the training mean and sd (ddof 1) that z(col) uses.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "causalmix/expr.hpp"

namespace causalmix {
namespace {

TEST(ExprStandardization, MeanAndSampleSdOfNumberColumns) {
  Table t;
  Column income;
  income.name = "income";
  income.values = {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 6};
  Column kids;
  kids.name = "kids";
  kids.type = ColumnType::Integer;
  kids.values = {0, 2, 2, 4};
  t.columns = {income, kids};
  const auto s = Standardization::fit(t);
  // Values near 1e9 differ by units: a one-pass sum of squares would lose them.
  EXPECT_DOUBLE_EQ(s.mean_sd.at("income").first, 1e9 + 3);
  EXPECT_NEAR(s.mean_sd.at("income").second, std::sqrt(14.0 / 3.0), 1e-9);
  EXPECT_DOUBLE_EQ(s.mean_sd.at("kids").first, 2.0);
  EXPECT_DOUBLE_EQ(s.mean_sd.at("kids").second, std::sqrt(8.0 / 3.0));
}

TEST(ExprStandardization, SkipsMissingValuesAndDiscreteColumns) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Table t;
  Column age;
  age.name = "age";
  age.values = {20, nan, 40};
  Column race;
  race.name = "race";
  race.type = ColumnType::Categorical;
  race.levels = {"a", "b"};
  race.values = {0, 1, 1};
  Column lonely;
  lonely.name = "lonely";
  lonely.values = {nan, 5, nan};
  t.columns = {age, race, lonely};
  const auto s = Standardization::fit(t);
  EXPECT_DOUBLE_EQ(s.mean_sd.at("age").first, 30.0);
  EXPECT_DOUBLE_EQ(s.mean_sd.at("age").second, std::sqrt(200.0));
  EXPECT_EQ(s.mean_sd.count("race"), 0u);
  EXPECT_EQ(s.mean_sd.count("lonely"), 0u);  // one value has no sd
}

}  // namespace
}  // namespace causalmix
