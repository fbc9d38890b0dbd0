// Knob expressions: τ(X), κ(X,T), α(X) or a target propensity e(X), written by the user over
// the original column values. Parsed once (errors point at the fault with a caret),
// evaluated on a whole table, column-wise (one tight loop per node over all rows).
//
// Grammar: numbers (2, .5, 1e-3), "strings", column names (bare identifiers of letters,
// digits, _ and ., or `quoted names` in backticks), T (the treatment), + − * / ^ (power),
// unary −, comparisons < <= > >= == !=, `and`, `or`, `not` (also &&, ||, !), parentheses,
// and the functions if(c,a,b), z(col), exp, log, tanh, sigmoid, abs, min, max (2 or more
// arguments), sqrt, pow. Precedence, loosest first: or; and; not; comparisons (which do not
// chain); + −; * /; unary −; ^ (right-associative: 2^3^2 = 512, −2^2 = −4).
//
// Values: a numerical/integer column is its value; a binary or categorical column stands for
// the number of its label when labels are numbers ("0"/"1"), else for its code; T is the
// treatment's level code (0/1). `race == "black"` (either order, or !=) compares labels.
// Comparisons and logic give 1 or 0, non-zero counts as true; a missing value (NaN) stays
// NaN through them, so it is reported rather than read as false. if() computes both branches
// for every row and keeps the chosen one, so a branch's log(0) only matters where it is taken.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "causalmix/table.hpp"

namespace causalmix {

// Mean and sd (ddof 1) of each numerical/integer column of the training table, for z(col),
// over its present values; a column with fewer than two present values has no entry.
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
  // name of the treatment column, which `T` stands for; it must be binary, and may be ""
  // when the expression does not use T.
  void bind(const Schema& schema, const std::string& treatment) const;

  // One value per row; binds against the table's columns first. A non-finite value (a
  // division by zero, log(0), a missing entry) throws Error naming the first such row
  // (1-based data row) and the expression; z() of a column without a `standardization`
  // entry, or with sd 0, throws too.
  std::vector<double> evaluate(const Table& table, const std::string& treatment,
                               const Standardization& standardization) const;

  const std::string& text() const { return text_; }
  bool uses_treatment() const;  // mentions T (naming the treatment column itself does not count)
  bool is_constant() const;  // no column and no T
  std::vector<std::string> columns() const;  // column names referenced (without T)

  struct Node;  // the syntax tree (defined in src/expr)

 private:
  std::string text_;
  std::string what_;
  std::shared_ptr<const Node> root_;
};

}  // namespace causalmix
