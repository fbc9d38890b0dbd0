// Binding: checks a parsed expression against the columns it will run on (names, types,
// labels, the treatment) before any row is touched, so a bad knob fails at once.
#pragma once

#include <string>
#include <vector>

#include "causalmix/table.hpp"
#include "expr/node.hpp"

namespace causalmix {

// The columns an expression can see, from a schema or from a table (whose columns are
// specs too), without copying either.
class ColumnCatalog {
 public:
  explicit ColumnCatalog(const Schema& schema);
  explicit ColumnCatalog(const Table& table);

  const ColumnSpec* find(const std::string& name) const;  // nullptr when absent
  std::vector<std::string> names() const;

 private:
  std::vector<const ColumnSpec*> specs_;
};

// What the parsed text is, for error messages with a caret.
struct Source {
  const std::string& text;
  const std::string& what;  // the knob: "effect", "confounding", ...
};

// Throws Error (with a caret under the offending name, label or call) when a column is
// unknown (naming close matches), a label is not among its column's levels (listing them),
// a label is compared to a non-discrete column, z() is applied to a discrete column, or T is
// used while the treatment column is unset, absent or not binary.
void bind_expression(const Expression::Node& root, const Source& source,
                     const ColumnCatalog& columns, const std::string& treatment);

// The treatment's column spec when it is usable as T, else throws (caret at `position`).
const ColumnSpec& treatment_spec(const Source& source, std::size_t position,
                                 const ColumnCatalog& columns, const std::string& treatment);

// The level code of `label` in `spec`, or throws (caret at `position`) listing the levels.
std::size_t level_code(const Source& source, std::size_t position, const ColumnSpec& spec,
                       const std::string& label);

}  // namespace causalmix
