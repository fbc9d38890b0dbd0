// The training objectives as graphs, built once per batch size: the covariate model X|T
// with the overlap regulariser (method.md §5) and the outcome model in potential-outcome
// mode with the effect and confounding constraints (§4).
#pragma once

#include <memory>
#include <vector>

#include "vae/network.hpp"

namespace causalmix::vae {

enum class ModelKind { Covariates, Outcome };

struct LossWeights {
  double kl_weight = 0.1;
  // Covariate model.
  double overlap_weight = 10;  // λ_ov
  // Weight of the same overlap penalty evaluated on covariates drawn from the decoder
  // (continuous parts reparameterised; each discrete variable in turn at every level,
  // weighted by its probability): what generation evaluates.
  double overlap_sampled_weight = 10;
  // Outcome model.
  double effect_rigidity = 1000, confounding_rigidity = 1000;  // a, b
  double effect_blend = 0.5, confounding_blend = 0.5;          // MSE share
  double effect_variance_weight = 0.01, confounding_variance_weight = 0.005;  // η, ζ
};

// Every row of the training data a model sees, in network form (row-major float).
struct TrainingData {
  RowMatrixF input;      // encoder input (one-hot of the modelled variables)
  RowMatrixF targets;    // layout order (heads.hpp)
  RowMatrixF atom_mask;  // one column per hurdle variable
  RowMatrixF treatment;  // n × 1
  RowMatrixF alpha;      // covariates: n × 1 target of ℓ₀ − ℓ₁
  // Covariates with discrete variables: one column per (discrete variable, level), laid out
  // as discrete_levels() says. `level_one_hot` marks the observed level; `level_alpha`
  // is α with that one variable set to that level (the other variables as observed).
  RowMatrixF level_one_hot, level_alpha;
  RowMatrixF condition;  // outcome: one-hot covariates (T is appended in the graph)
  RowMatrixF tau;        // outcome: n × outcomes, standardised units
  RowMatrixF kappa;      // outcome: n × outcomes
  int rows() const { return static_cast<int>(input.rows()); }
};

// The column layout of TrainingData::level_one_hot and level_alpha: level 0 of every binary
// variable, then level 1 of every binary variable, then each categorical variable's levels
// in turn. `columns` holds, per discrete variable in head-layout order, its column for each
// level; `width` is the number of columns.
struct DiscreteLevels {
  std::vector<std::vector<int>> columns;
  int width = 0;
};
DiscreteLevels discrete_levels(const HeadLayout& layout);

// TrainingData::level_one_hot from the targets (layout_targets).
RowMatrixF discrete_level_one_hot(const HeadLayout& layout, const RowMatrixF& targets);

template <class S>
struct TrainingGraph {
  nn::Graph<S> graph;
  nn::Var input, targets, atom_mask, treatment, alpha, condition, tau, kappa, noise;
  nn::Var level_one_hot, level_alpha;  // covariates with discrete variables
  nn::Var draw_noise;  // covariates: ε for the decoder draws of continuous variables
  nn::Var loss;
  int rows = 0;

  // Copy the given rows of `data` into the inputs; noise ε ~ N(0,1) from `rng`, or zero
  // when rng is null (validation: z = μ).
  void fill(const TrainingData& data, const int* row_indices, Rng* rng);
};

template <class S>
std::unique_ptr<TrainingGraph<S>> build_training_graph(const CvaeNetwork<S>& network, ModelKind kind,
                                                        const LossWeights& weights, int rows);

extern template struct TrainingGraph<float>;
extern template struct TrainingGraph<double>;

}  // namespace causalmix::vae
