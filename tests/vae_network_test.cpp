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

// The penalty on redrawn discrete values, recomputed by hand from the heads' outputs: with
// discrete covariates only, r = ℓ₀ − ℓ₁ = Σ_j d_j(observed), d_j(k) = log p₀(x_j = k) −
// log p₁(x_j = k), and the term is mean_rows (1/J) Σ_j Σ_k p_T(x_j = k)·(r − d_j(obs) + d_j(k) − α_jk)².
TEST(VaeLoss, RedrawnDiscreteOverlapPenaltyMatchesItsDefinition) {
  const auto full = small_mixed_table(30, 8);
  Table table;
  table.columns = {full.column("flag"), full.column("group"), full.column("t")};
  const Encoding encoding = Encoding::fit(table);
  const Eigen::MatrixXd encoded = encoding.encode(table);
  const Encoding x_encoding({encoding.columns()[0], encoding.columns()[1]});
  NetworkShape shape;
  shape.layout = make_head_layout(encoding, {0, 1}, encoded, 0.05);
  shape.input_width = x_encoding.one_hot_width();
  shape.condition_width = 1;
  shape.latent = 2;
  shape.hidden = {5};
  ASSERT_EQ(shape.layout.binary, 1);
  ASSERT_EQ(shape.layout.categorical, 1);
  TrainingData data;
  data.input = x_encoding.one_hot(encoded.leftCols(2));
  data.targets = layout_targets(shape.layout, encoded);
  data.treatment = encoded.col(2).cast<float>();
  data.level_one_hot = discrete_level_one_hot(shape.layout, data.targets);
  ASSERT_EQ(data.level_one_hot.cols(), 2 + 3);
  Rng rng(5);
  const int n = 30;
  data.alpha.resize(n, 1);
  data.level_alpha.resize(n, 5);
  for (int i = 0; i < n; ++i) {
    data.alpha(i, 0) = static_cast<float>(rng.normal());
    for (int k = 0; k < 5; ++k) data.level_alpha(i, k) = static_cast<float>(rng.normal());
  }
  Rng init(9);
  CvaeNetwork<double> network(shape, init);
  std::vector<int> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  auto loss_with = [&](double sampled_weight) {
    LossWeights w;
    w.overlap_sampled_weight = sampled_weight;
    auto graph = build_training_graph(network, ModelKind::Covariates, w, n);
    graph->fill(data, rows.data(), nullptr);  // z = μ
    graph->graph.forward();
    return graph->graph.value(graph->loss)(0, 0);
  };
  const double term = (loss_with(2.0) - loss_with(0.0)) / 2.0;

  // The heads at z = μ, for both arms.
  nn::Graph<double> g;
  nn::Var input = g.input(n, shape.input_width);
  g.value(input) = data.input.cast<double>();
  const auto encoded_z = network.encode(g, input);
  nn::Var arm_logits[2][2];  // [arm][binary logit, categorical logits]
  for (int arm = 0; arm < 2; ++arm) {
    const auto a = network.activate(g, network.decode(g, encoded_z.mean, g.constant(nn::Matrix<double>::Constant(n, 1, arm))), 0);
    arm_logits[arm][0] = a.binary_logit;
    arm_logits[arm][1] = a.categorical_logits[0];
  }
  g.forward();
  double expected = 0.0;
  for (int i = 0; i < n; ++i) {
    const int t = static_cast<int>(data.treatment(i, 0));
    // log p_arm(x_j = k) for j = flag (k < 2) and group (k < 3).
    auto log_p = [&](int arm, int j, int k) {
      if (j == 0) {
        const double l = g.value(arm_logits[arm][0])(i, 0);
        return k == 1 ? -std::log1p(std::exp(-l)) : -std::log1p(std::exp(l));
      }
      const auto logits = g.value(arm_logits[arm][1]).row(i);
      return logits(k) - std::log(logits.array().exp().sum());
    };
    auto d = [&](int j, int k) { return log_p(0, j, k) - log_p(1, j, k); };
    const int observed[2] = {static_cast<int>(data.targets(i, 0)), static_cast<int>(data.targets(i, 1))};
    const double r = d(0, observed[0]) + d(1, observed[1]);
    const int levels[2] = {2, 3};
    const int alpha_column[2][3] = {{0, 1, -1}, {2, 3, 4}};
    double row = 0.0;
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < levels[j]; ++k) {
        const double gap = r - d(j, observed[j]) + d(j, k) - data.level_alpha(i, alpha_column[j][k]);
        row += std::exp(log_p(t, j, k)) * gap * gap;
      }
    expected += row / 2.0;
  }
  expected /= n;
  EXPECT_GT(expected, 0.1);
  EXPECT_NEAR(term, expected, 1e-9 * expected);
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
