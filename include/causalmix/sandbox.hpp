// The sandbox: fit p(T)·p(X|T)·p(Y(0),Y(1)|X,T) to a real table with the three causal
// controls (effect τ, confounding κ, overlap α or a target propensity), then draw synthetic
// tables that carry their truth. A fit and a sample are pure functions of inputs and seed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "causalmix/mixture.hpp"
#include "causalmix/table.hpp"
#include "causalmix/truth.hpp"

namespace causalmix {

// The three controls, as expressions over original column values (see expr.hpp).
struct Knobs {
  std::string effect = "0";       // τ(X), outcome units
  std::string confounding = "0";  // κ(X,T), outcome units
  std::string overlap = "0";      // α(X), log density ratio ℓ₀ − ℓ₁
  // Target propensity e(X) on the probability scale; when set it replaces `overlap`
  // (α = logit p̂ − logit e(x), p̂ = mean e(x)), the recommended, always attainable form.
  std::optional<std::string> propensity;
};

struct FitOptions {
  std::vector<int> hidden = {64};
  int batch_size = 10;
  int max_epochs = 1000;
  int patience = 5;
  double learning_rate = 1e-3;
  double kl_weight = 0.1;
  double validation_split = 0.2;
  int covariate_latent = 0;  // 0 = number of covariates
  int outcome_latent = 0;    // 0 = 2 × number of outcomes
  double effect_rigidity = 1000;       // a
  double confounding_rigidity = 1000;  // b
  double effect_blend = 0.5;           // w_e: MSE share of the MSE/SmoothL1 blend
  double confounding_blend = 0.5;      // w_b
  double effect_variance_weight = 0.01;        // η
  double confounding_variance_weight = 0.005;  // ζ
  double overlap_weight = 10;                  // λ_ov
  // Improvement: the overlap penalty also on covariates drawn from the decoder: continuous
  // values reparameterised, each discrete variable redrawn at every level (see
  // vae/objective.cpp); 0 gives the published objective.
  double overlap_sampled_weight = 10;
  double point_mass_share = 0.05;  // min/max holding this share of rows gets a hurdle head
  MixtureOptions mixture;
  std::uint64_t seed = 0;
  int threads = 0;  // 0 = hardware; the result does not depend on it
};

enum class Prior { Mixture, Normal };
const char* to_string(Prior prior);
Prior parse_prior(const std::string& text);

struct TrainingProgress {
  std::string model;  // "covariates" or "outcome"
  int epoch = 0;
  double train_loss = 0, validation_loss = 0, best_validation_loss = 0;
  int epochs_without_improvement = 0;
  bool stopped = false;
};
using ProgressCallback = std::function<void(const TrainingProgress&)>;

class Sandbox {
 public:
  static Sandbox fit(const Table& data, const std::string& treatment, const std::string& outcome,
                     const Knobs& knobs, const FitOptions& options,
                     const ProgressCallback& progress = {});

  // n rows: covariates, treatment, outcome in original units and labels, then the truth
  // columns (truth.hpp). Pure function of (model, n, seed, prior).
  // Rows are made in fixed chunks, each with its own derived streams, so `threads` (0 = all
  // cores) changes the speed only.
  Table sample(std::size_t n, std::uint64_t seed, Prior prior = Prior::Mixture, int threads = 0) const;

  // The knob targets evaluated on generated rows (for judging the achieved truth).
  CausalTargets targets(const Table& generated) const;

  void save(const std::string& path) const;  // atomic
  static Sandbox load(const std::string& path);
  std::string serialize() const;
  static Sandbox deserialize(const std::string& bytes, const std::string& source_name);

  const std::string& treatment() const;
  const std::string& outcome() const;
  const Knobs& knobs() const;
  const FitOptions& options() const;
  Schema schema() const;  // covariates, treatment, outcome
  double treatment_rate() const;
  // Summary of the fit for printing: epochs, losses, E[e^α | T=1], warnings.
  std::string summary() const;
  std::vector<std::string> warnings() const;

  Sandbox(Sandbox&&) noexcept;
  Sandbox& operator=(Sandbox&&) noexcept;
  ~Sandbox();

  struct State;

 private:
  explicit Sandbox(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace causalmix
