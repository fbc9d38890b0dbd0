// `causalmix fit`: read a table, fit a sandbox with the given knobs, write the model file.
// Every setting can come from a scenario file (--config) and be overridden by a flag.
#include <iostream>
#include <map>

#include "causalmix/error.hpp"
#include "causalmix/scenario.hpp"
#include "cli/command.hpp"
#include "cli/progress.hpp"
#include "cli/table_options.hpp"

namespace causalmix::cli {
namespace {

struct SettingHelp {
  const char* key;
  const char* help;
};

// The settings a flag can set, with their help; the keys are those of scenario files.
constexpr SettingHelp kSettings[] = {
    {"treatment", "Treatment column (binary)"},
    {"outcome", "Outcome column (binary or numerical)"},
    {"effect", "Effect tau(X) in outcome units, an expression (default 0)"},
    {"confounding", "Confounding kappa(X,T) in outcome units, an expression (default 0)"},
    {"overlap", "Overlap alpha(X), the target log density ratio l0 - l1 (default 0)"},
    {"propensity", "Target propensity e(X) in (0,1); replaces --overlap (always attainable)"},
    {"drop", "Columns to leave out of the model, comma-separated"},
    {"hidden", "Hidden layer sizes, comma-separated (default 64)"},
    {"batch-size", "Rows per training step (default 10)"},
    {"epochs", "Maximum epochs (default 1000)"},
    {"patience", "Epochs without validation improvement before stopping (default 5)"},
    {"learning-rate", "Adam learning rate (default 0.001)"},
    {"kl-weight", "Weight of the KL term (default 0.1)"},
    {"validation-split", "Share of rows held out for early stopping (default 0.2)"},
    {"covariate-latent", "Latent size of the covariate model (default: number of covariates)"},
    {"outcome-latent", "Latent size of the outcome model (default 2)"},
    {"effect-rigidity", "Weight a of the effect constraint (default 1000)"},
    {"confounding-rigidity", "Weight b of the confounding constraint (default 1000)"},
    {"effect-blend", "MSE share w_e of the effect constraint's MSE/SmoothL1 blend (default 0.5)"},
    {"confounding-blend", "MSE share w_b of the confounding blend (default 0.5)"},
    {"effect-variance-weight", "Weight eta of Var(tau_hat - tau) (default 0.01)"},
    {"confounding-variance-weight", "Weight zeta of Var(kappa_hat - kappa) (default 0.005)"},
    {"overlap-weight", "Weight lambda of the overlap regulariser (default 10)"},
    {"overlap-sampled-weight", "Weight of the overlap penalty on decoder-drawn covariates (default 10; 0 = published)"},
    {"point-mass-share", "Share of rows at a column's min or max that gets a hurdle head (default 0.05)"},
    {"mixture-components", "Upper bound on mixture components (default: latent size)"},
    {"mixture-restarts", "k-means restarts of the mixture fit (default 10)"},
    {"seed", "Random seed (default 0)"},
};

struct FitArguments {
  std::string data, config, output;
  std::map<std::string, std::string> values;
  TableOptions table;
};

Table drop_columns(Table table, const std::vector<std::string>& drop) {
  for (const auto& name : drop) {
    auto i = table.find(name);
    if (!i) throw Error("--drop: no column named '" + name + "'" + did_you_mean(name, table.names()));
    table.columns.erase(table.columns.begin() + static_cast<std::ptrdiff_t>(*i));
  }
  return table;
}

void run_fit(CLI::App* command, const FitArguments& args) {
  Scenario scenario;
  if (!args.config.empty()) scenario = read_scenario(args.config);
  for (const auto& s : kSettings)
    if (command->count(std::string("--") + s.key) > 0) set_scenario_value(scenario, s.key, args.values.at(s.key));
  if (scenario.treatment.empty()) throw Error("fit: no treatment column: give --treatment or 'treatment:' in --config");
  if (scenario.outcome.empty()) throw Error("fit: no outcome column: give --outcome or 'outcome:' in --config");
  scenario.options.threads = global_options().threads;

  const Table data = drop_columns(args.table.read(args.data), scenario.drop);
  const bool quiet = global_options().quiet;
  const Sandbox sandbox = Sandbox::fit(data, scenario.treatment, scenario.outcome, scenario.knobs, scenario.options,
                                       stderr_progress(quiet));
  sandbox.save(args.output);
  if (!quiet) std::cerr << sandbox.summary() << "wrote " << args.output << "\n";
}

const CommandRegistration registration(20, [](CLI::App& app) {
  auto args = std::make_shared<FitArguments>();
  CLI::App* command = app.add_subcommand("fit", "Fit a sandbox to a table and write the model file");
  command->add_option("data", args->data, "The real table (CSV)")->required();
  command->add_option("-o,--output", args->output, "Model file to write (e.g. sandbox.cmx)")->required();
  command->add_option("--config", args->config, "Scenario file (YAML) with any of the settings below");
  for (const auto& s : kSettings) command->add_option(std::string("--") + s.key, args->values[s.key], s.help);
  args->table.add_to(command);
  command->callback([command, args] { run_fit(command, *args); });
});

}  // namespace
}  // namespace causalmix::cli
