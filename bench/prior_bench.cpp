// The latent prior's cost: fitting the mixture at the VAE's sizes (n rows of d latent
// means, K = d components, 10 restarts) and sampling from it.
#include <benchmark/benchmark.h>

#include "causalmix/mixture.hpp"

namespace {

using causalmix::GaussianMixture;
using causalmix::MixtureOptions;
using causalmix::Rng;

// n rows around four centres in d dimensions, with unequal spreads: a stand-in for
// encoder means.
Eigen::MatrixXd latent_like(int n, int d) {
  Rng rng(5);
  const int blobs = 4;
  Eigen::MatrixXd centres(blobs, d);
  for (Eigen::Index i = 0; i < centres.size(); ++i) centres.data()[i] = rng.normal(0.0, 1.5);
  Eigen::MatrixXd data(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) data(i, j) = centres(i % blobs, j) + rng.normal(0.0, 0.5 + 0.05 * j);
  return data;
}

// Arguments: n, d (K = d), threads.
void BM_MixtureFit(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int d = static_cast<int>(state.range(1));
  const Eigen::MatrixXd data = latent_like(n, d);
  MixtureOptions options;
  options.threads = static_cast<int>(state.range(2));
  int iterations = 0;
  for (auto _ : state) {
    Rng rng(1);
    const GaussianMixture fitted = GaussianMixture::fit(data, options, rng);
    iterations = fitted.iterations;
    benchmark::DoNotOptimize(fitted.weights.data());
  }
  state.counters["best_run_iterations"] = iterations;
}
BENCHMARK(BM_MixtureFit)
    ->Args({1000, 10, 1})
    ->Args({1000, 10, 2})
    ->Args({500, 5, 1})
    ->Args({4000, 20, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_MixtureSample(benchmark::State& state) {
  const Eigen::MatrixXd data = latent_like(1000, 10);
  Rng rng(1);
  const GaussianMixture fitted = GaussianMixture::fit(data, MixtureOptions{}, rng);
  const auto rows = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    Rng sample_rng(2);
    const Eigen::MatrixXd draws = fitted.sample(rows, sample_rng);
    benchmark::DoNotOptimize(draws.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(rows));
}
BENCHMARK(BM_MixtureSample)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
