// Encoding: z-scores with ddof 1, codes, one-hot layout, and decode(encode(t)) == t.
#include <gtest/gtest.h>

#include <cmath>

#include "causalmix/encoding.hpp"
#include "causalmix/error.hpp"
#include "causalmix/rng.hpp"
#include "table_support.hpp"

namespace causalmix {
namespace {

Column make(const std::string& name, ColumnType type, std::vector<double> values,
            std::vector<std::string> levels = {}) {
  return testing::make_column(name, type, std::move(values), std::move(levels));
}

TEST(Encoding, ZScoresUseTheSampleStandardDeviation) {
  Table t;
  t.columns.push_back(make("x", ColumnType::Numerical, {1, 2, 3, 4}));
  const Encoding e = Encoding::fit(t);
  EXPECT_DOUBLE_EQ(e.column("x").mean, 2.5);
  EXPECT_DOUBLE_EQ(e.column("x").scale, std::sqrt(5.0 / 3.0));  // ddof 1
  const Eigen::MatrixXd z = e.encode(t);
  EXPECT_DOUBLE_EQ(z(0, 0), -1.5 / std::sqrt(5.0 / 3.0));
  EXPECT_DOUBLE_EQ(e.column("x").lower_z, z(0, 0));  // training min
  EXPECT_DOUBLE_EQ(e.column("x").upper_z, z(3, 0));  // training max
}

TEST(Encoding, DeclaredBoundsBecomeStandardisedBounds) {
  Table t;
  Column c = make("age", ColumnType::Integer, {20, 30, 40});
  c.lower = 0.0;
  t.columns.push_back(c);
  const Encoding e = Encoding::fit(t);
  EXPECT_DOUBLE_EQ(e.column("age").lower_z, (0.0 - 30.0) / 10.0);
  EXPECT_DOUBLE_EQ(e.column("age").upper_z, (40.0 - 30.0) / 10.0);
}

TEST(Encoding, ConstantColumnGetsScaleOneAndAWarning) {
  Table t;
  t.columns.push_back(make("k", ColumnType::Numerical, {7, 7, 7}));
  std::vector<std::string> warnings;
  const Encoding e = Encoding::fit(t, &warnings);
  EXPECT_EQ(e.column("k").scale, 1.0);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "column 'k' is constant (7); its scale is set to 1");
}

TEST(Encoding, OneHotExpandsOnlyCategoricalsWithMoreThanTwoLevels) {
  Table t;
  t.columns.push_back(make("b", ColumnType::Binary, {0, 1, 1}, {"no", "yes"}));
  t.columns.push_back(make("c", ColumnType::Categorical, {2, 0, 1}, {"a", "b", "c"}));
  t.columns.push_back(make("x", ColumnType::Numerical, {-1, 0, 1}));
  const Encoding e = Encoding::fit(t);
  EXPECT_EQ(e.one_hot_width(), 5);
  const Eigen::MatrixXf h = e.one_hot(e.encode(t));
  Eigen::MatrixXf expected(3, 5);
  expected << 0, 0, 0, 1, -1,
              1, 1, 0, 0, 0,
              1, 0, 1, 0, 1;
  EXPECT_TRUE(h.isApprox(expected)) << h;
}

TEST(Encoding, DecodeRoundsIntegersAndClampsCodes) {
  Table t;
  t.columns.push_back(make("n", ColumnType::Integer, {0, 10}));
  t.columns.push_back(make("c", ColumnType::Categorical, {0, 2}, {"a", "b", "c"}));
  const Encoding e = Encoding::fit(t);
  Eigen::MatrixXd z(2, 2);
  z << 0.01, -3.4,  // n near its mean; c below the first code
      0.2, 7.6;     // c above the last code
  const Table d = e.decode(z);
  EXPECT_EQ(d.column("n").values[0], std::round(0.01 * e.column("n").scale + 5.0));
  EXPECT_EQ(d.column("c").values, (std::vector<double>{0, 2}));
  EXPECT_EQ(d.column("c").levels, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Encoding, EncodeMatchesLevelsByLabel) {
  Table train;
  train.columns.push_back(make("c", ColumnType::Categorical, {0, 1, 2}, {"a", "b", "c"}));
  const Encoding e = Encoding::fit(train);
  Table other;
  other.columns.push_back(make("c", ColumnType::Binary, {0, 1}, {"b", "c"}));
  const Eigen::MatrixXd z = e.encode(other);
  EXPECT_EQ(z(0, 0), 1.0);
  EXPECT_EQ(z(1, 0), 2.0);
  Table unseen;
  unseen.columns.push_back(make("c", ColumnType::Binary, {0, 1}, {"a", "zzz"}));
  EXPECT_THROW(e.encode(unseen), Error);
}

TEST(Encoding, MissingColumnIsAnError) {
  Table t;
  t.columns.push_back(make("age", ColumnType::Integer, {1, 2}));
  const Encoding e = Encoding::fit(t);
  Table other;
  other.columns.push_back(make("agee", ColumnType::Integer, {1, 2}));
  EXPECT_THROW(e.encode(other), Error);
}

// A random table with every column type.
Table random_table(Rng& rng) {
  const std::size_t rows = 2 + rng.uniform_int(60);
  Table t;
  Column num = make("num", ColumnType::Numerical, {});
  Column wide = make("wide", ColumnType::Numerical, {});
  Column integer = make("int", ColumnType::Integer, {});
  Column bin = make("bin", ColumnType::Binary, {}, {"no", "yes"});
  const std::size_t k = 1 + rng.uniform_int(8);
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < k; ++i) labels.push_back(std::string("L").append(std::to_string(i)));
  Column cat = make("cat", ColumnType::Categorical, {}, labels);
  const double offset = rng.normal(0.0, 1e6);
  for (std::size_t i = 0; i < rows; ++i) {
    num.values.push_back(rng.normal(3.0, 2.0));
    wide.values.push_back(offset + rng.normal() * std::pow(10.0, rng.uniform(-3, 6)));
    integer.values.push_back(std::round(rng.normal(0.0, 1000.0)));
    bin.values.push_back(rng.bernoulli(0.3) ? 1.0 : 0.0);
    cat.values.push_back(static_cast<double>(rng.uniform_int(k)));
  }
  t.columns = {num, wide, integer, bin, cat};
  return t;
}

TEST(Encoding, DecodeOfEncodeGivesTheTableBack) {
  Rng rng(2024);
  for (int trial = 0; trial < 200; ++trial) {
    const Table t = random_table(rng);
    const Encoding e = Encoding::fit(t);
    const Table back = e.decode(e.encode(t));
    ASSERT_EQ(back.cols(), t.cols());
    for (std::size_t j = 0; j < t.cols(); ++j) {
      const Column& a = t.columns[j];
      const Column& b = back.columns[j];
      ASSERT_EQ(b.name, a.name);
      ASSERT_EQ(b.type, a.type);
      ASSERT_EQ(b.levels, a.levels);
      for (std::size_t i = 0; i < t.rows(); ++i) {
        if (a.type == ColumnType::Numerical) {
          // (v − m)/s·s + m is v up to rounding of the two operations: a few ulps of the
          // larger of |v| and |m|, never more.
          const double tolerance = 8 * std::numeric_limits<double>::epsilon() *
                                   std::max(std::fabs(a.values[i]), std::fabs(e.columns()[j].mean));
          ASSERT_NEAR(b.values[i], a.values[i], tolerance) << a.name << " row " << i;
        } else {
          ASSERT_EQ(b.values[i], a.values[i]) << a.name << " row " << i;  // exact
        }
      }
    }
  }
}

}  // namespace
}  // namespace causalmix
