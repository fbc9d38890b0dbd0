// Adam against PyTorch's update rule written out literally, and its bookkeeping.
#include <gtest/gtest.h>

#include <cmath>

#include "causalmix/error.hpp"
#include "nn/adam.hpp"
#include "nn/graph.hpp"

namespace causalmix::nn {
namespace {

TEST(NnAdam, FirstStepMovesEachScalarByTheLearningRateAgainstItsGradient) {
  ParameterSet<double> params;
  auto& p = params.add("p", 2, 2);
  p.value << 1.0, -2.0, 0.5, 3.0;
  p.grad << 0.3, -4.0, 1e-3, 0.0;
  const Matrix<double> start = p.value;
  const Matrix<double> g = p.grad;
  Adam<double> adam(params);  // defaults: lr 1e-3, ε 1e-8
  adam.step();
  // m̂ = g and v̂ = g² after one step, so the move is lr·g/(|g| + ε).
  for (long k = 0; k < 4; ++k) {
    const double expected = start.data()[k] - 1e-3 * g.data()[k] / (std::abs(g.data()[k]) + 1e-8);
    EXPECT_NEAR(p.value.data()[k], expected, 1e-15);
  }
  EXPECT_EQ(p.value(1, 1), 3.0);  // zero gradient: no move
  EXPECT_EQ(p.grad, Matrix<double>::Zero(2, 2));  // step() zeroes the gradients
  EXPECT_EQ(adam.steps(), 1);
}

TEST(NnAdam, MatchesTheBiasCorrectedRuleOverManySteps) {
  const AdamOptions options{0.05, 0.8, 0.99, 1e-6};
  ParameterSet<double> params;
  auto& a = params.add("a", 1, 3);
  auto& b = params.add("b", 2, 1);
  a.value << 0.1, -0.2, 0.3;
  b.value << 2.0, -1.0;
  Adam<double> adam(params, options);
  // Reference in long double: m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), p −= lr·m̂/(√v̂ + ε).
  long double ref[5] = {0.1L, -0.2L, 0.3L, 2.0L, -1.0L}, m[5] = {}, v[5] = {};
  for (int t = 1; t <= 25; ++t) {
    // Gradient of Σ (p − target)² + a changing term, so that m and v keep moving.
    double* values[5] = {&a.value(0, 0), &a.value(0, 1), &a.value(0, 2), &b.value(0, 0), &b.value(1, 0)};
    double* grads[5] = {&a.grad(0, 0), &a.grad(0, 1), &a.grad(0, 2), &b.grad(0, 0), &b.grad(1, 0)};
    for (int k = 0; k < 5; ++k) *grads[k] = 2.0 * (*values[k] - 0.5 * k) + std::sin(t + k);
    for (int k = 0; k < 5; ++k) {
      const long double g = *grads[k];
      m[k] = options.beta1 * m[k] + (1 - options.beta1) * g;
      v[k] = options.beta2 * v[k] + (1 - options.beta2) * g * g;
      const long double m_hat = m[k] / (1 - std::pow(0.8L, t));
      const long double v_hat = v[k] / (1 - std::pow(0.99L, t));
      ref[k] -= options.learning_rate * m_hat / (std::sqrt(v_hat) + options.epsilon);
    }
    adam.step();
    for (int k = 0; k < 5; ++k) EXPECT_NEAR(*values[k], static_cast<double>(ref[k]), 1e-13) << "step " << t;
  }
  EXPECT_EQ(adam.steps(), 25);
}

TEST(NnAdam, RejectsBadOptionsAndAChangedParameterSet) {
  ParameterSet<float> params;
  params.add("w", 2, 2);
  EXPECT_THROW(Adam<float>(params, AdamOptions{-1.0}), Error);
  EXPECT_THROW(Adam<float>(params, AdamOptions{1e-3, 1.0}), Error);
  Adam<float> adam(params);
  params.add("late", 1, 1);
  EXPECT_THROW(adam.step(), Error);
}

}  // namespace
}  // namespace causalmix::nn
