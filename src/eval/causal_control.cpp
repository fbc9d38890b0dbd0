// Causal control (metrics.md): did the generated rows land on the user's τ, κ and α, and
// what overlap does a propensity model actually see in the data.
#include <algorithm>
#include <cmath>

#include "causalmix/error.hpp"
#include "causalmix/metrics.hpp"
#include "eval/json_number.hpp"
#include "eval/logistic.hpp"
#include "eval/propensity_overlap.hpp"
#include "eval/statistics.hpp"
#include "eval/table_features.hpp"

namespace causalmix {

namespace {

using eval::json_number;

constexpr std::uint64_t kPropensityFolds = 21;
constexpr double kOverlapTolerance = 0.25;

// Treated = the second level (sorted labels: "1" of 0/1, "yes" of no/yes).
std::vector<int> treatment_arms(const Column& treatment) {
  if (!treatment.discrete() || treatment.levels.size() != 2)
    throw Error("treatment column '" + treatment.name + "' must be binary (2 levels) but is " +
                to_string(treatment.type) + " with " + std::to_string(treatment.levels.size()) + " level(s)");
  std::vector<int> arms(treatment.values.size(), -1);
  for (std::size_t i = 0; i < arms.size(); ++i)
    if (std::isfinite(treatment.values[i])) arms[i] = treatment.values[i] >= 0.5 ? 1 : 0;
  return arms;
}

// The truth column `name`, or `name_<outcome>` when the generator had several outcomes.
const Column* truth_column(const Table& table, const std::string& name, const std::string& outcome) {
  if (auto i = table.find(name)) return &table.columns[*i];
  if (!outcome.empty())
    if (auto i = table.find(name + "_" + outcome)) return &table.columns[*i];
  return nullptr;
}

struct PairedErrors {
  double mae = kNotAvailable, rmse = kNotAvailable, pearson = kNotAvailable, w1 = kNotAvailable;
  double achieved_mean = kNotAvailable, target_mean = kNotAvailable;
};

// Achieved vs target over rows where both are finite and `keep` holds.
template <class Keep>
PairedErrors compare(const std::vector<double>& achieved, const std::vector<double>& target, Keep keep) {
  std::vector<double> a, t;
  for (std::size_t i = 0; i < achieved.size(); ++i)
    if (keep(i) && std::isfinite(achieved[i]) && std::isfinite(target[i])) {
      a.push_back(achieved[i]);
      t.push_back(target[i]);
    }
  PairedErrors out;
  if (a.empty()) return out;
  double absolute = 0.0, squared = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    absolute += std::abs(a[i] - t[i]);
    squared += (a[i] - t[i]) * (a[i] - t[i]);
  }
  const double n = static_cast<double>(a.size());
  out.mae = absolute / n;
  out.rmse = std::sqrt(squared / n);
  out.pearson = eval::pearson(a, t);
  out.w1 = eval::wasserstein1(a, t);
  out.achieved_mean = eval::mean(a);
  out.target_mean = eval::mean(t);
  return out;
}

bool usable_target(const std::vector<double>& target, std::size_t rows, const char* what,
                   std::vector<std::string>& notes) {
  if (target.empty()) return false;
  if (target.size() != rows)
    throw Error(std::string("causal targets: ") + what + " has " + std::to_string(target.size()) +
                " values for " + std::to_string(rows) + " rows");
  (void)notes;
  return true;
}

}  // namespace

DataOverlap data_overlap(const Table& table, const std::string& treatment, const EvalOptions& options,
                         std::vector<std::string> covariates) {
  DataOverlap out;
  const Column& t = table.column(treatment);
  const auto all_arms = treatment_arms(t);
  if (covariates.empty())
    for (const Column& c : table.columns) {
      if (c.name == treatment || c.name == options.outcome || eval::is_truth_column(c.name)) continue;
      if (std::find(options.exclude.begin(), options.exclude.end(), c.name) != options.exclude.end()) continue;
      covariates.push_back(c.name);
    }
  out.covariates = covariates;
  std::vector<std::size_t> rows;
  std::vector<int> arms;
  for (std::size_t i = 0; i < all_arms.size(); ++i)
    if (all_arms[i] >= 0) {
      rows.push_back(i);
      arms.push_back(all_arms[i]);
    }
  out.treated_rows = static_cast<std::size_t>(std::count(arms.begin(), arms.end(), 1));
  out.control_rows = arms.size() - out.treated_rows;
  out.histogram_control.assign(eval::kOverlapBins, 0.0);
  out.histogram_treated.assign(eval::kOverlapBins, 0.0);
  const auto folds = static_cast<std::size_t>(options.folds);
  if (out.treated_rows < folds || out.control_rows < folds) return out;  // nothing to fit

  const auto encoder = eval::FeatureEncoder::fit(table, covariates);
  const Eigen::MatrixXd features = encoder.encode(table, rows);
  Rng rng = Rng(options.seed).derive(kPropensityFolds);
  const auto fit = eval::cross_fit_logistic(features, arms, options.folds, rng, options.inverse_regularisation);

  eval::summarize_propensity(fit.probabilities, arms, out);
  return out;
}

CausalReport causal_control(const Table& synthetic, const std::string& treatment,
                            const CausalTargets* targets, const EvalOptions& options) {
  CausalReport report;
  const auto arms = treatment_arms(synthetic.column(treatment));
  const std::size_t rows = synthetic.rows();
  auto all = [](std::size_t) { return true; };

  if (const Column* tau = truth_column(synthetic, truth::kTau, options.outcome)) {
    const auto finite = eval::finite_values(tau->values);
    report.achieved_ate = eval::mean(finite);
    report.tau_sd = eval::population_sd(finite);
    if (targets && usable_target(targets->tau, rows, "tau", report.notes)) {
      const auto e = compare(tau->values, targets->tau, all);
      report.tau_mae = e.mae;
      report.tau_rmse = e.rmse;
      report.tau_pearson = e.pearson;
      report.tau_wasserstein1 = e.w1;
      report.achieved_ate = e.achieved_mean;
      report.target_ate = e.target_mean;
      report.ate_error = std::abs(e.achieved_mean - e.target_mean);
    }
  } else {
    report.notes.push_back("no 'tau' column: effect metrics left out");
  }

  if (const Column* kappa = truth_column(synthetic, truth::kKappa, options.outcome)) {
    report.kappa_mean = eval::mean(eval::finite_values(kappa->values));
    if (targets && usable_target(targets->kappa, rows, "kappa", report.notes)) {
      report.kappa_mae = compare(kappa->values, targets->kappa, all).mae;
      report.kappa_wasserstein1 = compare(kappa->values, targets->kappa, all).w1;
      report.kappa_mae_control = compare(kappa->values, targets->kappa, [&](std::size_t i) { return arms[i] == 0; }).mae;
      report.kappa_mae_treated = compare(kappa->values, targets->kappa, [&](std::size_t i) { return arms[i] == 1; }).mae;
    }
  } else {
    report.notes.push_back("no 'kappa' column: confounding metrics left out");
  }

  if (const Column* ratio = truth_column(synthetic, truth::kLogDensityRatio, options.outcome)) {
    const auto finite = eval::finite_values(ratio->values);
    report.log_density_ratio_mean = eval::mean(finite);
    report.log_density_ratio_sd = eval::population_sd(finite);
    if (targets && usable_target(targets->alpha, rows, "alpha", report.notes)) {
      const auto alpha = eval::finite_values(targets->alpha);
      report.alpha_mean = eval::mean(alpha);
      report.alpha_sd = eval::population_sd(alpha);
      double squared = 0.0, within = 0.0, n = 0.0;
      for (std::size_t i = 0; i < rows; ++i) {
        const double d = ratio->values[i] - targets->alpha[i];
        if (!std::isfinite(d)) continue;
        squared += d * d;
        within += std::abs(d) <= kOverlapTolerance ? 1.0 : 0.0;
        n += 1.0;
      }
      if (n > 0) {
        report.overlap_mse = squared / n;
        report.overlap_share_within = within / n;
      }
    }
  } else {
    report.notes.push_back("no 'log_density_ratio' column: model overlap metrics left out");
  }

  report.data = data_overlap(synthetic, treatment, options);
  return report;
}

nlohmann::json DataOverlap::to_json() const {
  nlohmann::json out = {{"auc", json_number(auc)},
                        {"overlap_coefficient", json_number(overlap_coefficient)},
                        {"share_within", json_number(share_within)},
                        {"share_within_control", json_number(share_within_control)},
                        {"share_within_treated", json_number(share_within_treated)},
                        {"ess_control", json_number(ess_control)},
                        {"ess_treated", json_number(ess_treated)},
                        {"control_rows", control_rows},
                        {"treated_rows", treated_rows},
                        {"covariates", covariates},
                        {"histogram_control", nlohmann::json::array()},
                        {"histogram_treated", nlohmann::json::array()}};
  for (double v : histogram_control) out["histogram_control"].push_back(json_number(v));
  for (double v : histogram_treated) out["histogram_treated"].push_back(json_number(v));
  return out;
}

nlohmann::json CausalReport::to_json() const {
  return {{"tau_mae", json_number(tau_mae)},
          {"tau_rmse", json_number(tau_rmse)},
          {"tau_pearson", json_number(tau_pearson)},
          {"ate_error", json_number(ate_error)},
          {"achieved_ate", json_number(achieved_ate)},
          {"target_ate", json_number(target_ate)},
          {"tau_sd", json_number(tau_sd)},
          {"tau_wasserstein1", json_number(tau_wasserstein1)},
          {"kappa_mae", json_number(kappa_mae)},
          {"kappa_mae_control", json_number(kappa_mae_control)},
          {"kappa_mae_treated", json_number(kappa_mae_treated)},
          {"kappa_wasserstein1", json_number(kappa_wasserstein1)},
          {"kappa_mean", json_number(kappa_mean)},
          {"log_density_ratio_mean", json_number(log_density_ratio_mean)},
          {"log_density_ratio_sd", json_number(log_density_ratio_sd)},
          {"alpha_mean", json_number(alpha_mean)},
          {"alpha_sd", json_number(alpha_sd)},
          {"overlap_mse", json_number(overlap_mse)},
          {"overlap_share_within", json_number(overlap_share_within)},
          {"data_overlap", data.to_json()},
          {"notes", notes}};
}

}  // namespace causalmix
