// The expression language's syntax: precedence and associativity (checked through exact
// values), and every syntax error's message with its caret under the fault.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "causalmix/error.hpp"
#include "causalmix/expr.hpp"

namespace causalmix {
namespace {

// The value of an expression that needs no data, via a one-row table.
double value_of(const std::string& text) {
  Table table;
  Column x;
  x.name = "x";
  x.values = {3.0};
  table.columns.push_back(x);
  return Expression::parse(text).evaluate(table, "", Standardization{}).at(0);
}

std::string parse_error(const std::string& text, const std::string& what = "effect") {
  try {
    Expression::parse(text, what);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

// The 0-based offset in the expression that the caret points at; -1 when the message is
// not "<first line>\n  <text>\n  <spaces>^".
long caret_offset(const std::string& message, const std::string& text) {
  const auto first = message.find('\n');
  if (first == std::string::npos) return -1;
  const auto second = message.find('\n', first + 1);
  if (second == std::string::npos) return -1;
  if (message.substr(first + 1, second - first - 1) != "  " + text) return -1;
  const std::string caret_line = message.substr(second + 1);
  if (caret_line.size() < 3 || caret_line.back() != '^') return -1;
  if (caret_line.find_first_not_of(' ') != caret_line.size() - 1) return -1;
  return static_cast<long>(caret_line.size()) - 3;
}

std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

TEST(ExprParse, MultiplicationBindsTighterThanAddition) {
  EXPECT_DOUBLE_EQ(value_of("1 + 2 * 3"), 7.0);
  EXPECT_DOUBLE_EQ(value_of("(1 + 2) * 3"), 9.0);
  EXPECT_DOUBLE_EQ(value_of("2 * 3 + 1"), 7.0);
}

TEST(ExprParse, SubtractionAndDivisionAreLeftAssociative) {
  EXPECT_DOUBLE_EQ(value_of("10 - 4 - 3"), 3.0);
  EXPECT_DOUBLE_EQ(value_of("64 / 4 / 2"), 8.0);
  EXPECT_DOUBLE_EQ(value_of("8 / 2 * 4"), 16.0);
}

TEST(ExprParse, PowerIsRightAssociativeAndTighterThanUnaryMinus) {
  EXPECT_DOUBLE_EQ(value_of("2 ^ 3 ^ 2"), 512.0);
  EXPECT_DOUBLE_EQ(value_of("-2 ^ 2"), -4.0);
  EXPECT_DOUBLE_EQ(value_of("(-2) ^ 2"), 4.0);
  EXPECT_DOUBLE_EQ(value_of("2 ^ -1"), 0.5);
  EXPECT_DOUBLE_EQ(value_of("2 * 3 ^ 2"), 18.0);
  EXPECT_DOUBLE_EQ(value_of("- - 3"), 3.0);
  EXPECT_DOUBLE_EQ(value_of("+3 - -2"), 5.0);
}

TEST(ExprParse, NumbersInEveryNotation) {
  EXPECT_DOUBLE_EQ(value_of("1e-3"), 0.001);
  EXPECT_DOUBLE_EQ(value_of("2.5E2"), 250.0);
  EXPECT_DOUBLE_EQ(value_of(".5"), 0.5);
  EXPECT_DOUBLE_EQ(value_of("5."), 5.0);
  EXPECT_DOUBLE_EQ(value_of("1e+2"), 100.0);
}

TEST(ExprParse, ComparisonsAreLooserThanArithmeticAndTighterThanLogic) {
  EXPECT_DOUBLE_EQ(value_of("1 + 1 == 2"), 1.0);
  EXPECT_DOUBLE_EQ(value_of("2 < 1 + 2"), 1.0);
  EXPECT_DOUBLE_EQ(value_of("1 < 2 and 3 < 2"), 0.0);
  EXPECT_DOUBLE_EQ(value_of("1 < 2 or 3 < 2"), 1.0);
  // and binds tighter than or: 1 or (0 and 0) = 1, whereas (1 or 0) and 0 would be 0.
  EXPECT_DOUBLE_EQ(value_of("1 or 0 and 0"), 1.0);
  EXPECT_DOUBLE_EQ(value_of("1 || 0 && 0"), 1.0);
  // not is looser than comparison: not (1 == 2).
  EXPECT_DOUBLE_EQ(value_of("not 1 == 2"), 1.0);
  EXPECT_DOUBLE_EQ(value_of("!1 == 2"), 1.0);
  // ... and tighter than and: (not 0) and 0.
  EXPECT_DOUBLE_EQ(value_of("not 0 and 0"), 0.0);
  EXPECT_DOUBLE_EQ(value_of("2 * (1 < 2) + 1"), 3.0);
}

TEST(ExprParse, UnicodeMinusSignIsMinus) { EXPECT_DOUBLE_EQ(value_of("5 \u2212 2"), 3.0); }

TEST(ExprParse, UnexpectedTokenPointsAtIt) {
  const std::string text = "0.1 + (2*)";
  const std::string message = parse_error(text);
  EXPECT_EQ(first_line(message), "effect expression: unexpected ')' at column 10");
  EXPECT_EQ(caret_offset(message, text), 9);
}

TEST(ExprParse, WholeMessageHasTheExpressionAndCaretLines) {
  EXPECT_EQ(parse_error("1 + * 2", "confounding"),
            "confounding expression: unexpected '*' at column 5\n  1 + * 2\n      ^");
  EXPECT_EQ(parse_error("1 +", "expression"),
            "expression: unexpected end of expression at column 4\n  1 +\n     ^");
}

TEST(ExprParse, UnclosedParenthesisNamesTheOpener) {
  const std::string text = "(1 + 2";
  const std::string message = parse_error(text);
  EXPECT_NE(first_line(message).find("expected ')' to close the '(' at column 1"), std::string::npos)
      << message;
  EXPECT_EQ(caret_offset(message, text), 6);
}

TEST(ExprParse, TrailingTokensAreRejected) {
  const std::string text = "1 + 2 3";
  const std::string message = parse_error(text);
  EXPECT_NE(message.find("unexpected number 3 at column 7"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, text), 6);
  EXPECT_EQ(caret_offset(parse_error("(1))"), "(1))"), 3);
}

TEST(ExprParse, EmptyExpressionIsAnError) {
  EXPECT_NE(parse_error("   ").find("empty"), std::string::npos);
}

TEST(ExprParse, LexicalErrorsPointAtTheCharacter) {
  std::string message = parse_error("age # 2");
  EXPECT_NE(message.find("unexpected '#' at column 5"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, "age # 2"), 4);

  message = parse_error("a = 1");
  EXPECT_NE(message.find("use '=='"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, "a = 1"), 2);

  message = parse_error("a & b");
  EXPECT_NE(message.find("'&&'"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, "a & b"), 2);

  message = parse_error("race == \"black");
  EXPECT_NE(message.find("unterminated string"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, "race == \"black"), 8);

  message = parse_error("1 + `my col");
  EXPECT_NE(message.find("unterminated column name"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, "1 + `my col"), 4);

  message = parse_error("2 * 1e+");
  EXPECT_NE(message.find("malformed number '1e+'"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, "2 * 1e+"), 4);
}

TEST(ExprParse, CaretCountsCharactersNotBytes) {
  // "é" is two bytes in UTF-8 but one column on screen.
  const std::string text = "\u00e9t\u00e9 + )";
  const std::string message = parse_error(text);
  EXPECT_NE(message.find("at column 7"), std::string::npos) << message;
  EXPECT_EQ(message.substr(message.rfind('\n') + 1), "        ^");
}

TEST(ExprParse, WrongArgumentCountNamesTheFunction) {
  std::string message = parse_error("0.1 + if(x > 1, 2)");
  EXPECT_NE(first_line(message).find("if() takes 3 arguments, got 2"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, "0.1 + if(x > 1, 2)"), 6);

  message = parse_error("log(1, 2)");
  EXPECT_NE(message.find("log() takes 1 argument, got 2"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, "log(1, 2)"), 0);

  message = parse_error("1 + max(3)");
  EXPECT_NE(message.find("max() takes at least 2 arguments, got 1"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, "1 + max(3)"), 4);

  message = parse_error("pow()");
  EXPECT_NE(message.find("pow() takes 2 arguments, got 0"), std::string::npos) << message;
}

TEST(ExprParse, BadArgumentListIsAnError) {
  const std::string text = "min(1 2)";
  const std::string message = parse_error(text);
  EXPECT_NE(message.find("expected ',' or ')'"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, text), 6);
}

TEST(ExprParse, UnknownFunctionSuggestsCloseNames) {
  const std::string text = "2 * sigmod(x)";
  const std::string message = parse_error(text);
  EXPECT_NE(message.find("unknown function 'sigmod' (did you mean 'sigmoid'?)"), std::string::npos)
      << message;
  EXPECT_EQ(caret_offset(message, text), 4);
}

TEST(ExprParse, ZTakesOnlyAColumnName) {
  const std::string text = "z(age + 1)";
  const std::string message = parse_error(text);
  EXPECT_NE(message.find("z() takes a column name"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, text), 2);
}

TEST(ExprParse, StringsOnlyBesideAColumnInEquality) {
  std::string message = parse_error("\"black\" + 1");
  EXPECT_NE(message.find("a string can only be compared"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, "\"black\" + 1"), 0);

  message = parse_error("race < \"black\"");
  EXPECT_EQ(caret_offset(message, "race < \"black\""), 7);

  message = parse_error("\"a\" == \"b\"");
  EXPECT_EQ(caret_offset(message, "\"a\" == \"b\""), 0);

  EXPECT_NO_THROW(Expression::parse("race == \"black\""));
  EXPECT_NO_THROW(Expression::parse("\"black\" != race"));
  EXPECT_NO_THROW(Expression::parse("T == \"treated\""));
}

TEST(ExprParse, ComparisonsDoNotChain) {
  const std::string text = "1 < x < 3";
  const std::string message = parse_error(text);
  EXPECT_NE(message.find("comparisons do not chain"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, text), 6);
}

TEST(ExprParse, NotInsideArithmeticNeedsParentheses) {
  const std::string text = "1 + not x";
  const std::string message = parse_error(text);
  EXPECT_NE(message.find("parentheses"), std::string::npos) << message;
  EXPECT_EQ(caret_offset(message, text), 4);
  EXPECT_DOUBLE_EQ(value_of("1 + (not 0)"), 2.0);
}

TEST(ExprParse, AbsurdNestingIsRefusedNotACrash) {
  const std::string text = std::string(5000, '(') + "1" + std::string(5000, ')');
  EXPECT_NE(parse_error(text).find("nested too deeply"), std::string::npos);
  EXPECT_DOUBLE_EQ(value_of(std::string(200, '(') + "1" + std::string(200, ')')), 1.0);
}

TEST(ExprParse, ReportsColumnsTreatmentAndConstancy) {
  const auto e = Expression::parse("0.05 + 0.01*(age - 70)/10 + 0.015*cvd + age*`my col` + z(age)*T");
  EXPECT_EQ(e.columns(), (std::vector<std::string>{"age", "cvd", "my col"}));
  EXPECT_TRUE(e.uses_treatment());
  EXPECT_FALSE(e.is_constant());

  const auto c = Expression::parse("0.1 * exp(2) + min(1, 2)");
  EXPECT_TRUE(c.columns().empty());
  EXPECT_FALSE(c.uses_treatment());
  EXPECT_TRUE(c.is_constant());

  // `T` in backquotes is a column named T, not the treatment.
  const auto quoted = Expression::parse("`T` + 1");
  EXPECT_FALSE(quoted.uses_treatment());
  EXPECT_EQ(quoted.columns(), (std::vector<std::string>{"T"}));

  // Only T makes an expression depend on the treatment.
  const auto t_only = Expression::parse("0.02 * T");
  EXPECT_TRUE(t_only.uses_treatment());
  EXPECT_FALSE(t_only.is_constant());
  EXPECT_TRUE(t_only.columns().empty());
  EXPECT_EQ(t_only.text(), "0.02 * T");
}

TEST(ExprParse, IdentifiersMayHoldDotsDigitsAndUnderscores) {
  const auto e = Expression::parse("re.74 + x_1 + _y2");
  EXPECT_EQ(e.columns(), (std::vector<std::string>{"re.74", "x_1", "_y2"}));
}

}  // namespace
}  // namespace causalmix
