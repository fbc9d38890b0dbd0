// Reading and writing tables as CSV (RFC 4180), with type inference, schema overrides and
// clear errors for bad files. Writes go to a temporary name and are renamed into place.
#pragma once

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "causalmix/table.hpp"

namespace causalmix {

// Bounds for one column in original units; either side may be absent.
struct ColumnBounds {
  std::optional<double> lower, upper;
};

struct ReadOptions {
  // Declared column types, levels and bounds (from a schema file and CLI flags); a column not
  // named here is inferred. Declaring a column that is not in the file is an error. Declared
  // levels fix the level list: another value in the file is an error.
  Schema declared;
  // Bounds for columns whose type may still be inferred (`--bounds col=lo:hi`); they win
  // over a declared spec's bounds. A column with bounds is never inferred binary. Values
  // outside their column's bounds are an error.
  std::map<std::string, ColumnBounds> bounds;
  // Drop rows with any missing value instead of failing (the count goes to ReadReport).
  bool drop_missing = false;
  // More distinct labels than this in an inferred categorical column is an error.
  std::size_t max_levels = 100;
};

struct ReadReport {
  std::size_t rows_read = 0;
  std::size_t rows_dropped = 0;
  std::vector<std::string> warnings;
};

// Throws Error("file:line: column 'x': …") on any problem. Missing cells (empty, NA, N/A,
// NaN, nan, null, NULL unquoted) are an error listing the columns, unless drop_missing.
// Type inference per column: any non-numeric text → categorical (binary when it has exactly
// two labels); numbers with exactly two distinct values → binary; all whole → integer;
// otherwise numerical.
Table read_csv(const std::string& path, const ReadOptions& options = {},
               ReadReport* report = nullptr);
// Same, from text in memory; `source_name` stands for the file name in messages.
Table parse_csv(const std::string& text, const std::string& source_name,
                const ReadOptions& options = {}, ReadReport* report = nullptr);

// Numbers in shortest round-trip form, labels quoted only when they need it, NaN empty.
void write_csv(const Table& table, std::ostream& out);
std::string to_csv(const Table& table);
// Atomic: writes `path.tmp.<pid>` then renames it to `path`.
void write_csv(const Table& table, const std::string& path);

// Write `contents` to `path` atomically (temporary file, then rename). For every output.
void write_file_atomic(const std::string& path, const std::string& contents);

}  // namespace causalmix
