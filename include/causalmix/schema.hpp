// The schema file: a YAML list of columns with type, levels and bounds, printed by
// `causalmix schema`, edited by the user, and passed back to override inference.
#pragma once

#include <string>

#include "causalmix/table.hpp"

namespace causalmix {

// YAML text the user can edit:
//   columns:
//     - name: age
//       type: integer
//       lower: 0        # optional bounds for numerical/integer
//     - name: race
//       type: categorical
//       levels: [black, hispan, white]
std::string schema_to_yaml(const Schema& schema);
// The same, with the range of each numerical and integer column in the data as a comment.
std::string schema_to_yaml(const Table& table);
// Throws Error("schema.yaml:7: …") for bad YAML, unknown keys or types, levels on a
// numerical column, bounds on a discrete one, and the like. Levels come back sorted.
Schema schema_from_yaml(const std::string& text, const std::string& source_name);
Schema read_schema_file(const std::string& path);

}  // namespace causalmix
