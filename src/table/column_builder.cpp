#include "table/column_builder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "causalmix/error.hpp"
#include "table/cell_text.hpp"

namespace causalmix::table_detail {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

std::string join_levels(const std::vector<std::string>& levels) {
  std::string out;
  for (std::size_t i = 0; i < levels.size(); ++i) out += (i ? ", " : "") + levels[i];
  return out;
}

}  // namespace

ColumnBuilder::ColumnBuilder(ColumnRules rules, std::size_t expected_rows) : rules_(std::move(rules)) {
  values_.reserve(expected_rows);
  if (rules_.declared && !rules_.declared->levels.empty()) {
    labels_ = rules_.declared->levels;
    sort_levels(labels_);
    for (std::size_t i = 0; i < labels_.size(); ++i) label_ids_.emplace(labels_[i], i);
  }
}

void ColumnBuilder::fail(std::size_t line, const std::string& what) const {
  throw Error(rules_.source_name + ":" + std::to_string(line) + ": column '" + rules_.name +
              "': " + what);
}

bool ColumnBuilder::add_number(std::string_view cell, bool is_quoted, std::size_t line) {
  const auto value = parse_number(cell);
  if (!value) {
    if (cell.empty() || (!is_quoted && is_missing_token(cell))) {
      values_.push_back(kMissing);
      ++missing_;
      return true;
    }
    if (rules_.declared)
      fail(line, quoted(cell) + " is not a number (the column is declared " +
                     to_string(rules_.declared->type) + ")");
    return false;
  }
  const double v = *value;
  if (rules_.declared && rules_.declared->type == ColumnType::Integer && !is_whole(v))
    fail(line, std::string(cell) + " is not a whole number (the column is declared integer)");
  if (rules_.lower && v < *rules_.lower)
    fail(line, std::string(cell) + " is below the lower bound " + format_number(*rules_.lower));
  if (rules_.upper && v > *rules_.upper)
    fail(line, std::string(cell) + " is above the upper bound " + format_number(*rules_.upper));
  values_.push_back(v);
  return true;
}

void ColumnBuilder::restart_as_text(std::string_view cell, std::size_t line) {
  if (rules_.lower || rules_.upper)
    fail(line, "holds text (" + quoted(cell) + "), but bounds apply only to numerical and integer columns");
  if (values_.size() > missing_) {  // numbers came first: the text is worth naming later
    first_text_ = std::string(cell);
    first_text_line_ = line;
  }
  rules_.as_text = true;
  values_.clear();
  missing_ = 0;
}

void ColumnBuilder::add_label(std::string_view cell, bool is_quoted, std::size_t line) {
  if (cell.empty() || (!is_quoted && is_missing_token(cell))) {
    values_.push_back(kMissing);
    ++missing_;
    return;
  }
  auto found = label_ids_.find(cell);
  std::size_t id;
  if (found != label_ids_.end()) {
    id = found->second;
  } else {
    id = new_level(cell, line);
  }
  values_.push_back(static_cast<double>(id));
}

std::size_t ColumnBuilder::new_level(std::string_view label, std::size_t line) {
  const bool fixed_levels = rules_.declared && !rules_.declared->levels.empty();
  if (fixed_levels) {
    // "1.0" in the file matches a declared level "1": numeric labels compare as numbers.
    if (auto value = parse_number(label)) {
      for (std::size_t i = 0; i < labels_.size(); ++i) {
        auto level = parse_number(labels_[i]);
        if (level && *level == *value) {
          label_ids_.emplace(std::string(label), i);
          return i;
        }
      }
    }
    fail(line, quoted(label) + " is not one of the declared levels (" + join_levels(labels_) + ")");
  }
  if (rules_.declared && rules_.declared->type == ColumnType::Binary && labels_.size() == 2)
    fail(line, "declared binary but has a third value " + quoted(label) + " (besides " +
                   quoted(labels_[0]) + " and " + quoted(labels_[1]) + ")");
  if (!rules_.declared && labels_.size() >= rules_.max_levels) {
    std::string hint;
    if (!first_text_.empty())
      hint = " (its first non-numeric value is " + quoted(first_text_) + " on line " +
             std::to_string(first_text_line_) + ")";
    throw Error(rules_.source_name + ": column '" + rules_.name + "' has more than " +
                std::to_string(rules_.max_levels) + " distinct labels" + hint +
                ", too many for a categorical column; declare its type, e.g. --numerical " +
                rules_.name + " or --categorical " + rules_.name + ", or in a schema (--schema FILE)");
  }
  const std::size_t id = labels_.size();
  labels_.emplace_back(label);
  label_ids_.emplace(labels_.back(), id);
  return id;
}

void ColumnBuilder::keep_rows(const std::vector<bool>& keep) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (keep[i]) values_[out++] = values_[i];
  values_.resize(out);
  missing_ = 0;
  for (double v : values_) missing_ += std::isnan(v);
}

Column ColumnBuilder::finish() {
  Column column;
  column.name = rules_.name;
  if (rules_.as_text) {
    column.type = rules_.declared ? rules_.declared->type : ColumnType::Categorical;
    const bool fixed_levels = rules_.declared && !rules_.declared->levels.empty();
    if (fixed_levels) {
      column.levels = labels_;  // already sorted; ids are final
      column.values = std::move(values_);
    } else {
      // Levels seen only in dropped rows are left out; then sort and renumber.
      std::vector<bool> used(labels_.size(), false);
      for (double v : values_)
        if (!std::isnan(v)) used[static_cast<std::size_t>(v)] = true;
      for (std::size_t i = 0; i < labels_.size(); ++i)
        if (used[i]) column.levels.push_back(labels_[i]);
      sort_levels(column.levels);
      std::unordered_map<std::string, std::size_t, LabelHash, LabelEqual> code_of;
      for (std::size_t i = 0; i < column.levels.size(); ++i) code_of.emplace(column.levels[i], i);
      std::vector<double> code_of_id(labels_.size(), kMissing);
      for (std::size_t i = 0; i < labels_.size(); ++i)
        if (used[i]) code_of_id[i] = static_cast<double>(code_of.at(labels_[i]));
      column.values = std::move(values_);
      for (double& v : column.values)
        if (!std::isnan(v)) v = code_of_id[static_cast<std::size_t>(v)];
      if (!rules_.declared && column.levels.size() == 2) column.type = ColumnType::Binary;
    }
    return column;
  }

  column.values = std::move(values_);
  column.lower = rules_.lower;
  column.upper = rules_.upper;
  if (rules_.declared) {
    column.type = rules_.declared->type;
    return column;
  }
  // Inference over the values that are present.
  bool all_whole = true, any_value = false;
  double first = 0.0, second = 0.0;
  std::size_t distinct = 0;  // counts to 3 at most
  for (double v : column.values) {
    if (std::isnan(v)) continue;
    any_value = true;
    if (all_whole && !is_whole(v)) all_whole = false;
    if (distinct == 0) {
      first = v, distinct = 1;
    } else if (distinct == 1 && v != first) {
      second = v, distinct = 2;
    } else if (distinct == 2 && v != first && v != second) {
      distinct = 3;
    }
  }
  const bool has_bounds = column.lower || column.upper;  // bounds mark a quantity
  if (distinct == 2 && !has_bounds) {
    column.type = ColumnType::Binary;
    const double low = std::min(first, second), high = std::max(first, second);
    column.levels = {format_number(low), format_number(high)};
    for (double& v : column.values)
      if (!std::isnan(v)) v = (v == low) ? 0.0 : 1.0;
  } else if (any_value && all_whole) {
    column.type = ColumnType::Integer;
  } else {
    column.type = ColumnType::Numerical;
  }
  return column;
}

}  // namespace causalmix::table_detail
