// causalmix: the command-line front end. Subcommands register themselves (see command.hpp);
// every library Error becomes a one-line message and exit code 2.
#include <algorithm>
#include <iostream>
#include <utility>
#include <vector>

#include "causalmix/error.hpp"
#include "causalmix/version.hpp"
#include "cli/command.hpp"

namespace causalmix::cli {
namespace {
std::vector<std::pair<int, std::function<void(CLI::App&)>>>& registry() {
  static std::vector<std::pair<int, std::function<void(CLI::App&)>>> commands;
  return commands;
}
}  // namespace

CommandRegistration::CommandRegistration(int order, std::function<void(CLI::App&)> setup) {
  registry().emplace_back(order, std::move(setup));
}

GlobalOptions& global_options() {
  static GlobalOptions options;
  return options;
}

}  // namespace causalmix::cli

int main(int argc, char** argv) {
  using namespace causalmix;
  CLI::App app{
      "causalmix: fit a generator to a real table and draw synthetic tables whose causal "
      "truth (effect, confounding, overlap) you set."};
  app.name("causalmix");
  app.set_version_flag("--version", std::string("causalmix ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough();
  auto& global = cli::global_options();
  app.add_flag("-q,--quiet", global.quiet, "No progress on stderr");
  app.add_option("--threads", global.threads, "Worker threads (0 = all cores); results do not depend on it")
      ->check(CLI::NonNegativeNumber);

  auto commands = cli::registry();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [order, setup] : commands) setup(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "causalmix: error: " << e.what() << "\n";
    return 2;
  } catch (const causalmix::Error& e) {
    std::cerr << "causalmix: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "causalmix: internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
