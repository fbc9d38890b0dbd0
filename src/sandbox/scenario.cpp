#include "causalmix/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "causalmix/error.hpp"

namespace causalmix {

namespace {

double parse_double(const std::string& key, const std::string& text) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size())
    throw Error(key + ": '" + text + "' is not a number");
  return v;
}

long long parse_integer(const std::string& key, const std::string& text) {
  long long v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size())
    throw Error(key + ": '" + text + "' is not a whole number");
  return v;
}

int parse_positive(const std::string& key, const std::string& text, int minimum) {
  const long long v = parse_integer(key, text);
  if (v < minimum || v > 1'000'000'000) throw Error(key + ": " + text + " must be at least " + std::to_string(minimum));
  return static_cast<int>(v);
}

std::vector<int> parse_sizes(const std::string& key, const std::string& text) {
  std::vector<int> sizes;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(" []"));
    item.erase(item.find_last_not_of(" []") + 1);
    if (!item.empty()) sizes.push_back(parse_positive(key, item, 1));
  }
  return sizes;
}

using Setter = std::function<void(Scenario&, const std::string& key, const std::string& value)>;

const std::vector<std::pair<std::string, Setter>>& setters() {
  static const std::vector<std::pair<std::string, Setter>> table = {
      {"treatment", [](Scenario& s, auto&, auto& v) { s.treatment = v; }},
      {"outcome", [](Scenario& s, auto&, auto& v) { s.outcome = v; }},
      {"effect", [](Scenario& s, auto&, auto& v) { s.knobs.effect = v; }},
      {"confounding", [](Scenario& s, auto&, auto& v) { s.knobs.confounding = v; }},
      {"overlap", [](Scenario& s, auto&, auto& v) { s.knobs.overlap = v; }},
      {"propensity", [](Scenario& s, auto&, auto& v) { s.knobs.propensity = v; }},
      {"drop", [](Scenario& s, auto&, auto& v) {
         std::istringstream in(v);
         for (std::string item; std::getline(in, item, ',');) {
           item.erase(0, item.find_first_not_of(" []"));
           item.erase(item.find_last_not_of(" []") + 1);
           if (!item.empty()) s.drop.push_back(item);
         }
       }},
      {"hidden", [](Scenario& s, auto& k, auto& v) { s.options.hidden = parse_sizes(k, v); }},
      {"batch-size", [](Scenario& s, auto& k, auto& v) { s.options.batch_size = parse_positive(k, v, 1); }},
      {"epochs", [](Scenario& s, auto& k, auto& v) { s.options.max_epochs = parse_positive(k, v, 1); }},
      {"patience", [](Scenario& s, auto& k, auto& v) { s.options.patience = parse_positive(k, v, 1); }},
      {"learning-rate", [](Scenario& s, auto& k, auto& v) { s.options.learning_rate = parse_double(k, v); }},
      {"kl-weight", [](Scenario& s, auto& k, auto& v) { s.options.kl_weight = parse_double(k, v); }},
      {"validation-split", [](Scenario& s, auto& k, auto& v) { s.options.validation_split = parse_double(k, v); }},
      {"covariate-latent", [](Scenario& s, auto& k, auto& v) { s.options.covariate_latent = parse_positive(k, v, 1); }},
      {"outcome-latent", [](Scenario& s, auto& k, auto& v) { s.options.outcome_latent = parse_positive(k, v, 1); }},
      {"effect-rigidity", [](Scenario& s, auto& k, auto& v) { s.options.effect_rigidity = parse_double(k, v); }},
      {"confounding-rigidity", [](Scenario& s, auto& k, auto& v) { s.options.confounding_rigidity = parse_double(k, v); }},
      {"effect-blend", [](Scenario& s, auto& k, auto& v) { s.options.effect_blend = parse_double(k, v); }},
      {"confounding-blend", [](Scenario& s, auto& k, auto& v) { s.options.confounding_blend = parse_double(k, v); }},
      {"effect-variance-weight", [](Scenario& s, auto& k, auto& v) { s.options.effect_variance_weight = parse_double(k, v); }},
      {"confounding-variance-weight",
       [](Scenario& s, auto& k, auto& v) { s.options.confounding_variance_weight = parse_double(k, v); }},
      {"overlap-weight", [](Scenario& s, auto& k, auto& v) { s.options.overlap_weight = parse_double(k, v); }},
      {"overlap-sampled-weight",
       [](Scenario& s, auto& k, auto& v) { s.options.overlap_sampled_weight = parse_double(k, v); }},
      {"point-mass-share", [](Scenario& s, auto& k, auto& v) { s.options.point_mass_share = parse_double(k, v); }},
      {"mixture-components", [](Scenario& s, auto& k, auto& v) { s.options.mixture.components = parse_positive(k, v, 1); }},
      {"mixture-restarts", [](Scenario& s, auto& k, auto& v) { s.options.mixture.restarts = parse_positive(k, v, 1); }},
      {"seed", [](Scenario& s, auto& k, auto& v) { s.options.seed = static_cast<std::uint64_t>(parse_integer(k, v)); }},
  };
  return table;
}

std::string normalise_key(std::string key) {
  for (char& c : key)
    if (c == '_') c = '-';
  return key;
}

}  // namespace

const std::vector<std::string>& scenario_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const auto& [name, setter] : setters()) k.push_back(name);
    return k;
  }();
  return keys;
}

void set_scenario_value(Scenario& scenario, const std::string& raw_key, const std::string& value) {
  const std::string key = normalise_key(raw_key);
  for (const auto& [name, setter] : setters())
    if (name == key) {
      setter(scenario, key, value);
      return;
    }
  std::string hint;
  const auto close = close_matches(key, scenario_keys());
  if (!close.empty()) hint = " (did you mean '" + close.front() + "'?)";
  throw Error("unknown setting '" + raw_key + "'" + hint);
}

Scenario parse_scenario(const std::string& yaml, const std::string& source, Scenario base) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw Error(source + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
  if (!root || root.IsNull()) return base;
  if (!root.IsMap()) throw Error(source + ": a scenario file is a mapping of settings (key: value)");
  for (const auto& item : root) {
    const std::string key = item.first.as<std::string>();
    const int line = item.first.Mark().line + 1;
    std::string value;
    const YAML::Node& node = item.second;
    if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) value += (i ? "," : "") + node[i].as<std::string>();
    } else if (node.IsScalar()) {
      value = node.as<std::string>();
    } else {
      throw Error(source + ":" + std::to_string(line) + ": setting '" + key + "' needs a value");
    }
    try {
      set_scenario_value(base, key, value);
    } catch (const Error& e) {
      throw Error(source + ":" + std::to_string(line) + ": " + e.what());
    }
  }
  return base;
}

Scenario read_scenario(const std::string& path, Scenario base) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path, std::move(base));
}

}  // namespace causalmix
