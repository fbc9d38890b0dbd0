// write_csv / to_csv and atomic file writes. Cells are formatted straight into one growing
// buffer: shortest round-trip numbers, labels quoted once per level rather than per cell.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <ostream>

#include "causalmix/csv.hpp"
#include "causalmix/error.hpp"
#include "table/cell_text.hpp"

namespace causalmix {
namespace {

using table_detail::format_integer;
using table_detail::format_number;
using table_detail::quote_if_needed;

// Appends rows [first_row, last_row) to `out`.
void append_rows(const Table& table, const std::vector<std::vector<std::string>>& labels,
                 std::size_t first_row, std::size_t last_row, std::string& out) {
  char number[40];
  const std::size_t cols = table.cols();
  for (std::size_t i = first_row; i < last_row; ++i) {
    for (std::size_t j = 0; j < cols; ++j) {
      if (j) out += ',';
      const Column& column = table.columns[j];
      const double v = column.values[i];
      if (std::isnan(v)) continue;  // missing: an empty field
      switch (column.type) {
        case ColumnType::Numerical:
          out.append(number, format_number(v, number));
          break;
        case ColumnType::Integer:
          out.append(number, format_integer(v, number));
          break;
        case ColumnType::Binary:
        case ColumnType::Categorical: {
          const double code = std::round(v);
          if (!(code >= 0.0 && code < static_cast<double>(labels[j].size())) || code != v)
            throw Error("column '" + column.name + "': value " + format_number(v) +
                        " in row " + std::to_string(i + 1) + " is not a level code (the column has " +
                        std::to_string(labels[j].size()) + " levels)");
          out += labels[j][static_cast<std::size_t>(code)];
          break;
        }
      }
    }
    out += '\n';
  }
}

std::vector<std::vector<std::string>> quoted_labels(const Table& table) {
  std::vector<std::vector<std::string>> labels(table.cols());
  for (std::size_t j = 0; j < table.cols(); ++j) {
    const Column& column = table.columns[j];
    if (column.values.size() != table.rows())
      throw Error("column '" + column.name + "' has " + std::to_string(column.values.size()) +
                  " values, the table has " + std::to_string(table.rows()) + " rows");
    for (const auto& level : column.levels) labels[j].push_back(quote_if_needed(level));
  }
  return labels;
}

std::string header_line(const Table& table) {
  std::string out;
  for (std::size_t j = 0; j < table.cols(); ++j) {
    if (j) out += ',';
    out += quote_if_needed(table.columns[j].name);
  }
  out += '\n';
  return out;
}

}  // namespace

std::string to_csv(const Table& table) {
  const auto labels = quoted_labels(table);
  std::string out = header_line(table);
  out.reserve(out.size() + table.rows() * table.cols() * 10);
  append_rows(table, labels, 0, table.rows(), out);
  return out;
}

void write_csv(const Table& table, std::ostream& out) {
  // In blocks, so that a large table does not need a second full-size buffer.
  const auto labels = quoted_labels(table);
  out << header_line(table);
  constexpr std::size_t kBlockRows = 8192;
  std::string block;
  for (std::size_t first = 0; first < table.rows(); first += kBlockRows) {
    block.clear();
    append_rows(table, labels, first, std::min(table.rows(), first + kBlockRows), block);
    out.write(block.data(), static_cast<std::streamsize>(block.size()));
  }
  if (!out) throw Error("cannot write CSV output");
}

void write_csv(const Table& table, const std::string& path) {
  write_file_atomic(path, to_csv(table));
}

void write_file_atomic(const std::string& path, const std::string& contents) {
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (!file) throw Error(path + ": cannot write file (" + std::strerror(errno) + ")");
  const bool written = std::fwrite(contents.data(), 1, contents.size(), file) == contents.size();
  int error = errno;
  const bool flushed = std::fflush(file) == 0;
  if (written && !flushed) error = errno;
  const bool closed = std::fclose(file) == 0;
  if (written && flushed && !closed) error = errno;
  if (!written || !flushed || !closed) {
    std::remove(temporary.c_str());
    throw Error(path + ": cannot write file (" + std::strerror(error) + ")");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = errno;
    std::remove(temporary.c_str());
    throw Error(path + ": cannot write file (" + std::strerror(error) + ")");
  }
}

}  // namespace causalmix
