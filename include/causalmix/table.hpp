// Typed tables: what causalmix reads, generates and writes. A column is numerical, integer,
// binary or categorical; discrete columns hold level codes into their sorted level labels.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace causalmix {

enum class ColumnType { Numerical, Integer, Binary, Categorical };

const char* to_string(ColumnType type);
// "numerical" | "integer" | "binary" | "categorical"; throws Error otherwise.
ColumnType parse_column_type(const std::string& text);
inline bool is_discrete(ColumnType t) { return t == ColumnType::Binary || t == ColumnType::Categorical; }

// What a column is, without its values: one entry of a schema.
struct ColumnSpec {
  std::string name;
  ColumnType type = ColumnType::Numerical;
  // Binary and categorical: the labels, sorted (numerically when every label is a number,
  // else by bytes). A value is a code 0..levels.size()−1 into this list.
  std::vector<std::string> levels;
  // Numerical and integer: optional bounds in original units (the user's, or none). The
  // generator uses the training min/max when these are absent.
  std::optional<double> lower, upper;

  bool discrete() const { return is_discrete(type); }
  // The number a level stands for when its label is numeric ("0", "1", "2.5"), else its code.
  double level_value(std::size_t code) const;
};

struct Column : ColumnSpec {
  // Numerical/integer: the value. Binary/categorical: the level code as a double.
  // Missing: NaN.
  std::vector<double> values;
};

using Schema = std::vector<ColumnSpec>;

struct Table {
  std::vector<Column> columns;

  std::size_t rows() const { return columns.empty() ? 0 : columns.front().values.size(); }
  std::size_t cols() const { return columns.size(); }
  std::vector<std::string> names() const;
  // Index of the column with this exact name, or nullopt.
  std::optional<std::size_t> find(const std::string& name) const;
  // The column with this name; throws Error naming close matches otherwise.
  const Column& column(const std::string& name) const;
  Column& column(const std::string& name);
  Schema schema() const;
};

}  // namespace causalmix
