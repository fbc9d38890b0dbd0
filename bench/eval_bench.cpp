// The full evaluation report for 100,000 real vs 100,000 synthetic rows × 20 columns:
// fidelity, privacy, causal control (data overlap) and the HTML, with seconds and peak
// memory (ru_maxrss). Quadratic metrics subsample to the default row limit (5000).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <string>

#include "causalmix/report.hpp"
#include "causalmix/rng.hpp"

namespace {

using causalmix::Column;
using causalmix::ColumnType;
using causalmix::Rng;
using causalmix::Table;

// 20 columns: 12 numerical (correlated, one zero-inflated), 2 integer, 3 binary (T among
// them), 3 categorical (3, 5 and 8 levels). `shift` moves the synthetic table a little.
Table make_table(std::size_t n, std::uint64_t seed, double shift) {
  Rng rng(seed);
  Table table;
  auto add = [&](std::string name, ColumnType type, std::vector<std::string> levels = {}) -> std::vector<double>& {
    Column c;
    c.name = std::move(name);
    c.type = type;
    c.levels = std::move(levels);
    c.values.resize(n);
    table.columns.push_back(std::move(c));
    return table.columns.back().values;
  };
  for (int k = 0; k < 12; ++k) add("x" + std::to_string(k), ColumnType::Numerical);
  add("count", ColumnType::Integer);
  add("age", ColumnType::Integer);
  add("T", ColumnType::Binary, {"0", "1"});
  add("flag_a", ColumnType::Binary, {"no", "yes"});
  add("flag_b", ColumnType::Binary, {"0", "1"});
  add("region", ColumnType::Categorical, {"a", "b", "c"});
  add("grade", ColumnType::Categorical, {"g1", "g2", "g3", "g4", "g5"});
  add("site", ColumnType::Categorical, {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"});
  for (std::size_t i = 0; i < n; ++i) {
    const double z = rng.normal(shift, 1.0);
    for (int k = 0; k < 12; ++k) table.columns[static_cast<std::size_t>(k)].values[i] = 0.6 * z + 0.8 * rng.normal();
    table.columns[11].values[i] = rng.bernoulli(0.3) ? 0.0 : std::exp(rng.normal(8, 1));
    table.columns[12].values[i] = static_cast<double>(rng.binomial(10, 0.3));
    table.columns[13].values[i] = std::round(rng.uniform(18, 80));
    table.columns[14].values[i] = rng.bernoulli(1.0 / (1.0 + std::exp(-z))) ? 1 : 0;
    table.columns[15].values[i] = rng.bernoulli(0.4) ? 1 : 0;
    table.columns[16].values[i] = rng.bernoulli(0.1 + 0.05 * shift) ? 1 : 0;
    table.columns[17].values[i] = static_cast<double>(rng.uniform_int(3));
    table.columns[18].values[i] = static_cast<double>(rng.uniform_int(5));
    table.columns[19].values[i] = static_cast<double>(rng.uniform_int(8));
  }
  return table;
}

void BM_FullReport100k(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const Table real = make_table(rows, 1, 0.0), synthetic = make_table(rows, 2, 0.1);
  causalmix::ReportSettings settings;
  settings.options.treatment = "T";
  settings.options.seed = 7;
  std::size_t html_bytes = 0;
  for (auto _ : state) {
    causalmix::ReportBuilder builder(real, settings);
    builder.add_draw("synthetic", synthetic);
    const auto report = builder.build();
    const std::string html = causalmix::render_report_html(report);
    html_bytes = html.size();
    benchmark::DoNotOptimize(html.data());
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  state.counters["html_kB"] = static_cast<double>(html_bytes) / 1024.0;
}
BENCHMARK(BM_FullReport100k)->Arg(100000)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
