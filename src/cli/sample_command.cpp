// `causalmix sample`: draw synthetic tables with their truth columns from a model file.
#include <iostream>

#include "causalmix/csv.hpp"
#include "causalmix/error.hpp"
#include "causalmix/sandbox.hpp"
#include "cli/command.hpp"

namespace causalmix::cli {
namespace {

struct SampleArguments {
  std::string model, output, prior = "mixture";
  std::size_t rows = 0;
  std::uint64_t seed = 0;
  int replicates = 1;
};

// out.csv → out_1.csv, out_2.csv, … for replicates (1-based).
std::string replicate_path(const std::string& path, int replicate, int width) {
  const auto slash = path.find_last_of('/');
  const auto dot = path.find_last_of('.');
  const bool has_extension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  std::string number = std::to_string(replicate);
  number.insert(0, static_cast<std::size_t>(std::max(0, width - static_cast<int>(number.size()))), '0');
  return has_extension ? path.substr(0, dot) + "_" + number + path.substr(dot) : path + "_" + number;
}

void run_sample(const SampleArguments& args) {
  const Prior prior = parse_prior(args.prior);
  const Sandbox sandbox = Sandbox::load(args.model);
  const int width = static_cast<int>(std::to_string(args.replicates).size());
  for (int r = 1; r <= args.replicates; ++r) {
    // Replicate r's seed is derived from the run's seed, so replicate 3 of a run is the same
    // table whether 3 or 30 replicates were asked for.
    const std::uint64_t seed = args.replicates == 1 ? args.seed : Rng(args.seed).derive(r).next_u64();
    const Table table = sandbox.sample(args.rows, seed, prior, global_options().threads);
    const std::string path = args.replicates == 1 ? args.output : replicate_path(args.output, r, width);
    write_csv(table, path);
    if (!global_options().quiet) std::cerr << "wrote " << path << " (" << table.rows() << " rows)\n";
  }
}

const CommandRegistration registration(30, [](CLI::App& app) {
  auto args = std::make_shared<SampleArguments>();
  CLI::App* command = app.add_subcommand("sample", "Draw synthetic tables, with their truth columns, from a model file");
  command->add_option("model", args->model, "Model file written by `causalmix fit`")->required();
  command->add_option("-n,--rows", args->rows, "Rows per table")->required()->check(CLI::PositiveNumber);
  command->add_option("--seed", args->seed, "Random seed (default 0)");
  command->add_option("--prior", args->prior, "Latent prior: mixture (default) or normal")
      ->check(CLI::IsMember({"mixture", "normal"}));
  command->add_option("--replicates", args->replicates, "Number of tables; files get _1, _2, … before the extension")
      ->check(CLI::PositiveNumber);
  command->add_option("-o,--output", args->output, "CSV file to write")->required();
  command->callback([args] { run_sample(*args); });
});

}  // namespace
}  // namespace causalmix::cli
