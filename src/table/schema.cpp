// The schema file. Written by hand (so that the layout and comments stay readable), read
// with yaml-cpp; every problem is an Error naming the file and line.
#include "causalmix/schema.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "causalmix/error.hpp"
#include "table/cell_text.hpp"

namespace causalmix {
namespace {

using table_detail::format_number;
using table_detail::parse_number;

bool is_plain_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
         c == '+' || c == '/' || static_cast<unsigned char>(c) >= 0x80;
}

// A YAML scalar that reads back as exactly this string.
std::string yaml_scalar(const std::string& text) {
  std::string lowered;
  for (char c : text) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::set<std::string> reserved = {"null", "true", "false", "yes", "no", "on",
                                                  "off", "y", "n", "~", ".nan", ".inf", "-.inf"};
  bool plain = !text.empty() && text.front() != '-' && text.front() != '.' &&
               !reserved.count(lowered) &&
               std::all_of(text.begin(), text.end(), is_plain_character);
  if (!text.empty() && text.front() == '-' && parse_number(text)) plain = true;  // -1
  if (plain) return text;
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", u);
      out += hex;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string at(const std::string& source, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return source;
  return source + ":" + std::to_string(mark.line + 1);
}

std::string scalar(const YAML::Node& node, const std::string& source, const std::string& what) {
  if (!node.IsScalar()) throw Error(at(source, node) + ": " + what + " must be a single value");
  return node.Scalar();
}

double bound(const YAML::Node& node, const std::string& source, const std::string& column,
             const char* side) {
  const std::string text = scalar(node, source, std::string(side) + " bound");
  const auto value = parse_number(text);
  if (!value)
    throw Error(at(source, node) + ": column '" + column + "': " + side + " bound \"" + text +
                "\" is not a number");
  return *value;
}

ColumnSpec column_from_yaml(const YAML::Node& entry, const std::string& source) {
  if (!entry.IsMap())
    throw Error(at(source, entry) + ": each column must be a map with name and type");
  static const std::vector<std::string> keys = {"name", "type", "levels", "lower", "upper"};
  for (const auto& item : entry) {
    const std::string key = item.first.Scalar();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      std::string hint;
      const auto close = close_matches(key, keys, 1);
      if (!close.empty()) hint = " (did you mean '" + close.front() + "'?)";
      throw Error(at(source, item.first) + ": unknown key '" + key + "'" + hint +
                  "; keys are name, type, levels, lower, upper");
    }
  }
  ColumnSpec spec;
  if (!entry["name"]) throw Error(at(source, entry) + ": a column has no name");
  spec.name = scalar(entry["name"], source, "name");
  if (spec.name.empty()) throw Error(at(source, entry["name"]) + ": a column has an empty name");
  if (!entry["type"]) throw Error(at(source, entry) + ": column '" + spec.name + "' has no type");
  try {
    spec.type = parse_column_type(scalar(entry["type"], source, "type"));
  } catch (const Error& e) {
    throw Error(at(source, entry["type"]) + ": column '" + spec.name + "': " + e.what());
  }
  if (const auto levels = entry["levels"]) {
    if (!spec.discrete())
      throw Error(at(source, levels) + ": column '" + spec.name + "' is " + to_string(spec.type) +
                  "; levels apply to binary and categorical columns");
    if (!levels.IsSequence())
      throw Error(at(source, levels) + ": column '" + spec.name + "': levels must be a list");
    std::set<std::string> seen;
    for (const auto& level : levels) {
      std::string label = scalar(level, source, "a level");
      if (label.empty())
        throw Error(at(source, level) + ": column '" + spec.name + "': a level is empty");
      if (!seen.insert(label).second)
        throw Error(at(source, level) + ": column '" + spec.name + "': level '" + label +
                    "' is listed twice");
      spec.levels.push_back(std::move(label));
    }
    table_detail::sort_levels(spec.levels);
    if (spec.type == ColumnType::Binary && spec.levels.size() > 2)
      throw Error(at(source, levels) + ": column '" + spec.name + "' is binary but lists " +
                  std::to_string(spec.levels.size()) + " levels");
  }
  for (const char* side : {"lower", "upper"}) {
    const auto node = entry[side];
    if (!node) continue;
    if (spec.discrete())
      throw Error(at(source, node) + ": column '" + spec.name + "' is " + to_string(spec.type) +
                  "; bounds apply to numerical and integer columns");
    (std::string(side) == "lower" ? spec.lower : spec.upper) = bound(node, source, spec.name, side);
  }
  if (spec.lower && spec.upper && *spec.lower > *spec.upper)
    throw Error(at(source, entry) + ": column '" + spec.name + "': lower bound " +
                format_number(*spec.lower) + " is above upper bound " + format_number(*spec.upper));
  return spec;
}

void write_schema(const Schema& schema, const Table* table, std::ostream& out) {
  out << "# causalmix schema: one entry per column. Edit types (numerical, integer, binary,\n"
         "# categorical), levels and bounds (lower, upper), then pass it back with --schema FILE.\n"
         "columns:\n";
  for (std::size_t j = 0; j < schema.size(); ++j) {
    const ColumnSpec& spec = schema[j];
    out << "  - name: " << yaml_scalar(spec.name) << "\n";
    out << "    type: " << to_string(spec.type);
    if (table && !spec.discrete()) {
      // The observed range helps the user choose bounds.
      double lo = 0.0, hi = 0.0;
      bool any = false;
      for (double v : table->columns[j].values) {
        if (v != v) continue;
        lo = any ? std::min(lo, v) : v;
        hi = any ? std::max(hi, v) : v;
        any = true;
      }
      if (any) out << "  # in the data: " << format_number(lo) << " to " << format_number(hi);
    }
    out << "\n";
    if (!spec.levels.empty()) {
      out << "    levels: [";
      for (std::size_t k = 0; k < spec.levels.size(); ++k)
        out << (k ? ", " : "") << yaml_scalar(spec.levels[k]);
      out << "]\n";
    }
    if (spec.lower) out << "    lower: " << format_number(*spec.lower) << "\n";
    if (spec.upper) out << "    upper: " << format_number(*spec.upper) << "\n";
  }
}

}  // namespace

std::string schema_to_yaml(const Schema& schema) {
  std::ostringstream out;
  write_schema(schema, nullptr, out);
  return out.str();
}

std::string schema_to_yaml(const Table& table) {
  std::ostringstream out;
  const Schema schema = table.schema();
  write_schema(schema, &table, out);
  return out.str();
}

Schema schema_from_yaml(const std::string& text, const std::string& source_name) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(source_name + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML (" + e.msg + ")");
  }
  YAML::Node columns;
  if (root.IsMap() && root["columns"]) {
    columns = root["columns"];
  } else if (root.IsSequence()) {
    columns = root;  // a bare list of columns is accepted too
  } else {
    throw Error(source_name + ": a schema is a map with a 'columns' list");
  }
  if (!columns.IsSequence()) throw Error(at(source_name, columns) + ": 'columns' must be a list");
  Schema schema;
  std::set<std::string> names;
  for (const auto& entry : columns) {
    try {
      ColumnSpec spec = column_from_yaml(entry, source_name);
      if (!names.insert(spec.name).second)
        throw Error(at(source_name, entry) + ": column '" + spec.name + "' is listed twice");
      schema.push_back(std::move(spec));
    } catch (const YAML::Exception& e) {
      throw Error(at(source_name, entry) + ": " + e.msg);
    }
  }
  return schema;
}

Schema read_schema_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open schema file (" + std::strerror(errno) + ")");
  std::ostringstream text;
  text << in.rdbuf();
  return schema_from_yaml(text.str(), path);
}

}  // namespace causalmix
