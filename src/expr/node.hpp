// The syntax tree of a knob expression: what the parser builds and the binder and the
// evaluator walk. Each node remembers where it starts in the text so errors can point at it.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "causalmix/expr.hpp"

namespace causalmix {

enum class NodeKind {
  Number,     // a literal: `number`
  String,     // a "label": `name`; only as an operand of == or != next to a column or T
  Column,     // a column reference: `name`
  Treatment,  // T
  Negate,     // −operand
  Not,        // not operand
  Binary,     // operands[0] `op` operands[1]
  Call,       // `function`(operands...)
};

enum class BinaryOp {
  Add, Subtract, Multiply, Divide, Power,
  Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual,
  And, Or,
};

enum class Function { If, Z, Exp, Log, Tanh, Sigmoid, Abs, Min, Max, Sqrt, Pow };

const char* to_string(BinaryOp op);  // the operator as written: "+", "<=", "and", ...
bool is_comparison(BinaryOp op);

struct Expression::Node {
  NodeKind kind = NodeKind::Number;
  // Byte offset in the expression text of the token this node is reported at: the literal,
  // the name, the operator of a unary or binary node, the function name of a call.
  std::size_t position = 0;
  double number = 0.0;
  std::string name;  // column name, string label, or function name as written
  BinaryOp op = BinaryOp::Add;
  Function function = Function::If;
  std::vector<std::shared_ptr<const Node>> operands;
};

using NodePtr = std::shared_ptr<const Expression::Node>;

// Calls `visit` on every node of the tree, parents before children.
template <class Visit>
void for_each_node(const Expression::Node& node, Visit&& visit) {
  visit(node);
  for (const auto& operand : node.operands) for_each_node(*operand, visit);
}

}  // namespace causalmix
