// Binding an expression to a schema: every name, label, z() argument and the treatment is
// checked before any data is read, each error pointing at the offending text.
#include <gtest/gtest.h>

#include <string>

#include "causalmix/error.hpp"
#include "causalmix/expr.hpp"

namespace causalmix {
namespace {

ColumnSpec spec(const std::string& name, ColumnType type, std::vector<std::string> levels = {}) {
  ColumnSpec s;
  s.name = name;
  s.type = type;
  s.levels = std::move(levels);
  return s;
}

Schema lalonde_like() {
  return {spec("age", ColumnType::Integer),
          spec("educ", ColumnType::Integer),
          spec("race", ColumnType::Categorical, {"black", "hispan", "white"}),
          spec("married", ColumnType::Binary, {"0", "1"}),
          spec("treat", ColumnType::Binary, {"0", "1"}),
          spec("re78", ColumnType::Numerical)};
}

std::string bind_error(const std::string& text, const std::string& treatment = "treat",
                       const Schema& schema = lalonde_like()) {
  try {
    Expression::parse(text, "effect").bind(schema, treatment);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

// The caret line of a message, as the number of spaces before '^' minus the indent.
long caret_offset(const std::string& message) {
  const std::string last = message.substr(message.rfind('\n') + 1);
  if (last.empty() || last.back() != '^') return -1;
  return static_cast<long>(last.size()) - 3;
}

TEST(ExprBind, ValidExpressionsBind) {
  const Schema schema = lalonde_like();
  EXPECT_NO_THROW(Expression::parse("1000 + 10*(age - 25) + 200*married").bind(schema, "treat"));
  EXPECT_NO_THROW(Expression::parse("if(race == \"black\", z(age), z(re78)) * T").bind(schema, "treat"));
  // Constant expressions need no columns and no treatment.
  EXPECT_NO_THROW(Expression::parse("0.1").bind({}, ""));
}

TEST(ExprBind, UnknownColumnSuggestsTheCloseName) {
  const std::string message = bind_error("0.1 * agee + 1");
  EXPECT_EQ(message.substr(0, message.find('\n')).find(
                "effect expression: no column named 'agee' (did you mean 'age'?)"),
            0u)
      << message;
  EXPECT_NE(message.find("\n  0.1 * agee + 1\n"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message), 6);
}

TEST(ExprBind, QuotedUnknownColumnPointsAtTheQuote) {
  const std::string message = bind_error("1 + `re 78`");
  EXPECT_NE(message.find("no column named 're 78'"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message), 4);
}

TEST(ExprBind, UnknownLabelListsTheLevels) {
  const std::string message = bind_error("0.1 * (race == \"blak\")");
  EXPECT_NE(message.find("\"blak\" is not a level of column 'race' (did you mean \"black\"?); "
                         "levels are: \"black\", \"hispan\", \"white\""),
            std::string::npos)
      << message;
  EXPECT_EQ(caret_offset(message), 15);
}

TEST(ExprBind, LabelAgainstANumberColumnIsAnError) {
  const std::string message = bind_error("age == \"30\"");
  EXPECT_NE(message.find("column 'age' is integer"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message), 7);
}

TEST(ExprBind, ZOfADiscreteColumnIsAnError) {
  const std::string message = bind_error("1 + z(race)");
  EXPECT_NE(message.find("z() needs a numerical or integer column; 'race' is categorical"),
            std::string::npos)
      << message;
  EXPECT_EQ(caret_offset(message), 6);
  EXPECT_NE(bind_error("z(ages)").find("did you mean 'age'"), std::string::npos);
}

TEST(ExprBind, TNeedsABinaryTreatmentColumn) {
  std::string message = bind_error("0.01 * T", "");
  EXPECT_NE(message.find("no treatment column is set"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message), 7);

  message = bind_error("0.01 * T", "treatment");
  EXPECT_NE(message.find("'treatment', which is not in the table"), std::string::npos) << message;

  message = bind_error("T + 1", "race");
  EXPECT_NE(message.find("categorical with 3 levels; it must be binary"), std::string::npos)
      << message;
  EXPECT_EQ(caret_offset(message), 0);

  message = bind_error("T == \"2\"");
  EXPECT_NE(message.find("\"2\" is not a level of column 'treat'"), std::string::npos) << message;

  // A treatment that T never mentions need not exist.
  EXPECT_NO_THROW(Expression::parse("age").bind(lalonde_like(), ""));
}

TEST(ExprBind, EvaluateBindsAgainstTheTable) {
  Table t;
  Column age;
  age.name = "age";
  age.type = ColumnType::Integer;
  age.values = {20, 30};
  t.columns.push_back(age);
  try {
    Expression::parse("ag + 1", "overlap").evaluate(t, "", {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("overlap expression: no column named 'ag' (did you mean 'age'?)"),
              std::string::npos)
        << e.what();
  }
}

TEST(ExprBind, DefaultConstructedExpressionRefusesToRun) {
  const Expression e;
  EXPECT_THROW(e.bind({}, ""), Error);
  EXPECT_FALSE(e.uses_treatment());
  EXPECT_TRUE(e.columns().empty());
}

}  // namespace
}  // namespace causalmix
