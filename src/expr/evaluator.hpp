// Evaluation of a bound expression over a whole table, one node at a time over all rows
// (a tight loop per node, not a tree walk per row), so millions of rows cost milliseconds.
#pragma once

#include <string>
#include <vector>

#include "causalmix/expr.hpp"
#include "expr/binder.hpp"

namespace causalmix {

// One value per row of `table`. Expects bind_expression to have accepted the tree against
// this table. Throws Error when z() lacks its training mean and sd, or when a value is
// not finite (naming the first such 1-based data row, and the missing column if any).
std::vector<double> evaluate_expression(const Expression::Node& root, const Source& source,
                                        const Table& table, const std::string& treatment,
                                        const Standardization& standardization);

}  // namespace causalmix
