// Causal control: hand-computed errors against targets, propensity summaries against numpy,
// and the data overlap of randomised vs confounded treatment.
#include <gtest/gtest.h>

#include <cmath>

#include "causalmix/error.hpp"

#include "causalmix/metrics.hpp"
#include "eval/propensity_overlap.hpp"
#include "eval_support.hpp"

namespace causalmix {
namespace {

using testing::discrete;
using testing::numerical;

Table generated_rows() {
  Table t;
  t.columns = {numerical("x", {0, 1, 2, 3}), discrete("T", {"0", "1"}, {0, 1, 0, 1}),
               numerical("Y", {1, 2, 3, 4}), numerical("tau", {1.0, 2.0, 3.0, 6.0}),
               numerical("kappa", {0.5, 0.0, -0.5, 1.0}), numerical("log_density_ratio", {0.1, 0.2, 0.5, -0.1})};
  return t;
}

TEST(EvalCausal, ErrorsAgainstTargetsByHand) {
  const Table t = generated_rows();
  CausalTargets targets;
  targets.tau = {1.0, 1.0, 3.0, 4.0};     // errors 0, 1, 0, 2
  targets.kappa = {0.0, 0.0, 0.0, 0.0};   // errors .5, 0, .5, 1
  targets.alpha = {0.0, 0.0, 0.0, 0.0};   // differences .1 .2 .5 −.1
  EvalOptions options;
  options.folds = 2;
  const auto r = causal_control(t, "T", &targets, options);
  EXPECT_NEAR(r.tau_mae, 0.75, 1e-12);
  EXPECT_NEAR(r.tau_rmse, std::sqrt(5.0 / 4.0), 1e-12);
  EXPECT_NEAR(r.achieved_ate, 3.0, 1e-12);
  EXPECT_NEAR(r.target_ate, 2.25, 1e-12);
  EXPECT_NEAR(r.ate_error, 0.75, 1e-12);
  // Sorted achieved {1,2,3,6} vs target {1,1,3,4}: W1 = (0 + 1 + 0 + 2)/4.
  EXPECT_NEAR(r.tau_wasserstein1, 0.75, 1e-12);
  EXPECT_GT(r.tau_pearson, 0.9);
  EXPECT_NEAR(r.kappa_mae, 0.5, 1e-12);
  EXPECT_NEAR(r.kappa_mae_control, 0.5, 1e-12);  // rows 0, 2
  EXPECT_NEAR(r.kappa_mae_treated, 0.5, 1e-12);  // rows 1, 3
  EXPECT_NEAR(r.overlap_mse, (0.01 + 0.04 + 0.25 + 0.01) / 4, 1e-12);
  EXPECT_NEAR(r.overlap_share_within, 0.75, 1e-12);
  EXPECT_NEAR(r.log_density_ratio_mean, 0.175, 1e-12);
  EXPECT_NEAR(r.alpha_sd, 0.0, 1e-12);
}

TEST(EvalCausal, ConstantTargetGivesNoCorrelation) {
  const Table t = generated_rows();
  CausalTargets targets;
  targets.tau = {2, 2, 2, 2};
  EvalOptions options;
  options.folds = 2;
  const auto r = causal_control(t, "T", &targets, options);
  EXPECT_TRUE(std::isnan(r.tau_pearson));
  EXPECT_TRUE(std::isnan(r.kappa_mae));  // no κ target given
  EXPECT_FALSE(r.to_json().dump().empty());
}

TEST(EvalCausal, PropensitySummariesMatchNumpy) {
  const auto f = testing::load_fixture("propensity.json");
  DataOverlap out;
  eval::summarize_propensity(testing::doubles(f["e"]), f["arms"].get<std::vector<int>>(), out);
  for (const char* key : {"auc", "overlap_coefficient", "share_within", "share_within_control",
                          "share_within_treated", "ess_control", "ess_treated"}) {
    const double value = nlohmann::json(out.to_json())[key].get<double>();
    EXPECT_NEAR(value, f[key].get<double>(), 1e-9) << key;
  }
}

TEST(EvalCausal, EmptyArmGivesNaN) {
  DataOverlap out;
  eval::summarize_propensity({0.2, 0.5, 0.97}, {1, 1, 1}, out);
  EXPECT_TRUE(std::isnan(out.share_within_control));
  EXPECT_TRUE(std::isnan(out.ess_control));
  EXPECT_NEAR(out.share_within_treated, 2.0 / 3.0, 1e-12);
}

TEST(EvalCausal, RandomisedTreatmentOverlapsAndConfoundedDoesNot) {
  Rng rng(11);
  const std::size_t n = 3000;
  std::vector<double> x(n), randomised(n), confounded(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = rng.normal();
    randomised[i] = rng.bernoulli(0.5);
    confounded[i] = rng.bernoulli(1.0 / (1.0 + std::exp(-3.0 * x[i])));
  }
  Table t;
  t.columns = {numerical("x", x), discrete("A", {"0", "1"}, randomised), discrete("B", {"0", "1"}, confounded)};
  EvalOptions options;
  options.exclude = {"B"};
  const auto fair = data_overlap(t, "A", options);
  EXPECT_NEAR(fair.auc, 0.5, 0.05);
  EXPECT_GT(fair.overlap_coefficient, 0.85);
  EXPECT_GT(fair.share_within, 0.99);
  EXPECT_NEAR(fair.ess_treated, static_cast<double>(fair.treated_rows), 0.02 * n);
  EXPECT_EQ(fair.covariates, std::vector<std::string>{"x"});
  options.exclude = {"A"};
  const auto poor = data_overlap(t, "B", options);
  EXPECT_GT(poor.auc, 0.85);
  EXPECT_LT(poor.overlap_coefficient, 0.6);
  EXPECT_LT(poor.ess_treated, 0.8 * static_cast<double>(poor.treated_rows));
}

TEST(EvalCausal, TreatmentMustBeBinary) {
  const Table t = generated_rows();
  EXPECT_THROW(causal_control(t, "x", nullptr, {}), Error);
}

TEST(EvalReplicates, MeanAndSdPerLeaf) {
  std::vector<nlohmann::json> draws = {
      {{"a", 1.0}, {"cols", {{{"name", "x"}, {"v", 2.0}}}}, {"n", nullptr}},
      {{"a", 3.0}, {"cols", {{{"name", "x"}, {"v", 4.0}}}}, {"n", nullptr}},
      {{"a", 5.0}, {"cols", {{{"name", "x"}, {"v", nullptr}}}}, {"n", nullptr}}};
  const auto s = summarize_replicates(draws);
  EXPECT_EQ(s.replicates, 3);
  EXPECT_DOUBLE_EQ(s.mean["a"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(s.sd["a"].get<double>(), 2.0);
  EXPECT_EQ(s.mean["cols"][0]["name"], "x");
  EXPECT_DOUBLE_EQ(s.mean["cols"][0]["v"].get<double>(), 3.0);  // the null draw is skipped
  EXPECT_TRUE(s.mean["n"].is_null());
}

}  // namespace
}  // namespace causalmix
