// Test helper: a column built from its parts, for hand-made tables.
#pragma once

#include <string>
#include <vector>

#include "causalmix/table.hpp"

namespace causalmix::testing {

inline Column make_column(const std::string& name, ColumnType type, std::vector<double> values,
                          std::vector<std::string> levels = {}) {
  Column c;
  c.name = name;
  c.type = type;
  c.values = std::move(values);
  c.levels = std::move(levels);
  return c;
}

}  // namespace causalmix::testing
