// Knob expressions: τ(X), κ(X,T), α(X) or a target propensity e(X), written by the user over
// the original column values. Parsed once (errors point at the fault with a caret),
// evaluated on a whole table.
//
// Grammar: numbers, "strings", column names (bare identifiers, or `quoted names` in
// backticks), T (the treatment), + − * / ^ (power), unary −, comparisons < <= > >= == !=,
// `and`, `or`, `not`, parentheses, and the functions if(c,a,b), z(col), exp, log, tanh,
// sigmoid, abs, min, max, sqrt, pow. A binary or categorical column stands for the number of
// its label when labels are numbers ("0"/"1"), else for its code; `race == "black"` compares
// labels. Comparisons give 1 or 0.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "causalmix/table.hpp"

namespace causalmix {

// Mean and sd (ddof 1) of each numerical/integer column of the training table, for z(col).
struct Standardization {
  std::map<std::string, std::pair<double, double>> mean_sd;
  static Standardization fit(const Table& table);
};

class Expression {
 public:
  // `what` names the knob in messages ("effect", "confounding", …). Syntax errors throw
  // Error with the text and a caret line under the fault.
  static Expression parse(const std::string& text, const std::string& what = "expression");

  // Checks every name against the schema (unknown column → close matches; a label not among
  // a column's levels → the levels; z() of a discrete column → error). `treatment` is the
  // name of the treatment column, which `T` stands for.
  void bind(const Schema& schema, const std::string& treatment) const;

  // One value per row. A non-finite value throws Error naming the first such row
  // (1-based data row) and the expression.
  std::vector<double> evaluate(const Table& table, const std::string& treatment,
                               const Standardization& standardization) const;

  const std::string& text() const { return text_; }
  bool uses_treatment() const;
  bool is_constant() const;  // no column and no T
  std::vector<std::string> columns() const;  // column names referenced (without T)

  struct Node;  // the syntax tree (defined in src/expr)

 private:
  std::string text_;
  std::string what_;
  std::shared_ptr<const Node> root_;
};

}  // namespace causalmix
