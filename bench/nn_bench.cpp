// One full training step (fill the batch, forward, backward, Adam) of an encoder/decoder
// pair in float, at the method's batch size (10) and a large one (256).
//   BM_VaeStep: 20 inputs → 64 → latent 20; decoder over [z, c] (c one column) → 64 →
//     20 Gaussian outputs (bounded mean, 5·tanh log-variance); NLL + 0.1·KL.
//   BM_VaeStepWithOverlap: the same plus two more decoder passes (c = 0 and c = 1) and the
//     overlap term mean (ℓ₀ − ℓ₁ − α)², the shape of the covariate model's step.
#include <benchmark/benchmark.h>

#include "causalmix/rng.hpp"
#include "nn/adam.hpp"
#include "nn/graph.hpp"
#include "nn/layers.hpp"

namespace {

using causalmix::Rng;
using namespace causalmix::nn;
using MatF = Matrix<float>;

constexpr int kInputs = 20, kHidden = 64, kLatent = 20, kDataRows = 2000;

struct VaeStep {
  ParameterSet<float> params;
  Graph<float> g;
  Mlp<float> encoder, decoder;
  Linear<float> mu_head, logvar_head, mean_head, variance_head;
  Var y, c, eps, alpha, loss;
  MatF data, condition;
  Rng rng{42};
  long cursor = 0;
  int rows;

  // Per-row log-likelihood of y given z and a condition column.
  Var log_likelihood(Var z, Var condition_column, Var lo, Var span) {
    Var h = decoder.apply(g, g.concat_cols({z, condition_column}));
    Var mean = g.add(g.mul(g.sigmoid(mean_head.apply(g, h)), span), lo);
    Var logvar = g.scale(g.tanh(variance_head.apply(g, h)), 5.0f);
    return g.scale(g.sum_cols(g.gaussian_nll(y, mean, logvar)), -1.0f);
  }

  VaeStep(int batch, bool overlap) : rows(batch) {
    Rng init = rng.derive(1);
    encoder = Mlp<float>::create(params, "encoder", kInputs, {kHidden}, init);
    mu_head = Linear<float>::create(params, "mu", kHidden, kLatent, init);
    logvar_head = Linear<float>::create(params, "logvar", kHidden, kLatent, init);
    decoder = Mlp<float>::create(params, "decoder", kLatent + 1, {kHidden}, init);
    mean_head = Linear<float>::create(params, "mean", kHidden, kInputs, init);
    variance_head = Linear<float>::create(params, "variance", kHidden, kInputs, init);

    y = g.input(rows, kInputs);
    c = g.input(rows, 1);
    eps = g.input(rows, kLatent);
    alpha = g.input(rows, 1);
    Var lo = g.constant(MatF::Constant(1, kInputs, -4.0f));
    Var span = g.constant(MatF::Constant(1, kInputs, 8.0f));
    Var h = encoder.apply(g, y);
    Var mu = mu_head.apply(g, h), logvar = logvar_head.apply(g, h);
    Var z = g.add(mu, g.mul(g.exp(g.scale(logvar, 0.5f)), eps));
    Var nll = g.scale(g.mean_all(log_likelihood(z, c, lo, span)), -1.0f);
    Var kl = g.scale(g.sum_all(g.add_scalar(g.sub(g.sub(logvar, g.square(mu)), g.exp(logvar)), 1.0f)),
                     -0.5f / static_cast<float>(rows));
    loss = g.add(nll, g.scale(kl, 0.1f));
    if (overlap) {
      Var zeros = g.constant(MatF::Zero(rows, 1)), ones = g.constant(MatF::Ones(rows, 1));
      Var l0 = log_likelihood(z, zeros, lo, span), l1 = log_likelihood(z, ones, lo, span);
      loss = g.add(loss, g.scale(g.mean_all(g.square(g.sub(g.sub(l0, l1), alpha))), 10.0f));
    }

    data = MatF(kDataRows, kInputs);
    condition = MatF(kDataRows, 1);
    for (long i = 0; i < kDataRows; ++i) {
      for (int j = 0; j < kInputs; ++j) data(i, j) = static_cast<float>(rng.normal());
      condition(i, 0) = static_cast<float>(rng.bernoulli(0.4));
    }
  }

  void fill() {
    MatF& yv = g.value(y);
    MatF& cv = g.value(c);
    MatF& ev = g.value(eps);
    for (int i = 0; i < rows; ++i) {
      yv.row(i) = data.row(cursor);
      cv(i, 0) = condition(cursor, 0);
      cursor = (cursor + 1) % kDataRows;
      for (int j = 0; j < kLatent; ++j) ev(i, j) = static_cast<float>(rng.normal());
    }
  }
};

void run(benchmark::State& state, bool overlap) {
  VaeStep step(static_cast<int>(state.range(0)), overlap);
  Adam<float> adam(step.params);
  for (auto _ : state) {
    step.fill();
    step.g.forward();
    step.g.backward(step.loss);
    adam.step();
    benchmark::DoNotOptimize(step.params[0].value.data());
  }
  state.counters["loss"] = step.g.value(step.loss)(0, 0);
  state.counters["nodes"] = static_cast<double>(step.g.node_count());
}

void BM_VaeStep(benchmark::State& state) { run(state, false); }
void BM_VaeStepWithOverlap(benchmark::State& state) { run(state, true); }

BENCHMARK(BM_VaeStep)->Arg(10)->Arg(256)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_VaeStepWithOverlap)->Arg(10)->Arg(256)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
