// Evaluating knob expressions on tables: every function, comparisons and logic, if(),
// discrete columns (labels, numeric labels, codes), z(), T, and the non-finite-row error.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "causalmix/error.hpp"
#include "causalmix/expr.hpp"

namespace causalmix {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Column numerical(const std::string& name, std::vector<double> values,
                 ColumnType type = ColumnType::Numerical) {
  Column c;
  c.name = name;
  c.type = type;
  c.values = std::move(values);
  return c;
}

Column discrete(const std::string& name, ColumnType type, std::vector<std::string> levels,
                std::vector<double> codes) {
  Column c;
  c.name = name;
  c.type = type;
  c.levels = std::move(levels);
  c.values = std::move(codes);
  return c;
}

// Four rows: x numerical, n integer, race categorical (labels), grade categorical with
// numeric labels, treat binary with labels "no"/"yes", smoker binary "0"/"1".
Table sample_table() {
  Table t;
  t.columns.push_back(numerical("x", {0.5, -1.0, 2.0, 4.0}));
  t.columns.push_back(numerical("n", {1, 2, 3, 4}, ColumnType::Integer));
  t.columns.push_back(discrete("race", ColumnType::Categorical, {"black", "hispan", "white"},
                               {0, 2, 1, 2}));
  t.columns.push_back(discrete("grade", ColumnType::Categorical, {"2", "5", "10"}, {2, 0, 1, 0}));
  t.columns.push_back(discrete("treat", ColumnType::Binary, {"no", "yes"}, {1, 0, 0, 1}));
  t.columns.push_back(discrete("smoker", ColumnType::Binary, {"0", "1"}, {0, 1, 1, 0}));
  t.columns.push_back(numerical("my col", {10, 20, 30, 40}));
  return t;
}

std::vector<double> eval(const std::string& text, const Table& table = sample_table(),
                         const Standardization& standardization = {}) {
  return Expression::parse(text).evaluate(table, "treat", standardization);
}

void expect_values(const std::vector<double>& got, const std::vector<double>& expected) {
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], expected[i], 1e-12 * (1 + std::abs(expected[i]))) << "row " << i;
}

std::string evaluation_error(const std::string& text, const Table& table = sample_table(),
                             const Standardization& standardization = {},
                             const std::string& what = "effect") {
  try {
    Expression::parse(text, what).evaluate(table, "treat", standardization);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

TEST(ExprEvaluate, ArithmeticOverColumnsRowByRow) {
  expect_values(eval("0.05 + 0.01*(x - 1)/2"), {0.0475, 0.04, 0.055, 0.065});
  expect_values(eval("x * n - `my col` / 10"), {-0.5, -4.0, 3.0, 12.0});
  expect_values(eval("-x ^ 2"), {-0.25, -1.0, -4.0, -16.0});
  expect_values(eval("n ^ 2 ^ 0.5"), {1.0, std::pow(2.0, std::sqrt(2.0)),
                                      std::pow(3.0, std::sqrt(2.0)), std::pow(4.0, std::sqrt(2.0))});
}

TEST(ExprEvaluate, ConstantsFillEveryRow) {
  expect_values(eval("1000"), {1000, 1000, 1000, 1000});
  expect_values(eval("2 * 3 + x * 0"), {6, 6, 6, 6});
  Table empty;
  EXPECT_TRUE(Expression::parse("0.1").evaluate(empty, "", {}).empty());
}

TEST(ExprEvaluate, EveryFunction) {
  expect_values(eval("exp(x)"), {std::exp(0.5), std::exp(-1.0), std::exp(2.0), std::exp(4.0)});
  expect_values(eval("log(n)"), {0.0, std::log(2.0), std::log(3.0), std::log(4.0)});
  expect_values(eval("tanh(x)"), {std::tanh(0.5), std::tanh(-1.0), std::tanh(2.0), std::tanh(4.0)});
  expect_values(eval("sigmoid(x)"), {1 / (1 + std::exp(-0.5)), 1 / (1 + std::exp(1.0)),
                                     1 / (1 + std::exp(-2.0)), 1 / (1 + std::exp(-4.0))});
  expect_values(eval("abs(x)"), {0.5, 1.0, 2.0, 4.0});
  expect_values(eval("sqrt(n)"), {1.0, std::sqrt(2.0), std::sqrt(3.0), 2.0});
  expect_values(eval("pow(n, 3)"), {1, 8, 27, 64});
  expect_values(eval("pow(2, x)"), {std::sqrt(2.0), 0.5, 4.0, 16.0});
  expect_values(eval("min(x, 1)"), {0.5, -1.0, 1.0, 1.0});
  expect_values(eval("max(x, 1)"), {1.0, 1.0, 2.0, 4.0});
  expect_values(eval("min(x, n, 1.5)"), {0.5, -1.0, 1.5, 1.5});
  expect_values(eval("max(3, x, n)"), {3, 3, 3, 4});
}

TEST(ExprEvaluate, SigmoidIsStableForLargeArguments) {
  const auto v = eval("sigmoid(1000 * x)");
  expect_values(v, {1.0, 0.0, 1.0, 1.0});
  EXPECT_GE(v[1], 0.0);
  EXPECT_DOUBLE_EQ(eval("sigmoid(-800 + 0*x)")[0], 1.0 / (1.0 + std::exp(800.0)));
}

TEST(ExprEvaluate, ComparisonsGiveOneOrZero) {
  expect_values(eval("x < 2"), {1, 1, 0, 0});
  expect_values(eval("x <= 2"), {1, 1, 1, 0});
  expect_values(eval("x > 0.5"), {0, 0, 1, 1});
  expect_values(eval("x >= 0.5"), {1, 0, 1, 1});
  expect_values(eval("n == 3"), {0, 0, 1, 0});
  expect_values(eval("n != 3"), {1, 1, 0, 1});
}

TEST(ExprEvaluate, LogicTreatsNonZeroAsTrue) {
  expect_values(eval("x > 0 and n > 1"), {0, 0, 1, 1});
  expect_values(eval("x < 0 or n == 4"), {0, 1, 0, 1});
  expect_values(eval("x > 0 && not (n == 3)"), {1, 0, 0, 1});
  expect_values(eval("!(x > 0) || n == 1"), {1, 1, 0, 0});
  expect_values(eval("not x"), {0, 0, 0, 0});
  expect_values(eval("x - 0.5 and 1"), {0, 1, 1, 1});
}

TEST(ExprEvaluate, IfSelectsPerRow) {
  expect_values(eval("if(x > 1, 100, -100)"), {-100, -100, 100, 100});
  expect_values(eval("if(n == 2, x, n * 10)"), {10, -1, 30, 40});
  expect_values(eval("if(1, x, 0)"), {0.5, -1.0, 2.0, 4.0});
  expect_values(eval("if(0, 1, 2)"), {2, 2, 2, 2});
  // A non-finite value in the branch a row does not take is harmless.
  expect_values(eval("if(x > 0, log(x), 0)"), {std::log(0.5), 0.0, std::log(2.0), std::log(4.0)});
}

TEST(ExprEvaluate, CategoricalEqualityComparesLabels) {
  expect_values(eval("race == \"white\""), {0, 1, 0, 1});
  expect_values(eval("\"white\" == race"), {0, 1, 0, 1});
  expect_values(eval("race != \"black\""), {0, 1, 1, 1});
  expect_values(eval("\"hispan\" != race"), {1, 1, 0, 1});
  expect_values(eval("0.1 + 0.05 * (race == \"black\")"), {0.15, 0.1, 0.1, 0.1});
  // Labels of a numeric-looking categorical column are compared as labels too.
  expect_values(eval("grade == \"10\""), {1, 0, 0, 0});
}

TEST(ExprEvaluate, DiscreteColumnsStandForTheirNumbersOrCodes) {
  // Non-numeric labels: the level code (black 0, hispan 1, white 2).
  expect_values(eval("race"), {0, 2, 1, 2});
  // Numeric labels "2", "5", "10": the number, not the code.
  expect_values(eval("grade"), {10, 2, 5, 2});
  expect_values(eval("grade == 5"), {0, 0, 1, 0});
}

TEST(ExprEvaluate, BinaryColumnsAreZeroOrOne) {
  expect_values(eval("0.015 * smoker"), {0.0, 0.015, 0.015, 0.0});
  expect_values(eval("smoker == 1"), {0, 1, 1, 0});
  expect_values(eval("smoker == \"1\""), {0, 1, 1, 0});
  // "no"/"yes" are not numbers: their codes 0 and 1.
  expect_values(eval("treat + 1"), {2, 1, 1, 2});
  expect_values(eval("treat == \"yes\""), {1, 0, 0, 1});
}

TEST(ExprEvaluate, TIsTheTreatmentCode) {
  expect_values(eval("T"), {1, 0, 0, 1});
  expect_values(eval("0.03 * T + 0.01 * (1 - T)"), {0.03, 0.01, 0.01, 0.03});
  expect_values(eval("T == \"no\""), {0, 1, 1, 0});
  // T follows the column named as the treatment.
  expect_values(Expression::parse("T").evaluate(sample_table(), "smoker", {}), {0, 1, 1, 0});
}

TEST(ExprEvaluate, ZUsesTrainingMeanAndSd) {
  Standardization s;
  s.mean_sd["x"] = {1.0, 2.0};
  s.mean_sd["my col"] = {25.0, 10.0};
  expect_values(eval("z(x)", sample_table(), s), {-0.25, -1.0, 0.5, 1.5});
  expect_values(eval("0.1 * z(`my col`)", sample_table(), s), {-0.15, -0.05, 0.05, 0.15});
  // Fitted on the table itself: x has mean 1.375 and sd (ddof 1) of {0.5,-1,2,4}.
  const auto fitted = Standardization::fit(sample_table());
  const double sd = std::sqrt((0.765625 + 5.640625 + 0.390625 + 6.890625) / 3.0);
  expect_values(eval("z(x)", sample_table(), fitted),
                {(0.5 - 1.375) / sd, (-1 - 1.375) / sd, (2 - 1.375) / sd, (4 - 1.375) / sd});
}

TEST(ExprEvaluate, ZWithoutTrainingStatisticsIsAnError) {
  Standardization s;
  s.mean_sd["x"] = {1.0, 2.0};
  const std::string message = evaluation_error("1 + z(n)", sample_table(), s);
  EXPECT_NE(message.find("effect expression: z(n) has no training mean and sd for column 'n'"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("\n  1 + z(n)\n      ^"), std::string::npos) << message;

  s.mean_sd["n"] = {2.0, 0.0};
  EXPECT_NE(evaluation_error("z(n)", sample_table(), s).find("standard deviation 0"),
            std::string::npos);
}

TEST(ExprEvaluate, NonFiniteResultNamesTheFirstRow) {
  Table t;
  std::vector<double> x(20, 1.0);
  x[16] = 0.0;  // data row 17
  x[18] = -1.0;
  t.columns.push_back(numerical("x", x));
  EXPECT_EQ(evaluation_error("log(x)", t), "effect expression 'log(x)' is -inf at data row 17");
  EXPECT_EQ(evaluation_error("1 / (x - 1)", t, {}, "confounding"),
            "confounding expression '1 / (x - 1)' is inf at data row 1");
  EXPECT_EQ(evaluation_error("sqrt(x) + 0*log(x + 1)", t), "effect expression 'sqrt(x) + 0*log(x + 1)' is nan at data row 19");
  EXPECT_EQ(evaluation_error("0 / 0", t), "effect expression '0 / 0' is nan on every row");
  EXPECT_EQ(evaluation_error("exp(1000 * x)", t), "effect expression 'exp(1000 * x)' is inf at data row 1");
}

TEST(ExprEvaluate, MissingValuesAreReportedNotHidden) {
  Table t;
  t.columns.push_back(numerical("age", {30, kNaN, 50}));
  // A comparison with a missing value does not quietly become "false".
  EXPECT_EQ(evaluation_error("age > 40", t),
            "effect expression 'age > 40' is nan at data row 2 (column 'age' is missing there)");
  // ... unless the row never looks at it.
  expect_values(Expression::parse("if(0, age, 1)").evaluate(t, "", {}), {1, 1, 1});
}

TEST(ExprEvaluate, MillionRowsEvaluateColumnWise) {
  // A million rows through a dozen nodes: column-wise evaluation keeps this to
  // milliseconds (not timed here; a per-row tree walk would make the suite crawl).
  const std::size_t rows = 1'000'000;
  Table t;
  std::vector<double> age(rows), grp(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    age[i] = 20.0 + static_cast<double>(i % 60);
    grp[i] = static_cast<double>(i % 3);
  }
  t.columns.push_back(numerical("age", std::move(age)));
  t.columns.push_back(discrete("race", ColumnType::Categorical, {"a", "b", "c"}, std::move(grp)));
  const auto v = Expression::parse("0.05 + 0.01*(age - 70)/10 + 0.015*(race == \"b\") + "
                                   "if(age > 50, tanh(age / 100), 0)")
                     .evaluate(t, "", {});
  ASSERT_EQ(v.size(), rows);
  for (std::size_t i : {std::size_t{0}, std::size_t{31}, std::size_t{999'999}}) {
    const double a = 20.0 + static_cast<double>(i % 60);
    const double expected = 0.05 + 0.01 * (a - 70) / 10 + 0.015 * (i % 3 == 1 ? 1 : 0) +
                            (a > 50 ? std::tanh(a / 100) : 0.0);
    EXPECT_NEAR(v[i], expected, 1e-15) << "row " << i;
  }
}

}  // namespace
}  // namespace causalmix
