// A whole VAE-shaped loss with every term of method.md §3–§5, built only from graph ops,
// checked against central finite differences over every parameter.
#include <gtest/gtest.h>

#include <cmath>

#include "causalmix/rng.hpp"
#include "nn/graph.hpp"
#include "nn/layers.hpp"
#include "nn_gradcheck.hpp"

namespace causalmix::nn {
namespace {

using MatD = Matrix<double>;

constexpr int kRows = 6, kContinuous = 2, kLatent = 3, kLevels = 3, kHidden = 8;

struct Decoded {
  Var m0, m1, v0, v1, b0, b1, categorical;  // bounded means, log-variances, logits per arm
};

struct VaeLoss {
  ParameterSet<double> params;
  Graph<double> g;
  Mlp<double> encoder, decoder;
  Linear<double> mu_head, logvar_head, mean_head, variance_head, binary_head, categorical_head;
  Var y_encoded, y_continuous, y_binary, codes, t, x1, eps, tau_target, kappa_target, alpha;
  Var lo, span;
  std::vector<Var> activations;  // LeakyReLU outputs, to check they sit away from the kink
  Var tau_difference, kappa_difference, loss;

  Decoded decode(Var z, Var treatment) {
    Var h = decoder.apply(g, g.concat_cols({z, treatment, x1}));
    activations.push_back(h);
    Var mean = mean_head.apply(g, h), variance = variance_head.apply(g, h);
    Var binary = binary_head.apply(g, h);
    auto bounded = [&](Var m) { return g.add(g.mul(g.sigmoid(m), span), lo); };
    auto logvar = [&](Var v) { return g.scale(g.tanh(v), 5.0); };
    return {bounded(g.slice_cols(mean, 0, kContinuous)),
            bounded(g.slice_cols(mean, kContinuous, kContinuous)),
            logvar(g.slice_cols(variance, 0, kContinuous)),
            logvar(g.slice_cols(variance, kContinuous, kContinuous)),
            g.slice_cols(binary, 0, 1),
            g.slice_cols(binary, 1, 1),
            categorical_head.apply(g, h)};
  }

  // Per-row log-likelihood of the continuous and binary variables under one arm.
  Var log_likelihood(Var mean, Var logvar, Var logit) {
    Var nll = g.add(g.sum_cols(g.gaussian_nll(y_continuous, mean, logvar)),
                    g.bce_with_logits(logit, y_binary));
    return g.scale(nll, -1.0);
  }

  // τ/κ loss: rigidity·(½ MSE + ½ SmoothL1) plus a batch-variance penalty.
  Var constraint(Var estimate, Var target, double variance_weight) {
    Var mse = g.mean_all(g.square(g.sub(estimate, target)));
    Var smooth = g.mean_all(g.smooth_l1(estimate, target, 1.0));
    Var blend = g.add(g.scale(mse, 0.5), g.scale(smooth, 0.5));
    Var penalty = g.sum_all(g.var_rows(g.sub(estimate, target)));
    return g.add(g.scale(blend, 10.0), g.scale(penalty, variance_weight));
  }

  explicit VaeLoss(std::uint64_t seed) {
    Rng rng(seed);
    const int encoded_width = kContinuous + 1 + kLevels;
    encoder = Mlp<double>::create(params, "encoder", encoded_width, {kHidden}, rng);
    mu_head = Linear<double>::create(params, "mu", kHidden, kLatent, rng);
    logvar_head = Linear<double>::create(params, "logvar", kHidden, kLatent, rng);
    decoder = Mlp<double>::create(params, "decoder", kLatent + 2, {kHidden}, rng);
    mean_head = Linear<double>::create(params, "mean", kHidden, 2 * kContinuous, rng);
    variance_head = Linear<double>::create(params, "variance", kHidden, 2 * kContinuous, rng);
    binary_head = Linear<double>::create(params, "binary", kHidden, 2, rng);
    categorical_head = Linear<double>::create(params, "categorical", kHidden, kLevels, rng);

    // Data.
    y_encoded = g.input(kRows, encoded_width);
    y_continuous = g.input(kRows, kContinuous);
    y_binary = g.input(kRows, 1);
    codes = g.input(kRows, 1);
    t = g.input(kRows, 1);
    x1 = g.input(kRows, 1);
    eps = g.input(kRows, kLatent);
    tau_target = g.input(kRows, 1);
    kappa_target = g.input(kRows, 1);
    alpha = g.input(kRows, 1);
    MatD lo_value(1, kContinuous), span_value(1, kContinuous);
    lo_value << -2.0, -1.0;
    span_value << 5.0, 3.0;
    lo = g.constant(lo_value);
    span = g.constant(span_value);
    for (int i = 0; i < kRows; ++i) {
      MatD& ye = g.value(y_encoded);
      ye.row(i).setZero();
      for (int j = 0; j < kContinuous; ++j) {
        g.value(y_continuous)(i, j) = rng.uniform(-0.8, 1.5);
        ye(i, j) = g.value(y_continuous)(i, j);
      }
      g.value(y_binary)(i, 0) = i % 3 == 0 ? 1.0 : 0.0;
      ye(i, kContinuous) = g.value(y_binary)(i, 0);
      const int code = i % kLevels;
      g.value(codes)(i, 0) = code;
      ye(i, kContinuous + 1 + code) = 1.0;
      g.value(t)(i, 0) = i % 2;
      g.value(x1)(i, 0) = rng.normal();
      for (int j = 0; j < kLatent; ++j) g.value(eps)(i, j) = rng.normal();
      // Targets put the SmoothL1 arguments on both sides of β = 1 (checked below).
      g.value(tau_target)(i, 0) = i % 2 == 0 ? 2.5 : -0.3;
      g.value(kappa_target)(i, 0) = i % 3 == 0 ? -2.0 : 0.4;
      g.value(alpha)(i, 0) = 0.5 * rng.normal();
    }

    // Encoder and reparameterisation.
    Var h = encoder.apply(g, y_encoded);
    activations.push_back(h);
    Var mu = mu_head.apply(g, h);
    Var logvar = logvar_head.apply(g, h);
    Var z = g.add(mu, g.mul(g.exp(g.scale(logvar, 0.5)), eps));

    // Observed and flipped-treatment decoding with the same z.
    Decoded obs = decode(z, t);
    Var flipped_t = g.add_scalar(g.scale(t, -1.0), 1.0);
    Decoded flip = decode(z, flipped_t);

    // Likelihood of the observed arm.
    Var nll = g.sum_all(g.mean_rows(g.gaussian_nll(y_continuous, g.blend(t, obs.m1, obs.m0),
                                                   g.blend(t, obs.v1, obs.v0))));
    Var bce = g.mean_all(g.bce_with_logits(g.blend(t, obs.b1, obs.b0), y_binary));
    Var ce = g.mean_all(g.softmax_cross_entropy(obs.categorical, codes));

    // Effect and confounding constraints on the first continuous outcome.
    auto first = [&](Var m) { return g.slice_cols(m, 0, 1); };
    Var tau_hat = g.sub(first(obs.m1), first(obs.m0));
    Var kappa_hat = g.blend(t, g.sub(first(obs.m0), first(flip.m0)),
                            g.sub(first(flip.m1), first(obs.m1)));
    tau_difference = g.sub(tau_hat, tau_target);
    kappa_difference = g.sub(kappa_hat, kappa_target);
    Var constraints = g.add(constraint(tau_hat, tau_target, 0.01),
                            constraint(kappa_hat, kappa_target, 0.005));

    // Overlap: (ℓ₀ − ℓ₁ − α)².
    Var l0 = log_likelihood(obs.m0, obs.v0, obs.b0);
    Var l1 = log_likelihood(obs.m1, obs.v1, obs.b1);
    Var overlap = g.mean_all(g.square(g.sub(g.sub(l0, l1), alpha)));

    // KL: −½ Σ(1 + log σ² − μ² − σ²) / B.
    Var kl_terms = g.add_scalar(g.sub(g.sub(logvar, g.square(mu)), g.exp(logvar)), 1.0);
    Var kl = g.scale(g.sum_all(kl_terms), -0.5 / kRows);

    loss = g.add(g.add(g.add(nll, bce), g.add(ce, constraints)),
                 g.add(g.scale(overlap, 10.0), g.scale(kl, 0.1)));
  }
};

TEST(NnVaeGradients, WholeVaeLossMatchesFiniteDifferences) {
  VaeLoss vae(7);
  vae.g.forward();
  ASSERT_TRUE(std::isfinite(vae.g.value(vae.loss)(0, 0)));
  // Finite differences are valid only away from the kinks: LeakyReLU inputs not within
  // 5e-3 of 0 (outputs not within 5e-5), SmoothL1 differences not within 1e-2 of ±β; steps
  // of at most 2e-4 on a weight move them by well under 1e-3.
  for (Var a : vae.activations)
    EXPECT_GT(vae.g.value(a).cwiseAbs().minCoeff(), 5e-5);
  int inside = 0, outside = 0;
  for (Var d : {vae.tau_difference, vae.kappa_difference})
    for (long i = 0; i < kRows; ++i) {
      const double ad = std::abs(vae.g.value(d)(i, 0));
      EXPECT_GT(std::abs(ad - 1.0), 1e-2);
      (ad < 1.0 ? inside : outside)++;
    }
  EXPECT_GT(inside, 0);  // both SmoothL1 branches are exercised
  EXPECT_GT(outside, 0);

  const auto result = testing::check_gradients(vae.g, vae.loss, vae.params);
  EXPECT_EQ(result.scalars, vae.params.scalar_count());
  EXPECT_LT(result.worst_relative_error, 1e-6) << "worst at " << result.worst_where;
  EXPECT_LT(result.vector_relative_error, 1e-6);
}

TEST(NnVaeGradients, EveryParameterReceivesAGradient) {
  VaeLoss vae(11);
  vae.g.forward();
  vae.g.backward(vae.loss);
  for (const auto& p : vae.params) EXPECT_GT(p.grad.cwiseAbs().maxCoeff(), 0.0) << p.name;
}

}  // namespace
}  // namespace causalmix::nn
