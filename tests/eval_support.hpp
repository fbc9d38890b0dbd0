// Shared helpers of the eval tests: fixture files (written by scripts/make_eval_fixtures.py)
// and small tables built in code.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "causalmix/rng.hpp"
#include "causalmix/table.hpp"

namespace causalmix::testing {

inline nlohmann::json load_fixture(const std::string& name) {
  const std::string path = std::string(CAUSALMIX_SOURCE_DIR) + "/tests/fixtures/eval/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing fixture " + path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

inline std::vector<double> doubles(const nlohmann::json& array) { return array.get<std::vector<double>>(); }

inline Table table_from_json(const nlohmann::json& j) {
  Table table;
  for (const auto& c : j["columns"]) {
    Column column;
    column.name = c["name"];
    column.type = parse_column_type(c["type"]);
    if (c.contains("levels")) column.levels = c["levels"].get<std::vector<std::string>>();
    column.values = doubles(c["values"]);
    table.columns.push_back(std::move(column));
  }
  return table;
}

inline Column numerical(const std::string& name, std::vector<double> values) {
  Column c;
  c.name = name;
  c.type = ColumnType::Numerical;
  c.values = std::move(values);
  return c;
}

inline Column discrete(const std::string& name, std::vector<std::string> levels, std::vector<double> codes) {
  Column c;
  c.name = name;
  c.type = levels.size() == 2 ? ColumnType::Binary : ColumnType::Categorical;
  c.levels = std::move(levels);
  c.values = std::move(codes);
  return c;
}

// A mixed table: x ~ N(shift, 1), z = x/2 + noise, group ∈ {a, b, c}, T ~ Bern(0.4).
inline Table mixed_table(std::size_t n, std::uint64_t seed, double shift = 0.0) {
  Rng rng(seed);
  std::vector<double> x(n), z(n), group(n), t(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = rng.normal(shift, 1.0);
    z[i] = 0.5 * x[i] + rng.normal(0.0, 1.0);
    const double u = rng.uniform();
    group[i] = u < 0.5 ? 0 : (u < 0.8 ? 1 : 2);
    t[i] = rng.bernoulli(0.4) ? 1 : 0;
  }
  Table table;
  table.columns = {numerical("x", x), numerical("z", z), discrete("group", {"a", "b", "c"}, group),
                   discrete("T", {"0", "1"}, t)};
  return table;
}

}  // namespace causalmix::testing
