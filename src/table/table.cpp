#include "causalmix/table.hpp"

#include <charconv>

#include "causalmix/error.hpp"

namespace causalmix {

const char* to_string(ColumnType type) {
  switch (type) {
    case ColumnType::Numerical: return "numerical";
    case ColumnType::Integer: return "integer";
    case ColumnType::Binary: return "binary";
    case ColumnType::Categorical: return "categorical";
  }
  return "?";
}

ColumnType parse_column_type(const std::string& text) {
  if (text == "numerical" || text == "continuous") return ColumnType::Numerical;
  if (text == "integer") return ColumnType::Integer;
  if (text == "binary") return ColumnType::Binary;
  if (text == "categorical") return ColumnType::Categorical;
  throw Error("unknown column type '" + text +
              "' (expected numerical, integer, binary or categorical)");
}

double ColumnSpec::level_value(std::size_t code) const {
  if (code < levels.size()) {
    const std::string& s = levels[code];
    double v = 0.0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && ptr == s.data() + s.size()) return v;
  }
  return static_cast<double>(code);
}

std::vector<std::string> Table::names() const {
  std::vector<std::string> out;
  out.reserve(columns.size());
  for (const auto& c : columns) out.push_back(c.name);
  return out;
}

std::optional<std::size_t> Table::find(const std::string& name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return i;
  return std::nullopt;
}

const Column& Table::column(const std::string& name) const {
  if (auto i = find(name)) return columns[*i];
  throw Error("no column named '" + name + "'" + did_you_mean(name, names()));
}

Column& Table::column(const std::string& name) {
  return const_cast<Column&>(static_cast<const Table&>(*this).column(name));
}

Schema Table::schema() const {
  Schema out;
  out.reserve(columns.size());
  for (const auto& c : columns) out.push_back(static_cast<const ColumnSpec&>(c));
  return out;
}

}  // namespace causalmix
