#include "expr/parser.hpp"

#include <algorithm>

#include "causalmix/error.hpp"
#include "expr/diagnostics.hpp"
#include "expr/functions.hpp"
#include "expr/lexer.hpp"

namespace causalmix {
namespace {

// Binding strength of operators; higher binds tighter.
constexpr int kOrPrecedence = 1;
constexpr int kAndPrecedence = 2;
constexpr int kNotPrecedence = 3;
constexpr int kComparisonPrecedence = 4;
constexpr int kAdditivePrecedence = 5;
constexpr int kMultiplicativePrecedence = 6;
constexpr int kNegatePrecedence = 7;
constexpr int kPowerPrecedence = 8;

// Deep enough for any formula a person writes; shallow enough that the recursive parser
// and evaluator cannot exhaust the stack on a pathological one.
constexpr std::size_t kMaxDepth = 1000;

struct BinaryOperator {
  BinaryOp op;
  int precedence;
};

std::optional<BinaryOperator> binary_operator(const Token& token) {
  if (token.kind != TokenKind::Operator) return std::nullopt;
  const std::string& t = token.text;
  if (t == "or") return BinaryOperator{BinaryOp::Or, kOrPrecedence};
  if (t == "and") return BinaryOperator{BinaryOp::And, kAndPrecedence};
  if (t == "<") return BinaryOperator{BinaryOp::Less, kComparisonPrecedence};
  if (t == "<=") return BinaryOperator{BinaryOp::LessEqual, kComparisonPrecedence};
  if (t == ">") return BinaryOperator{BinaryOp::Greater, kComparisonPrecedence};
  if (t == ">=") return BinaryOperator{BinaryOp::GreaterEqual, kComparisonPrecedence};
  if (t == "==") return BinaryOperator{BinaryOp::Equal, kComparisonPrecedence};
  if (t == "!=") return BinaryOperator{BinaryOp::NotEqual, kComparisonPrecedence};
  if (t == "+") return BinaryOperator{BinaryOp::Add, kAdditivePrecedence};
  if (t == "-") return BinaryOperator{BinaryOp::Subtract, kAdditivePrecedence};
  if (t == "*") return BinaryOperator{BinaryOp::Multiply, kMultiplicativePrecedence};
  if (t == "/") return BinaryOperator{BinaryOp::Divide, kMultiplicativePrecedence};
  if (t == "^") return BinaryOperator{BinaryOp::Power, kPowerPrecedence};
  return std::nullopt;
}

class Parser {
 public:
  Parser(const std::string& text, const std::string& what)
      : text_(text), what_(what), tokens_(tokenize(text, what)) {}

  NodePtr run() {
    if (current().kind == TokenKind::End) fail(0, "the expression is empty (write 0 for none)");
    NodePtr root = expression(0, 0);
    if (current().kind != TokenKind::End) unexpected(current());
    check_strings(*root, nullptr);
    return root;
  }

 private:
  const std::string& text_;
  const std::string& what_;
  std::vector<Token> tokens_;
  std::size_t at_ = 0;

  const Token& current() const { return tokens_[at_]; }
  const Token& advance() { return tokens_[at_ < tokens_.size() - 1 ? at_++ : at_]; }

  std::string column_of(std::size_t position) const {
    return std::to_string(display_column(text_, position));
  }

  [[noreturn]] void fail(std::size_t position, const std::string& message) const {
    fail_at(what_, text_, position, message);
  }

  [[noreturn]] void unexpected(const Token& token) const {
    fail(token.position, "unexpected " + describe(token, text_) + " at column " +
                             column_of(token.position));
  }

  void check_depth(std::size_t depth, const Token& token) const {
    if (depth > kMaxDepth)
      fail(token.position, "expression nested too deeply (more than " +
                               std::to_string(kMaxDepth) + " levels) at column " +
                               column_of(token.position));
  }

  static std::shared_ptr<Expression::Node> make(NodeKind kind, std::size_t position) {
    auto node = std::make_shared<Expression::Node>();
    node->kind = kind;
    node->position = position;
    return node;
  }

  // Precedence climbing: parse operands and every binary operator binding at least as
  // tightly as `min_precedence`. `depth` counts the enclosing nodes, to bound the recursion.
  NodePtr expression(int min_precedence, std::size_t depth) {
    NodePtr left = prefix(min_precedence, depth);
    std::size_t chain = 0;  // left-leaning chains like 1+1+1 deepen the tree without recursing
    while (auto found = binary_operator(current())) {
      if (found->precedence < min_precedence) break;
      const Token& op_token = advance();
      check_depth(depth + ++chain, op_token);
      const bool right_associative = found->op == BinaryOp::Power;
      NodePtr right = expression(found->precedence + (right_associative ? 0 : 1), depth + chain);
      auto node = make(NodeKind::Binary, op_token.position);
      node->op = found->op;
      node->operands = {left, right};
      left = node;
      if (found->precedence == kComparisonPrecedence) {
        if (auto next = binary_operator(current());
            next && next->precedence == kComparisonPrecedence)
          fail(current().position, "comparisons do not chain: write (a < b) and (b < c), at column " +
                                       column_of(current().position));
      }
    }
    return left;
  }

  NodePtr prefix(int min_precedence, std::size_t depth) {
    const Token& token = current();
    check_depth(depth + 1, token);
    if (token.kind == TokenKind::Operator && (token.text == "-" || token.text == "+")) {
      advance();
      NodePtr operand = expression(kNegatePrecedence, depth + 1);
      if (token.text == "+") return operand;
      auto node = make(NodeKind::Negate, token.position);
      node->operands = {operand};
      return node;
    }
    if (token.kind == TokenKind::Operator && token.text == "not") {
      // `1 + not x == 2` has no obvious reading; ask for parentheses rather than guess.
      if (min_precedence > kNotPrecedence)
        fail(token.position, "put '" + text_.substr(token.position, token.length) +
                                 " ...' in parentheses here, at column " +
                                 column_of(token.position));
      advance();
      NodePtr operand = expression(kNotPrecedence, depth + 1);
      auto node = make(NodeKind::Not, token.position);
      node->operands = {operand};
      return node;
    }
    return primary(depth);
  }

  NodePtr primary(std::size_t depth) {
    const Token& token = advance();
    switch (token.kind) {
      case TokenKind::Number: {
        auto node = make(NodeKind::Number, token.position);
        node->number = token.number;
        return node;
      }
      case TokenKind::String: {
        auto node = make(NodeKind::String, token.position);
        node->name = token.text;
        return node;
      }
      case TokenKind::QuotedName: {
        auto node = make(NodeKind::Column, token.position);
        node->name = token.text;
        return node;
      }
      case TokenKind::Name: {
        if (current().kind == TokenKind::LeftParen) return call(token, depth);
        auto node = make(token.text == "T" ? NodeKind::Treatment : NodeKind::Column,
                         token.position);
        node->name = token.text;
        return node;
      }
      case TokenKind::LeftParen: {
        NodePtr inner = expression(0, depth + 1);
        if (current().kind != TokenKind::RightParen)
          fail(current().position, "expected ')' to close the '(' at column " +
                                       column_of(token.position) + ", found " +
                                       describe(current(), text_));
        advance();
        return inner;
      }
      default: unexpected(token);
    }
  }

  NodePtr call(const Token& name, std::size_t depth) {
    const std::size_t open = current().position;
    advance();  // '('
    const auto info = find_function(name.text);
    if (!info) {
      std::string message = "unknown function '" + name.text + "'";
      const auto close = close_matches(name.text, function_names());
      if (!close.empty()) {
        message += " (did you mean ";
        for (std::size_t i = 0; i < close.size(); ++i)
          message += (i ? ", '" : "'") + close[i] + "'";
        message += "?)";
      }
      message += "; functions are:";
      for (const auto& n : function_names()) message += " " + n;
      fail(name.position, message);
    }
    auto node = make(NodeKind::Call, name.position);
    node->name = name.text;
    node->function = info->function;
    std::vector<std::size_t> argument_starts;
    if (current().kind != TokenKind::RightParen) {
      while (true) {
        argument_starts.push_back(current().position);
        node->operands.push_back(expression(0, depth + 1));
        if (current().kind == TokenKind::Comma) {
          advance();
          continue;
        }
        if (current().kind == TokenKind::RightParen) break;
        fail(current().position, "expected ',' or ')' in the call of " + name.text +
                                     "() opened at column " + column_of(open) + ", found " +
                                     describe(current(), text_));
      }
    }
    advance();  // ')'
    const std::size_t count = node->operands.size();
    if (count < info->min_arguments || count > info->max_arguments) {
      std::string expected;
      if (info->min_arguments == info->max_arguments)
        expected = std::to_string(info->min_arguments) +
                   (info->min_arguments == 1 ? " argument" : " arguments");
      else
        expected = "at least " + std::to_string(info->min_arguments) + " arguments";
      fail(name.position, name.text + "() takes " + expected + ", got " + std::to_string(count) +
                              ": " + info->arguments);
    }
    if (info->function == Function::Z && node->operands[0]->kind != NodeKind::Column)
      fail(argument_starts[0],
           "z() takes a column name, as in z(age) or z(`my column`)");
    return node;
  }

  // A "label" means a level of a discrete column, so it may stand only beside one in
  // == or != (`race == "black"`, `"black" != race`, `T == "treated"`).
  void check_strings(const Expression::Node& node, const Expression::Node* parent) const {
    if (node.kind == NodeKind::String) {
      bool allowed = false;
      if (parent && parent->kind == NodeKind::Binary &&
          (parent->op == BinaryOp::Equal || parent->op == BinaryOp::NotEqual)) {
        const auto& other =
            parent->operands[0].get() == &node ? *parent->operands[1] : *parent->operands[0];
        allowed = other.kind == NodeKind::Column || other.kind == NodeKind::Treatment;
      }
      if (!allowed)
        fail(node.position, "a string can only be compared with == or != to a column, as in "
                            "race == \"black\"");
    }
    for (const auto& operand : node.operands) check_strings(*operand, &node);
  }
};

}  // namespace

const char* to_string(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Subtract: return "-";
    case BinaryOp::Multiply: return "*";
    case BinaryOp::Divide: return "/";
    case BinaryOp::Power: return "^";
    case BinaryOp::Less: return "<";
    case BinaryOp::LessEqual: return "<=";
    case BinaryOp::Greater: return ">";
    case BinaryOp::GreaterEqual: return ">=";
    case BinaryOp::Equal: return "==";
    case BinaryOp::NotEqual: return "!=";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
  }
  return "?";
}

bool is_comparison(BinaryOp op) {
  return op == BinaryOp::Less || op == BinaryOp::LessEqual || op == BinaryOp::Greater ||
         op == BinaryOp::GreaterEqual || op == BinaryOp::Equal || op == BinaryOp::NotEqual;
}

NodePtr parse_expression(const std::string& text, const std::string& what) {
  return Parser(text, what).run();
}

}  // namespace causalmix
