// The conditional VAE's networks (method.md §3): encoder q(z|y) → (μ, log σ²), decoder
// p(y|z,c) → one head block per variable type, with one or two arms (potential-outcome mode).
// Templated on the scalar: float to train, double for gradient checks.
#pragma once

#include <vector>

#include "causalmix/rng.hpp"
#include "nn/graph.hpp"
#include "nn/layers.hpp"
#include "vae/heads.hpp"

namespace causalmix::vae {

struct NetworkShape {
  int input_width = 0;      // encoder input (one-hot of the modelled variables)
  int condition_width = 0;  // decoder's conditioning columns c
  int latent = 0;
  std::vector<int> hidden = {64};
  int arms = 1;             // 2 in potential-outcome mode
  HeadLayout layout;
};

template <class S>
class CvaeNetwork {
 public:
  using Var = nn::Var;
  using Graph = nn::Graph<S>;

  CvaeNetwork(const NetworkShape& shape, Rng& rng);
  CvaeNetwork(const CvaeNetwork&) = delete;
  CvaeNetwork& operator=(const CvaeNetwork&) = delete;

  struct Encoded {
    Var mean, logvar;
  };
  Encoded encode(Graph& g, Var y_input) const;
  // z = μ + exp(½ log σ²)·ε
  Var reparameterize(Graph& g, const Encoded& e, Var noise) const;
  // Raw head outputs for [z, c]: rows × (arms · arm_width).
  Var decode(Graph& g, Var z, Var condition) const;

  // One arm's activated outputs (absent blocks hold id −1).
  struct Arm {
    Var gaussian_mean, gaussian_logvar;
    Var hurdle_logit, hurdle_mean, hurdle_logvar;
    Var binary_logit;
    std::vector<Var> categorical_logits;
    // rows × (gaussian + hurdle + binary): each non-categorical variable's expected value
    // (bounded mean; p·atom + (1−p)·mean for a hurdle; probability for a binary).
    Var expected;
  };
  Arm activate(Graph& g, Var raw, int arm) const;
  // rows × 1: −log p(targets | arm), summed over variables. `continuous`, when given
  // (rows × (gaussian + hurdle)), replaces the continuous variables' targets.
  Var negative_log_likelihood(Graph& g, const Arm& arm, Var targets, Var atom_mask, Var continuous = {}) const;
  // −½ Σ(1 + log σ² − μ² − σ²) / rows  (1 × 1)
  Var kl_divergence(Graph& g, const Encoded& e) const;

  const NetworkShape& shape() const { return shape_; }
  nn::ParameterSet<S>& parameters() { return params_; }
  const nn::ParameterSet<S>& parameters() const { return params_; }

 private:
  Var bounded_mean(Graph& g, Var raw, const std::vector<HeadLayout::Run>& runs, int group_start) const;

  NetworkShape shape_;
  nn::ParameterSet<S> params_;
  nn::Mlp<S> encoder_;
  nn::Linear<S> to_mean_, to_logvar_;
  nn::Mlp<S> decoder_;
  nn::Linear<S> head_;
  // Per-variable constants as 1×n rows, for broadcasting.
  nn::Matrix<S> lower_row_, upper_row_, span_row_, atom_row_;
};

extern template class CvaeNetwork<float>;
extern template class CvaeNetwork<double>;

}  // namespace causalmix::vae
