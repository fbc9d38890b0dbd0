// The conditional VAE: head layout, the whole loss's gradient (every term of method.md
// §3–§5) against finite differences, and training that lowers the validation loss,
// reproducibly, with the best weights restored.
#include <gtest/gtest.h>

#include <numeric>

#include "../tests/nn_gradcheck.hpp"
#include "vae/trainer.hpp"
#include "vae_fixtures.hpp"

namespace causalmix::vae {
namespace {

using testing::model_data;
using testing::small_mixed_table;

TEST(HeadLayout, ZeroInflatedColumnGetsAHurdleHeadAtItsMinimum) {
  const auto d = model_data(small_mixed_table(300, 1), 2);
  const auto& layout = d.covariate_shape.layout;
  ASSERT_EQ(layout.gaussian, 1);
  ASSERT_EQ(layout.hurdle, 1);
  ASSERT_EQ(layout.binary, 1);
  ASSERT_EQ(layout.categorical, 1);
  EXPECT_EQ(layout.heads[0].name, "x");
  EXPECT_EQ(layout.heads[1].name, "earnings");
  EXPECT_TRUE(layout.heads[1].atom_is_minimum);
  // The atom is earnings = 0 in standardised units.
  const auto& e = d.encoding.columns()[1];
  EXPECT_NEAR(layout.heads[1].atom, (0.0 - e.mean) / e.scale, 1e-12);
  // 2 Gaussian + 3 hurdle + 1 binary + 3 categorical outputs per arm.
  EXPECT_EQ(layout.arm_width(), 2 + 3 + 1 + 3);
  // About 30 % of rows sit at the atom.
  const double share = d.covariates.atom_mask.cast<double>().mean();
  EXPECT_NEAR(share, 0.3, 0.06);
}

template <class Data>
double worst_gradient_error(ModelKind kind, const NetworkShape& shape, const Data& data) {
  Rng rng(7);
  CvaeNetwork<double> network(shape, rng);
  LossWeights weights;
  weights.effect_rigidity = 3;  // O(1) terms so every part of the loss shows in the gradient
  weights.confounding_rigidity = 2;
  weights.effect_variance_weight = 0.5;
  weights.confounding_variance_weight = 0.7;
  weights.overlap_weight = 0.8;
  auto graph = build_training_graph(network, kind, weights, 6);
  std::vector<int> rows = {0, 3, 5, 8, 13, 21};
  Rng noise(3);
  graph->fill(data, rows.data(), &noise);
  const auto check = nn::testing::check_gradients(graph->graph, graph->loss, network.parameters());
  EXPECT_GT(check.scalars, 100u);
  return check.worst_relative_error;
}

TEST(VaeLoss, CovariateLossGradientMatchesFiniteDifferences) {
  const auto d = model_data(small_mixed_table(40, 3), 4);
  EXPECT_LT(worst_gradient_error(ModelKind::Covariates, d.covariate_shape, d.covariates), 1e-6);
}

TEST(VaeLoss, OutcomeLossWithEffectAndConfoundingTermsMatchesFiniteDifferences) {
  const auto d = model_data(small_mixed_table(40, 5), 6);
  EXPECT_LT(worst_gradient_error(ModelKind::Outcome, d.outcome_shape, d.outcome), 1e-6);
}

struct Trained {
  TrainingResult result;
  std::vector<std::uint8_t> weights;
  double validation_loss_after;
};

Trained train_covariates(std::uint64_t seed, int epochs) {
  const auto d = model_data(small_mixed_table(500, 11), 12);
  Rng init(seed);
  CvaeNetwork<float> network(d.covariate_shape, init);
  std::vector<int> rows(500);
  std::iota(rows.begin(), rows.end(), 0);
  const std::vector<int> train_rows(rows.begin(), rows.begin() + 400), validation_rows(rows.begin() + 400, rows.end());
  TrainerOptions options;
  options.max_epochs = epochs;
  Rng rng = init.derive(1);
  LossWeights weights;
  Trained t;
  t.result = train(network, ModelKind::Covariates, weights, d.covariates, train_rows, validation_rows, options, rng);
  t.weights = network.parameters().save();
  t.validation_loss_after = evaluate_loss(network, ModelKind::Covariates, weights, d.covariates, validation_rows);
  return t;
}

TEST(VaeTraining, TrainingLowersTheValidationLoss) {
  const Trained t = train_covariates(1, 15);
  ASSERT_FALSE(t.result.history.empty());
  EXPECT_LT(t.result.best_validation_loss, t.result.initial_validation_loss - 0.5)
      << "initial " << t.result.initial_validation_loss << " best " << t.result.best_validation_loss;
}

TEST(VaeTraining, BestValidationWeightsAreRestored) {
  const Trained t = train_covariates(2, 15);
  // The restored weights give exactly the best epoch's validation loss.
  EXPECT_FLOAT_EQ(static_cast<float>(t.validation_loss_after), static_cast<float>(t.result.best_validation_loss));
  EXPECT_EQ(t.result.history[t.result.best_epoch - 1].validation_loss, t.result.best_validation_loss);
}

TEST(VaeTraining, SameSeedGivesBitIdenticalWeights) {
  const Trained a = train_covariates(3, 4);
  const Trained b = train_covariates(3, 4);
  const Trained c = train_covariates(4, 4);
  EXPECT_EQ(a.weights, b.weights);
  EXPECT_NE(a.weights, c.weights);
}

}  // namespace
}  // namespace causalmix::vae
