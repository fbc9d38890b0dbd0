#include "cli/table_options.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>

#include "causalmix/error.hpp"
#include "causalmix/schema.hpp"
#include "cli/command.hpp"

namespace causalmix::cli {
namespace {

std::optional<double> parse_bound(const std::string& text, const std::string& flag) {
  if (text.empty()) return std::nullopt;
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(value))
    throw Error("--bounds '" + flag + "': '" + text + "' is not a number");
  return value;
}

// "col=lo:hi", either side may be empty; the name is everything before the last '='.
std::pair<std::string, ColumnBounds> parse_bounds_flag(const std::string& flag) {
  const auto equals = flag.rfind('=');
  const auto colon = equals == std::string::npos ? std::string::npos : flag.find(':', equals);
  if (equals == std::string::npos || equals == 0 || colon == std::string::npos)
    throw Error("--bounds '" + flag + "': expected COLUMN=LOWER:UPPER (either side may be empty)");
  ColumnBounds bounds;
  bounds.lower = parse_bound(flag.substr(equals + 1, colon - equals - 1), flag);
  bounds.upper = parse_bound(flag.substr(colon + 1), flag);
  if (!bounds.lower && !bounds.upper)
    throw Error("--bounds '" + flag + "': give a lower bound, an upper bound or both");
  if (bounds.lower && bounds.upper && *bounds.lower > *bounds.upper)
    throw Error("--bounds '" + flag + "': the lower bound is above the upper bound");
  return {flag.substr(0, equals), bounds};
}

}  // namespace

void TableOptions::add_to(CLI::App* command) {
  command->add_option("--schema", schema_file,
                      "Schema file (YAML, as printed by `causalmix schema`) fixing column types, "
                      "levels and bounds");
  auto column_list = [&](const char* flag, std::vector<std::string>& into, const char* help) {
    command->add_option(flag, into, help)->delimiter(',')->allow_extra_args(false)->type_name("COLS");
  };
  column_list("--binary", binary, "Columns to read as binary (comma-separated or repeated)");
  column_list("--categorical", categorical, "Columns to read as categorical");
  column_list("--integer", integer, "Columns to read as integer");
  column_list("--numerical", numerical, "Columns to read as numerical");
  command
      ->add_option("--bounds", bounds,
                   "Bounds of a numerical or integer column, COL=LO:HI (either side may be empty; "
                   "repeatable)")
      ->allow_extra_args(false)
      ->type_name("COL=LO:HI");
  command->add_flag("--drop-missing", drop_missing,
                    "Drop rows with missing values (empty, NA, NaN, null) instead of failing");
}

ReadOptions TableOptions::read_options() const {
  ReadOptions options;
  if (!schema_file.empty()) options.declared = read_schema_file(schema_file);
  std::map<std::string, const char*> flag_of;  // column -> the flag that typed it
  const std::pair<const char*, const std::vector<std::string>*> typed[] = {
      {"--binary", &binary}, {"--categorical", &categorical}, {"--integer", &integer}, {"--numerical", &numerical}};
  for (const auto& [flag, names] : typed) {
    const ColumnType type = parse_column_type(flag + 2);
    for (const auto& name : *names) {
      if (name.empty()) throw Error(std::string(flag) + ": an empty column name");
      auto [it, inserted] = flag_of.emplace(name, flag);
      if (!inserted) {
        if (std::string(it->second) == flag) continue;  // named twice by the same flag
        throw Error("column '" + name + "' is given to both " + it->second + " and " + flag);
      }
      auto spec = std::find_if(options.declared.begin(), options.declared.end(),
                               [&](const ColumnSpec& s) { return s.name == name; });
      if (spec == options.declared.end()) {
        options.declared.push_back({name, type, {}, {}, {}});
      } else if (spec->type != type) {
        // The flag wins over the schema; levels and bounds only carry over where they apply.
        spec->type = type;
        if (!is_discrete(type)) spec->levels.clear();
        if (is_discrete(type)) spec->lower.reset(), spec->upper.reset();
        if (type == ColumnType::Binary && spec->levels.size() > 2) spec->levels.clear();
      }
    }
  }
  for (const auto& flag : bounds) {
    auto [name, column_bounds] = parse_bounds_flag(flag);
    options.bounds[name] = column_bounds;
  }
  options.drop_missing = drop_missing;
  return options;
}

Table TableOptions::read(const std::string& path) const {
  ReadReport report;
  Table table = read_csv(path, read_options(), &report);
  if (report.rows_dropped > 0 && !global_options().quiet)
    std::cerr << path << ": dropped " << report.rows_dropped << " of " << report.rows_read
              << " rows with missing values\n";
  if (!global_options().quiet)
    for (const auto& warning : report.warnings) std::cerr << path << ": warning: " << warning << "\n";
  return table;
}

}  // namespace causalmix::cli
