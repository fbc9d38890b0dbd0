// `causalmix evaluate`: judge synthetic tables against the real one and write report.json and
// report.html. Two forms: a model file (R draws per prior, mean and sd of every figure), or
// any pair of tables (--synthetic). The statistics live in the eval module; this only reads,
// calls and prints.
#include <iostream>
#include <memory>
#include <sstream>

#include "causalmix/csv.hpp"
#include "causalmix/error.hpp"
#include "causalmix/report.hpp"
#include "causalmix/rng.hpp"
#include "causalmix/sandbox.hpp"
#include "cli/command.hpp"
#include "cli/table_options.hpp"

namespace causalmix::cli {
namespace {

struct EvaluateArguments {
  std::string model, real, synthetic, holdout, output;
  std::string treatment, outcome;
  std::vector<std::string> priors = {"mixture"};
  std::uint64_t seed = 0;
  std::size_t row_limit = 5000;
  std::size_t rows = 0;  // rows per draw; 0 = the real table's size
  int replicates = 10;
  TableOptions table;
};

// The synthetic table and the holdout are read with the real table's schema, so column
// types and levels match (truth columns, absent from it, are inferred).
Table read_like(const std::string& path, const Table& real, bool drop_missing) {
  ReadOptions options;
  options.declared = real.schema();
  options.drop_missing = drop_missing;
  return read_csv(path, options);
}

EvalOptions eval_options(const EvaluateArguments& args) {
  EvalOptions options;
  options.seed = args.seed;
  options.row_limit = args.row_limit;
  options.treatment = args.treatment;
  options.outcome = args.outcome;
  return options;
}

void finish(const nlohmann::json& report, const std::string& directory) {
  write_report(report, directory);
  std::cout << render_report_text(report);
  if (!global_options().quiet) std::cerr << "wrote " << directory << "/report.json and " << directory << "/report.html\n";
}

void run_pair(const EvaluateArguments& args) {
  if (args.synthetic.empty())
    throw Error("evaluate: give a model file, or --synthetic FILE to compare two tables");
  const Table real = args.table.read(args.real);
  const Table synthetic = read_like(args.synthetic, real, args.table.drop_missing);
  std::unique_ptr<Table> holdout;
  if (!args.holdout.empty()) holdout = std::make_unique<Table>(read_like(args.holdout, real, args.table.drop_missing));
  if (!args.treatment.empty()) real.column(args.treatment);  // an unknown name fails here, with hints

  ReportSettings settings;
  settings.options = eval_options(args);
  settings.source = "real " + args.real + " (" + std::to_string(real.rows()) + " rows) vs synthetic " + args.synthetic +
                    " (" + std::to_string(synthetic.rows()) + " rows)";
  settings.holdout = holdout.get();
  ReportBuilder builder(real, settings);
  builder.add_draw("synthetic", synthetic);
  finish(builder.build(), args.output);
}

void run_sandbox(const EvaluateArguments& args) {
  if (!args.synthetic.empty()) throw Error("evaluate: give either a model file or --synthetic, not both");
  const Sandbox sandbox = Sandbox::load(args.model);
  // The real table is read with the model's schema (the user's flags still apply on top).
  TableOptions table = args.table;
  ReadOptions read_options = table.read_options();
  for (const ColumnSpec& spec : sandbox.schema()) {
    const bool declared = std::any_of(read_options.declared.begin(), read_options.declared.end(),
                                      [&](const ColumnSpec& s) { return s.name == spec.name; });
    if (!declared) read_options.declared.push_back(spec);
  }
  const Table real = read_csv(args.real, read_options);
  std::unique_ptr<Table> holdout;
  if (!args.holdout.empty()) holdout = std::make_unique<Table>(read_like(args.holdout, real, args.table.drop_missing));

  std::vector<Prior> priors;
  for (const auto& name : args.priors) priors.push_back(parse_prior(name));
  EvaluateArguments resolved = args;
  resolved.treatment = sandbox.treatment();
  resolved.outcome = sandbox.outcome();
  ReportSettings settings;
  settings.options = eval_options(resolved);
  const std::size_t rows = args.rows > 0 ? args.rows : real.rows();
  settings.source = "sandbox " + args.model + " against real " + args.real + " (" + std::to_string(real.rows()) +
                    " rows); " + std::to_string(args.replicates) + " draw(s) of " + std::to_string(rows) +
                    " rows per prior";
  settings.holdout = holdout.get();
  ReportBuilder builder(real, settings);
  for (Prior prior : priors)
    for (int r = 1; r <= args.replicates; ++r) {
      // As `causalmix sample --replicates`: draw r of a run has the same seed however many
      // draws are asked for, and the priors share seeds (a paired comparison).
      const std::uint64_t seed = Rng(args.seed).derive(static_cast<std::uint64_t>(r)).next_u64();
      if (!global_options().quiet)
        std::cerr << "evaluate: " << to_string(prior) << " draw " << r << "/" << args.replicates << "\n";
      const Table synthetic = sandbox.sample(rows, seed, prior, global_options().threads);
      const CausalTargets targets = sandbox.targets(synthetic);
      builder.add_draw(to_string(prior), synthetic, &targets);
    }
  finish(builder.build(), args.output);
}

const CommandRegistration registration(40, [](CLI::App& app) {
  auto args = std::make_shared<EvaluateArguments>();
  CLI::App* command = app.add_subcommand(
      "evaluate",
      "Judge synthetic tables against the real one (fidelity, privacy, causal control); write report.json and "
      "report.html");
  command->add_option("model", args->model, "Model file written by `causalmix fit` (draws its own synthetic tables)");
  command->add_option("--real", args->real, "The real table (CSV)")->required();
  command->add_option("--synthetic", args->synthetic, "A synthetic table to compare (CSV), instead of a model file");
  command->add_option("--holdout", args->holdout, "Real rows held out of fitting (CSV), for the DCR share");
  command->add_option("--treatment", args->treatment,
                      "Treatment column (with --synthetic): stratified MMD², propensity overlap, causal metrics");
  command->add_option("--outcome", args->outcome, "Outcome column (with --synthetic): kept out of the propensity model");
  command->add_option("--replicates", args->replicates, "Draws per prior (model form)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  command->add_option("--prior", args->priors, "Latent priors to compare, comma-separated: mixture, normal (model form)")
      ->delimiter(',')
      ->check(CLI::IsMember({"mixture", "normal"}))
      ->capture_default_str();
  command->add_option("-n,--rows", args->rows, "Rows per draw (model form; default: the real table's size)");
  command->add_option("--seed", args->seed, "Random seed (draws, subsamples, folds)")->capture_default_str();
  command->add_option("--row-limit", args->row_limit,
                      "Rows of each table used by the quadratic metrics (MMD², energy, distances); 0 = all")
      ->capture_default_str();
  command->add_option("-o,--output", args->output, "Report directory (report.json, report.html)")->required();
  args->table.add_to(command);
  command->callback([args] {
    if (args->model.empty()) run_pair(*args);
    else run_sandbox(*args);
  });
});

}  // namespace
}  // namespace causalmix::cli
