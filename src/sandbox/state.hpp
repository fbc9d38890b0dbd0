// What a fitted sandbox holds (internal): the encoding of the modelled table, the compiled
// knobs, and the two conditional VAEs each with its latent prior.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "causalmix/encoding.hpp"
#include "causalmix/expr.hpp"
#include "causalmix/mixture.hpp"
#include "causalmix/sandbox.hpp"
#include "sandbox/knobs.hpp"
#include "vae/trainer.hpp"

namespace causalmix::sandbox {

// One conditional VAE and the prior its latent draws come from.
struct LatentModel {
  vae::NetworkShape shape;
  std::unique_ptr<vae::CvaeNetwork<float>> network;
  GaussianMixture mixture;
  Eigen::VectorXd noise_logvar;  // v̄: mean encoder log-variance over the training split
  vae::TrainingResult training;

  // rows × latent: μ from the mixture plus exp(½ v̄)·ε, or ε ~ N(0, I) for the normal prior.
  Eigen::MatrixXd sample_latent(std::size_t rows, Prior prior, Rng& rng) const;
};

}  // namespace causalmix::sandbox

namespace causalmix {

struct Sandbox::State {
  std::string treatment, outcome;
  Knobs knobs;
  FitOptions options;
  std::vector<std::string> covariates;
  Encoding encoding;  // columns: covariates…, treatment, outcome
  Standardization standardization;
  double treatment_rate = 0.5;        // p̂ (mean e(x) in the propensity form)
  double attained_exp_alpha = 1.0;    // E[e^α | T = 1] on the training table
  std::size_t training_rows = 0, validation_rows = 0;
  std::vector<std::string> warnings;
  sandbox::LatentModel covariate_model, outcome_model;
  sandbox::CompiledKnobs compiled_knobs;

  int covariate_count() const { return static_cast<int>(covariates.size()); }
  int treatment_column() const { return covariate_count(); }
  int outcome_column() const { return covariate_count() + 1; }
  Encoding covariate_encoding() const;  // the covariates' part of `encoding`
  Encoding outcome_encoding() const;
  // Outcome standard deviation (1 for a binary outcome): converts τ, κ to network units.
  double outcome_scale() const;
};

}  // namespace causalmix
