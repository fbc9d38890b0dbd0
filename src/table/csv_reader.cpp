// read_csv / parse_csv: header checks, then one pass over the body that feeds each column's
// builder. An inferred column is first read as numbers; if text turns up in it, that column
// alone is read again from the first row as labels (other columns are not touched).
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "causalmix/csv.hpp"
#include "causalmix/error.hpp"
#include "table/column_builder.hpp"
#include "table/csv_lexer.hpp"

namespace causalmix {
namespace {

using table_detail::ColumnBuilder;
using table_detail::ColumnRules;
using table_detail::CsvField;
using table_detail::CsvLexer;

std::string read_whole_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error(path + ": is a directory, not a CSV file");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw Error(path + ": cannot open file (" + std::strerror(errno) + ")");
  // Straight into the string when the size is known (a regular file); in blocks otherwise.
  std::string text;
  if (std::fseek(file, 0, SEEK_END) == 0) {
    const long size = std::ftell(file);
    std::fseek(file, 0, SEEK_SET);
    if (size > 0) {
      text.resize(static_cast<std::size_t>(size));
      text.resize(std::fread(text.data(), 1, text.size(), file));
    }
  }
  char buffer[1 << 16];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, got);
  const bool failed = std::ferror(file);
  const int error = errno;
  std::fclose(file);
  if (failed) throw Error(path + ": cannot read file (" + std::strerror(error) + ")");
  return text;
}

bool only_whitespace(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

std::string rows_word(std::size_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); }

std::vector<std::string> read_header(CsvLexer& lexer, const std::string& source) {
  std::vector<CsvField> fields;
  lexer.next(fields);
  std::vector<std::string> names;
  std::map<std::string, std::size_t> first_position;
  for (std::size_t j = 0; j < fields.size(); ++j) {
    std::string name(fields[j].text);
    if (name.empty())
      throw Error(source + ":" + std::to_string(lexer.record_line()) + ": column " +
                  std::to_string(j + 1) + " of the header has no name");
    auto [it, inserted] = first_position.emplace(name, j);
    if (!inserted)
      throw Error(source + ":" + std::to_string(lexer.record_line()) + ": duplicate column name '" +
                  name + "' (columns " + std::to_string(it->second + 1) + " and " +
                  std::to_string(j + 1) + ")");
    names.push_back(std::move(name));
  }
  return names;
}

// Checks what the caller declared against the header; returns each column's declared spec.
std::vector<const ColumnSpec*> match_declared(const ReadOptions& options,
                                              const std::vector<std::string>& names,
                                              const std::string& source) {
  std::vector<const ColumnSpec*> declared(names.size(), nullptr);
  auto index_of = [&](const std::string& name, const char* what) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end())
      throw Error(source + ": " + what + " column '" + name + "' is not in the file" +
                  did_you_mean(name, names));
    return static_cast<std::size_t>(it - names.begin());
  };
  for (const auto& spec : options.declared) {
    const std::size_t j = index_of(spec.name, "declared");
    if (declared[j]) throw Error(source + ": column '" + spec.name + "' is declared twice");
    if (spec.discrete() && (spec.lower || spec.upper))
      throw Error(source + ": column '" + spec.name + "' is declared " + to_string(spec.type) +
                  " but has bounds; bounds apply to numerical and integer columns");
    if (spec.type == ColumnType::Binary && spec.levels.size() > 2)
      throw Error(source + ": column '" + spec.name + "' is declared binary with " +
                  std::to_string(spec.levels.size()) + " levels");
    if (!spec.discrete() && !spec.levels.empty())
      throw Error(source + ": column '" + spec.name + "' is declared " + to_string(spec.type) +
                  " but has levels; levels apply to binary and categorical columns");
    declared[j] = &spec;
  }
  for (const auto& [name, bounds] : options.bounds) {
    const std::size_t j = index_of(name, "bounded");
    if (declared[j] && declared[j]->discrete())
      throw Error(source + ": column '" + name + "' is declared " + to_string(declared[j]->type) +
                  " but has bounds; bounds apply to numerical and integer columns");
    if (bounds.lower && bounds.upper && *bounds.lower > *bounds.upper)
      throw Error(source + ": column '" + name + "': lower bound is above upper bound");
  }
  return declared;
}

}  // namespace

Table parse_csv(const std::string& text, const std::string& source_name, const ReadOptions& options,
                ReadReport* report) {
  if (only_whitespace(text)) throw Error(source_name + ": the file is empty");
  CsvLexer lexer(text, source_name);
  const std::vector<std::string> names = read_header(lexer, source_name);
  lexer.set_column_names(&names);
  const auto body_start = lexer.position();
  const std::size_t cols = names.size();
  const auto declared = match_declared(options, names, source_name);
  const std::size_t expected_rows =
      static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(body_start.offset),
                                          text.end(), '\n')) + 1;

  std::vector<ColumnRules> rules(cols);
  for (std::size_t j = 0; j < cols; ++j) {
    rules[j].name = names[j];
    rules[j].source_name = source_name;
    rules[j].declared = declared[j];
    rules[j].max_levels = options.max_levels;
    if (declared[j]) {
      rules[j].lower = declared[j]->lower;
      rules[j].upper = declared[j]->upper;
      rules[j].as_text = declared[j]->discrete();
    }
    if (auto it = options.bounds.find(names[j]); it != options.bounds.end()) {
      if (it->second.lower) rules[j].lower = it->second.lower;
      if (it->second.upper) rules[j].upper = it->second.upper;
    }
  }

  std::vector<ColumnBuilder> builders;
  builders.reserve(cols);
  for (std::size_t j = 0; j < cols; ++j) builders.emplace_back(rules[j], expected_rows);
  // Where each data row starts, so that a column that turns out to hold text can be read
  // again from its first row (re-splitting is fast; parsing numbers twice would not be).
  std::vector<CsvLexer::Position> row_starts;
  row_starts.reserve(expected_rows);
  std::vector<CsvField> fields, replay_fields;
  for (;;) {
    const auto row_start = lexer.position();
    if (!lexer.next(fields)) break;
    if (fields.size() == 1 && fields[0].text.empty() && !fields[0].quoted) continue;  // blank line
    const std::size_t line = lexer.record_line();
    if (fields.size() != cols)
      throw Error(source_name + ":" + std::to_string(line) + ": line " + std::to_string(line) + " has " +
                  std::to_string(fields.size()) + (fields.size() == 1 ? " field" : " fields") +
                  ", header has " + std::to_string(cols));
    for (std::size_t j = 0; j < cols; ++j) {
      if (builders[j].add(fields[j].text, fields[j].quoted, line)) continue;
      builders[j].restart_as_text(fields[j].text, line);
      CsvLexer replay(text, source_name);
      for (const auto& start : row_starts) {
        replay.seek(start);
        replay.next(replay_fields);
        (void)builders[j].add(replay_fields[j].text, replay_fields[j].quoted, replay.record_line());
      }
      (void)builders[j].add(fields[j].text, fields[j].quoted, line);
    }
    row_starts.push_back(row_start);
  }
  const std::size_t rows = row_starts.size();
  if (rows == 0) throw Error(source_name + ": the file has a header but no data rows");

  std::size_t dropped = 0;
  std::vector<std::pair<std::string, std::size_t>> missing;
  for (std::size_t j = 0; j < cols; ++j)
    if (builders[j].missing() > 0) missing.emplace_back(names[j], builders[j].missing());
  if (!missing.empty()) {
    if (!options.drop_missing) {
      std::string message = source_name + ": missing values in ";
      for (std::size_t i = 0; i < missing.size(); ++i)
        message += (i ? ", " : "") + missing[i].first + " (" + rows_word(missing[i].second) + ")";
      throw Error(message + "; use --drop-missing to drop those rows");
    }
    std::vector<bool> keep(rows, true);
    for (const auto& builder : builders) {
      const auto& values = builder.values();
      for (std::size_t i = 0; i < rows; ++i)
        if (std::isnan(values[i])) keep[i] = false;
    }
    dropped = static_cast<std::size_t>(std::count(keep.begin(), keep.end(), false));
    if (dropped == rows)
      throw Error(source_name + ": every row has a missing value; nothing is left after dropping them");
    for (auto& builder : builders) builder.keep_rows(keep);
  }

  Table table;
  table.columns.reserve(cols);
  for (auto& builder : builders) table.columns.push_back(builder.finish());
  if (report) {
    report->rows_read = rows;
    report->rows_dropped = dropped;
  }
  return table;
}

Table read_csv(const std::string& path, const ReadOptions& options, ReadReport* report) {
  return parse_csv(read_whole_file(path), path, options, report);
}

}  // namespace causalmix
