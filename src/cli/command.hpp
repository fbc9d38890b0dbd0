// The command line is a set of subcommands, each in its own file, each registering itself
// here. A command parses its flags, calls the library and prints; no statistics here.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace causalmix::cli {

// `setup` adds the subcommand's options to `app` and sets its callback.
struct CommandRegistration {
  CommandRegistration(int order, std::function<void(CLI::App&)> setup);
};

// Global flags every command sees.
struct GlobalOptions {
  bool quiet = false;
  int threads = 0;  // 0 = all cores
};
GlobalOptions& global_options();

}  // namespace causalmix::cli
