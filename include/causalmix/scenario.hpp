// A scenario: one fit's settings (treatment, outcome, knobs, hyperparameters) as a small YAML
// file, so that a factorial design is a folder of scenarios. Keys are the command line's
// long option names with '-' or '_' (e.g. `batch-size: 10`, `effect: 0.1*age`).
#pragma once

#include <string>
#include <vector>

#include "causalmix/sandbox.hpp"

namespace causalmix {

struct Scenario {
  std::string treatment, outcome;
  Knobs knobs;
  FitOptions options;
  std::vector<std::string> drop;  // columns to leave out of the model
};

// Reads keys over `base` (so command-line values can be applied after). Unknown keys and
// wrong types are errors with file:line and close matches.
Scenario read_scenario(const std::string& path, Scenario base = {});
Scenario parse_scenario(const std::string& yaml, const std::string& source_name, Scenario base = {});

// Sets one setting by its key ("batch-size", "effect", …) from text, as the command line
// and the scenario file both do. Throws Error naming the key on a bad value or unknown key.
void set_scenario_value(Scenario& scenario, const std::string& key, const std::string& value);
// Every key set_scenario_value knows, in documentation order.
const std::vector<std::string>& scenario_keys();

}  // namespace causalmix
