// Collects one CSV column's cells while the file is read and turns them into a typed
// Column: inference when the type is not declared, checks against it when it is.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "causalmix/table.hpp"

namespace causalmix::table_detail {

// Hash and equality that look up std::string keys by string_view without allocating.
struct LabelHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct LabelEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

struct ColumnRules {
  std::string name;
  std::string source_name;  // the file, for messages
  const ColumnSpec* declared = nullptr;  // nullptr: infer the type
  std::optional<double> lower, upper;    // bounds to check values against and keep
  bool as_text = false;  // labels kept as written (declared discrete, or text was seen)
  std::size_t max_levels = 100;
};

class ColumnBuilder {
 public:
  ColumnBuilder(ColumnRules rules, std::size_t expected_rows);

  // One cell of the column, from the record starting on `line`. Throws Error when the cell
  // breaks a declared type, level list or bound. Returns false, storing nothing, when an
  // inferred column read as numbers meets text: the caller then calls restart_as_text and
  // feeds it the column's earlier cells again, then this one.
  [[nodiscard]] bool add(std::string_view cell, bool quoted, std::size_t line) {
    if (rules_.as_text) {
      add_label(cell, quoted, line);
      return true;
    }
    return add_number(cell, quoted, line);
  }
  // Forget the numbers read so far and read labels from now on; `cell` on `line` is the
  // first text met. Throws Error when the column has bounds (those need numbers).
  void restart_as_text(std::string_view cell, std::size_t line);

  std::size_t missing() const { return missing_; }
  const std::vector<double>& values() const { return values_; }
  // Keep only the rows where `keep` is true (after dropping rows with missing values).
  void keep_rows(const std::vector<bool>& keep);

  // The finished column: type inferred or declared, levels sorted, codes renumbered.
  Column finish();

 private:
  bool add_number(std::string_view cell, bool quoted, std::size_t line);
  void add_label(std::string_view cell, bool quoted, std::size_t line);
  std::size_t new_level(std::string_view label, std::size_t line);
  [[noreturn]] void fail(std::size_t line, const std::string& what) const;

  ColumnRules rules_;
  std::vector<double> values_;  // numbers, or provisional level ids while reading text
  std::size_t missing_ = 0;
  // An inferred column that turned to text after numbers: its first text, for messages.
  std::string first_text_;
  std::size_t first_text_line_ = 0;
  // Text columns: labels in order of first appearance; ids index this list.
  std::vector<std::string> labels_;
  std::unordered_map<std::string, std::size_t, LabelHash, LabelEqual> label_ids_;
};

}  // namespace causalmix::table_detail
