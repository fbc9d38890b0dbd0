// The table flags shared by every command that reads a CSV (schema, fit, evaluate): declared
// types, bounds, a schema file and --drop-missing, turned into ReadOptions and a read.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "causalmix/csv.hpp"
#include "causalmix/table.hpp"

namespace causalmix::cli {

// Usage: keep one in the command's argument struct, call add_to(command) when the command is
// set up, then read(path) in its callback.
struct TableOptions {
  std::string schema_file;                                   // --schema FILE
  std::vector<std::string> binary, categorical, integer, numerical;  // --binary a,b (or repeated)
  std::vector<std::string> bounds;                           // --bounds col=lo:hi
  bool drop_missing = false;                                 // --drop-missing

  // Adds --schema, --binary, --categorical, --integer, --numerical, --bounds, --drop-missing.
  void add_to(CLI::App* command);
  // The schema file's columns, then the flags (a flag replaces the schema's type for its
  // column). Throws Error for a malformed --bounds or a column given two types by flags.
  ReadOptions read_options() const;
  // Reads `path` with read_options(); notes dropped rows on stderr unless --quiet.
  Table read(const std::string& path) const;
};

}  // namespace causalmix::cli
