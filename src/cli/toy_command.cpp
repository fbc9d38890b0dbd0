// `causalmix toy`: write the reference toy table of method.md §8 with its truth columns.
#include <iostream>
#include <memory>

#include "causalmix/csv.hpp"
#include "causalmix/toy.hpp"
#include "cli/command.hpp"

namespace causalmix::cli {
namespace {

struct ToyArguments {
  std::size_t rows = 1000;
  std::uint64_t seed = 42;
  std::string output;
};

void run_toy(const ToyArguments& args) {
  const Table table = make_toy_table(args.rows, args.seed);
  if (args.output.empty()) {
    write_csv(table, std::cout);
  } else {
    write_csv(table, args.output);
    if (!global_options().quiet) std::cerr << "wrote " << args.output << " (" << table.rows() << " rows)\n";
  }
}

const CommandRegistration registration(15, [](CLI::App& app) {
  auto args = std::make_shared<ToyArguments>();
  CLI::App* command = app.add_subcommand(
      "toy", "Write the reference toy table (covariates, T, Y and the truth Y0, Y1, mu0, mu1, tau, propensity)");
  command->add_option("-n,--rows", args->rows, "Number of rows")->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000'000}));
  command->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  command->add_option("-o,--output", args->output, "CSV file to write (default: stdout)");
  command->callback([args] { run_toy(*args); });
});

}  // namespace
}  // namespace causalmix::cli
