// The causal controls land where they are set (issue 4's acceptance figures). Each fit uses
// the reference hyperparameters on the full toy table (1000 rows) or lalonde (614 rows) and
// judges 20,000 generated rows against the knob targets evaluated on those rows.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "causalmix/metrics.hpp"
#include "sandbox_fixtures.hpp"

namespace causalmix {
namespace {

using testing::reference_options;
using testing::toy_observed;

struct Judged {
  CausalReport causal;
  Table sample;
  CausalTargets targets;
};

Judged fit_and_judge(const Table& data, const std::string& treatment, const std::string& outcome, const Knobs& knobs,
                     const FitOptions& options, std::size_t rows = 20000) {
  const Sandbox sandbox = Sandbox::fit(data, treatment, outcome, knobs, options);
  Judged j;
  j.sample = sandbox.sample(rows, options.seed + 100);
  j.targets = sandbox.targets(j.sample);
  EvalOptions eval;
  eval.treatment = treatment;
  eval.outcome = outcome;
  j.causal = causal_control(j.sample, treatment, &j.targets, eval);
  return j;
}

TEST(ToyControls, ConstantEffectNoConfoundingOverlapByXBin) {
  Knobs k;
  k.effect = "0.1";
  k.confounding = "0";
  k.overlap = "X_bin";
  const Judged j = fit_and_judge(toy_observed(), "T", "Y", k, reference_options(1));
  const auto& c = j.causal;
  EXPECT_LT(std::abs(c.achieved_ate - 0.1), 0.01) << "achieved ATE " << c.achieved_ate;
  EXPECT_LT(c.tau_mae, 0.01);
  EXPECT_LT(c.kappa_mae, 0.01);
  // α = X_bin is not attainable (E[e^α | T=1] ≈ 1.65 on this table, method.md §5): on rows
  // drawn at T = 1 the mean of ℓ₀ − ℓ₁ is −KL ≤ 0 while α's mean is P(X_bin = 1 | T = 1).
  // With half the rows treated, the smallest MSE any pair of densities reaches is 0.157 when
  // X_bin keeps its real 40 % share, 0.037 at 20 % and 0.009 at 10 %: meeting 0.05 means
  // drawing X_bin = 1 less often. The redrawn-discrete penalty (vae/objective.cpp) finds that
  // trade-off: MSE 0.039 with X_bin at about 12 % (0.15 without it). X_bin must not vanish.
  EXPECT_LT(c.overlap_mse, 0.05) << "overlap MSE " << c.overlap_mse;
  const auto& x_bin = j.sample.column("X_bin").values;
  const double share = std::accumulate(x_bin.begin(), x_bin.end(), 0.0) / static_cast<double>(x_bin.size());
  EXPECT_GT(share, 0.08) << "generated share of X_bin = 1";
  EXPECT_GT(c.overlap_share_within, 0.6);
}

TEST(ToyControls, HeterogeneousEffectConstantConfoundingNoOverlapPenalty) {
  Knobs k;
  k.effect = "0.05 + 0.05*tanh(X_uniform)";
  k.confounding = "0.03";
  k.overlap = "0";
  const Judged j = fit_and_judge(toy_observed(), "T", "Y", k, reference_options(2));
  const auto& c = j.causal;
  EXPECT_GT(c.tau_pearson, 0.9);
  EXPECT_LT(c.tau_mae, 0.015);
  EXPECT_LT(std::abs(c.kappa_mean - 0.03), 0.01) << "mean kappa " << c.kappa_mean;
  // α = 0: a randomised trial, the covariates do not predict the treatment.
  EXPECT_LT(c.data.auc, 0.56);
  EXPECT_LT(c.overlap_mse, 0.05);
}

TEST(ToyControls, StrongOverlapTargetSeparatesTheArms) {
  Knobs k;
  k.effect = "0.1";
  k.overlap = "2*(2*X_bin - 1)";
  const Judged j = fit_and_judge(toy_observed(), "T", "Y", k, reference_options(3));
  EXPECT_GT(j.causal.data.auc, 0.7);
}

TEST(ToyControls, TargetPropensityIsAttainedWithoutDistortingCovariates) {
  Knobs k;
  k.effect = "0.1";
  k.propensity = "sigmoid(-0.5 + 1.5*X_bin)";  // e = 0.38 or 0.73
  const Table data = toy_observed();
  const Judged j = fit_and_judge(data, "T", "Y", k, reference_options(4));
  // The implied propensity follows e(x): the overlap penalty is met on generated rows.
  EXPECT_LT(j.causal.overlap_mse, 0.1) << "overlap MSE " << j.causal.overlap_mse;
  // The covariates' marginal is kept: X_bin's share stays near the real 0.4 …
  const auto& x_bin = j.sample.column("X_bin").values;
  const auto& t = j.sample.column("T").values;
  double ones = 0, treated_ones = 0, treated = 0;
  for (std::size_t i = 0; i < x_bin.size(); ++i) {
    ones += x_bin[i];
    treated += t[i];
    treated_ones += x_bin[i] * t[i];
  }
  const double real_share = testing::mean(data.column("X_bin").values);
  EXPECT_NEAR(ones / static_cast<double>(x_bin.size()), real_share, 0.05);
  // … and P(T=1 | X_bin=1) ≈ 0.73 against P(T=1 | X_bin=0) ≈ 0.38.
  const double treated_given_one = treated_ones / ones;
  const double treated_given_zero = (treated - treated_ones) / (static_cast<double>(x_bin.size()) - ones);
  EXPECT_NEAR(treated_given_one, 0.731, 0.08);
  EXPECT_NEAR(treated_given_zero, 0.378, 0.08);
}

TEST(LalondeControls, ConstantDollarEffectOnZeroInflatedEarnings) {
  Knobs k;
  k.effect = "1000";
  k.confounding = "0";
  k.overlap = "0";
  FitOptions options;
  options.seed = 1;
  const Table real = testing::lalonde();
  const Judged j = fit_and_judge(real, "treat", "re78", k, options);
  const auto& c = j.causal;
  EXPECT_LT(std::abs(c.achieved_ate - 1000), 150) << "ATE " << c.achieved_ate;
  EXPECT_LT(c.tau_sd, 300);
  EXPECT_LT(std::abs(c.kappa_mean), 150) << "mean kappa " << c.kappa_mean;
  EvalOptions eval;
  eval.treatment = "treat";
  eval.outcome = "re78";
  const FidelityReport f = fidelity(real, j.sample, eval);
  EXPECT_GE(f.ks_complement, 0.85);
  EXPECT_GE(f.tv_complement, 0.9);
  // Zero-inflated earnings keep their point mass (the hurdle head): re74 is 0 in about 40 %
  // of real rows.
  double zeros = 0;
  for (double v : j.sample.column("re74").values) zeros += v == 0.0;
  EXPECT_NEAR(zeros / static_cast<double>(j.sample.rows()), 0.40, 0.06);
}

}  // namespace
}  // namespace causalmix
