// End-to-end training in float: reproducibility, an MLP fitting a function, and a small VAE
// whose validation loss falls below its value at initialisation.
#include <gtest/gtest.h>

#include <cmath>

#include "causalmix/rng.hpp"
#include "nn/adam.hpp"
#include "nn/graph.hpp"
#include "nn/layers.hpp"

namespace causalmix::nn {
namespace {

using MatF = Matrix<float>;

float target_function(float x1, float x2) { return std::sin(2.0f * x1) + 0.5f * x2 * x2; }

// A regression MLP (2 → 32 → 32 → linear 1) trained by Adam on minibatches of a fixed
// training set; returns the parameter bytes and the full-set MSE before and after.
struct RegressionRun {
  std::vector<std::uint8_t> parameters;
  float initial_mse = 0.0f, final_mse = 0.0f;
};

RegressionRun train_regression(std::uint64_t seed, int steps, float learning_rate) {
  constexpr int kTrain = 256, kBatch = 16;
  Rng rng(seed);
  MatF x(kTrain, 2), y(kTrain, 1);
  for (int i = 0; i < kTrain; ++i) {
    x(i, 0) = static_cast<float>(rng.uniform(-1.5, 1.5));
    x(i, 1) = static_cast<float>(rng.uniform(-1.5, 1.5));
    y(i, 0) = target_function(x(i, 0), x(i, 1));
  }
  ParameterSet<float> params;
  Rng init = rng.derive(1);
  auto body = Mlp<float>::create(params, "body", 2, {32, 32}, init);
  auto head = Linear<float>::create(params, "head", 32, 1, init);

  auto build = [&](Graph<float>& g, int rows, Var& input, Var& target) {
    input = g.input(rows, 2);
    target = g.input(rows, 1);
    Var prediction = head.apply(g, body.apply(g, input));
    return g.mean_all(g.square(g.sub(prediction, target)));
  };
  Graph<float> train, full;
  Var train_x, train_y, full_x, full_y;
  Var train_loss = build(train, kBatch, train_x, train_y);
  Var full_loss = build(full, kTrain, full_x, full_y);
  full.value(full_x) = x;
  full.value(full_y) = y;

  RegressionRun run;
  full.forward();
  run.initial_mse = full.value(full_loss)(0, 0);
  Adam<float> adam(params, AdamOptions{learning_rate});
  Rng batches = rng.derive(2);
  for (int step = 0; step < steps; ++step) {
    for (int i = 0; i < kBatch; ++i) {
      const auto row = static_cast<long>(batches.uniform_int(kTrain));
      train.value(train_x).row(i) = x.row(row);
      train.value(train_y)(i, 0) = y(row, 0);
    }
    train.forward();
    train.backward(train_loss);
    adam.step();
  }
  full.forward();
  run.final_mse = full.value(full_loss)(0, 0);
  run.parameters = params.save();
  return run;
}

TEST(NnTraining, SameSeedGivesBitIdenticalParameters) {
  const auto a = train_regression(17, 300, 1e-2f);
  const auto b = train_regression(17, 300, 1e-2f);
  const auto c = train_regression(18, 300, 1e-2f);
  EXPECT_EQ(a.parameters, b.parameters);
  EXPECT_EQ(a.final_mse, b.final_mse);
  EXPECT_NE(a.parameters, c.parameters);
}

TEST(NnTraining, MlpLearnsASmoothFunctionHundredFoldLowerError) {
  const auto run = train_regression(5, 3000, 3e-3f);
  EXPECT_LT(run.final_mse, run.initial_mse / 100.0f)
      << "initial " << run.initial_mse << ", final " << run.final_mse;
}

// Six correlated Gaussian columns driven by two latent factors: a VAE with a 2-d latent
// space can explain them far better than its random initialisation does.
TEST(NnTraining, SmallVaeValidationLossFallsBelowInitialisation) {
  constexpr int kColumns = 6, kLatent = 2, kTrain = 400, kValidation = 100, kBatch = 10;
  Rng rng(2024);
  MatF loadings(kLatent, kColumns);
  for (long k = 0; k < loadings.size(); ++k) loadings.data()[k] = static_cast<float>(rng.normal());
  auto draw = [&](int rows) {
    MatF data(rows, kColumns);
    for (int i = 0; i < rows; ++i) {
      const float z0 = static_cast<float>(rng.normal()), z1 = static_cast<float>(rng.normal());
      for (int j = 0; j < kColumns; ++j)
        data(i, j) = z0 * loadings(0, j) + z1 * loadings(1, j) + 0.1f * static_cast<float>(rng.normal());
    }
    return data;
  };
  const MatF train_data = draw(kTrain), validation_data = draw(kValidation);

  ParameterSet<float> params;
  Rng init = rng.derive(7);
  auto encoder = Mlp<float>::create(params, "encoder", kColumns, {16}, init);
  auto mu_head = Linear<float>::create(params, "mu", 16, kLatent, init);
  auto logvar_head = Linear<float>::create(params, "logvar", 16, kLatent, init);
  auto decoder = Mlp<float>::create(params, "decoder", kLatent, {16}, init);
  auto mean_head = Linear<float>::create(params, "mean", 16, kColumns, init);
  auto variance_head = Linear<float>::create(params, "variance", 16, kColumns, init);

  struct Net {
    Graph<float> g;
    Var y, eps, loss;
  };
  auto build = [&](Net& net, int rows) {
    Graph<float>& g = net.g;
    net.y = g.input(rows, kColumns);
    net.eps = g.input(rows, kLatent);
    Var h = encoder.apply(g, net.y);
    Var mu = mu_head.apply(g, h), logvar = logvar_head.apply(g, h);
    Var z = g.add(mu, g.mul(g.exp(g.scale(logvar, 0.5f)), net.eps));
    Var d = decoder.apply(g, z);
    Var nll = g.gaussian_nll(net.y, mean_head.apply(g, d),
                             g.scale(g.tanh(variance_head.apply(g, d)), 5.0f));
    Var kl = g.scale(g.sum_all(g.add_scalar(g.sub(g.sub(logvar, g.square(mu)), g.exp(logvar)), 1.0f)),
                     -0.5f / static_cast<float>(rows));
    net.loss = g.add(g.sum_all(g.mean_rows(nll)), g.scale(kl, 0.1f));
  };
  Net train, validation;
  build(train, kBatch);
  build(validation, kValidation);
  validation.g.value(validation.y) = validation_data;  // ε stays 0: the loss at z = μ
  auto validation_loss = [&] {
    validation.g.forward();
    return validation.g.value(validation.loss)(0, 0);
  };

  const float initial = validation_loss();
  Adam<float> adam(params);
  Rng noise = rng.derive(8);
  std::vector<int> order(kTrain);
  for (int i = 0; i < kTrain; ++i) order[static_cast<std::size_t>(i)] = i;
  for (int epoch = 0; epoch < 10; ++epoch) {
    noise.shuffle(order);
    for (int start = 0; start + kBatch <= kTrain; start += kBatch) {
      for (int i = 0; i < kBatch; ++i) {
        train.g.value(train.y).row(i) = train_data.row(order[static_cast<std::size_t>(start + i)]);
        for (int j = 0; j < kLatent; ++j) train.g.value(train.eps)(i, j) = static_cast<float>(noise.normal());
      }
      train.g.forward();
      train.g.backward(train.loss);
      adam.step();
    }
  }
  const float final_loss = validation_loss();
  // Per row, summed over 6 columns: the loss must drop by at least 6 nats (it drops by about 11).
  EXPECT_LT(final_loss, initial - 6.0f) << "initial " << initial << ", final " << final_loss;
}

}  // namespace
}  // namespace causalmix::nn
