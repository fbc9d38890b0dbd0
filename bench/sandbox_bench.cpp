// End-to-end sandbox workloads with the reference defaults (batch 10, hidden [64], patience
// 5, at most 1000 epochs): fit on the toy table and on lalonde, and sampling 1,000,000 rows
// with and without writing CSV. Counters: epochs per model, seconds per epoch, peak RSS.
//   build/sandbox_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>

#include "causalmix/csv.hpp"
#include "causalmix/sandbox.hpp"
#include "causalmix/toy.hpp"

namespace {

using namespace causalmix;

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

Table toy_observed() {
  Table toy = make_toy_table(1000, 42);
  Table observed;
  for (const char* name : {"X_bin", "X_cat", "X_exp", "X_uniform", "X_beta", "T", "Y"})
    observed.columns.push_back(toy.column(name));
  return observed;
}

Table lalonde() { return read_csv(std::string(CAUSALMIX_SOURCE_DIR) + "/data/lalonde.csv"); }

const Sandbox& toy_sandbox() {
  static const Sandbox sandbox = [] {
    Knobs k;
    k.effect = "0.1";
    k.overlap = "X_bin";
    FitOptions o;
    o.seed = 1;
    return Sandbox::fit(toy_observed(), "T", "Y", k, o);
  }();
  return sandbox;
}

void fit_workload(benchmark::State& state, const Table& data, const std::string& treatment,
                  const std::string& outcome, const Knobs& knobs) {
  int epochs[2] = {0, 0};
  double seconds = 0;
  for (auto _ : state) {
    FitOptions options;
    options.seed = 1;
    options.threads = static_cast<int>(state.range(0));
    int last[2] = {0, 0};
    const auto start = std::chrono::steady_clock::now();
    const Sandbox s = Sandbox::fit(data, treatment, outcome, knobs, options, [&](const TrainingProgress& p) {
      last[p.model == "outcome"] = p.epoch;
    });
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    epochs[0] = last[0];
    epochs[1] = last[1];
    benchmark::DoNotOptimize(s);
  }
  state.counters["epochs_covariates"] = epochs[0];
  state.counters["epochs_outcome"] = epochs[1];
  // Both models train at once on two threads: the per-epoch figure is wall time over the
  // longer model's epochs.
  state.counters["s_per_epoch"] = seconds / std::max(1, std::max(epochs[0], epochs[1]));
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

void BM_FitToy(benchmark::State& state) {
  Knobs k;
  k.effect = "0.1";
  k.overlap = "X_bin";
  fit_workload(state, toy_observed(), "T", "Y", k);
}
BENCHMARK(BM_FitToy)->Arg(1)->Arg(2)->ArgName("threads")->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FitLalonde(benchmark::State& state) {
  Knobs k;
  k.effect = "1000";
  fit_workload(state, lalonde(), "treat", "re78", k);
}
BENCHMARK(BM_FitLalonde)->Arg(1)->Arg(2)->ArgName("threads")->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SampleMillionRows(benchmark::State& state) {
  const Sandbox& s = toy_sandbox();
  const auto path = std::filesystem::temp_directory_path() / "causalmix_bench_sample.csv";
  for (auto _ : state) {
    const Table t = s.sample(1'000'000, 7, Prior::Mixture, static_cast<int>(state.range(0)));
    if (state.range(1)) write_csv(t, path.string());
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations() * 1'000'000);
  state.counters["peak_rss_MB"] = peak_rss_mb();
  std::filesystem::remove(path);
}
BENCHMARK(BM_SampleMillionRows)
    ->Args({1, 0})->Args({2, 0})->Args({2, 1})
    ->ArgNames({"threads", "write_csv"})->Iterations(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
