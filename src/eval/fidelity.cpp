// Fidelity (metrics.md): marginals, pairs, detection and kernel distances.
//
// The MMD² ratio. metrics.md asks for MMD² relative to the MMD² between two random halves of
// the real data. The unbiased estimator is centred at 0 when the distributions agree, so a
// ratio of two of them is a ratio of noise, and one random split is itself noisy. We use the
// V-statistic (biased) MMD², whose expectation under equal distributions depends only on the
// sample sizes, and take its exact expectation over the random split instead of one split:
//   denominator  E[MMD²_V(A, B)]  = (1/a + 1/b)(1 − k̄_R)            A, B the two real halves,
//   numerator    E[MMD²_V(A, S′)] = k̄_R + (1 − k̄_R)/a + k̄_S + (1 − k̄_S)/b′ − 2 k̄_RS,
// with S′ the synthetic rows at B's positions (b′ = min(b, n)), k̄ the mean kernel value over
// distinct pairs, and k̄_RS over pairs at different positions when the tables are the same
// size (all pairs otherwise). The ratio is ≈ 1 when the synthetic rows are as close to the
// real ones as the real rows are to each other (exactly 1 for a table against itself), > 1
// when further; it needs no random split, so it does not wobble with the seed. The unbiased
// MMD² itself is reported as metrics.md defines it.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "causalmix/error.hpp"
#include "causalmix/metrics.hpp"
#include "eval/column_categories.hpp"
#include "eval/json_number.hpp"
#include "eval/logistic.hpp"
#include "eval/pairwise.hpp"
#include "eval/statistics.hpp"
#include "eval/table_features.hpp"

namespace causalmix {

namespace {

using eval::json_number;

// Seed streams of the sub-tasks, so each is fixed by the run's seed alone.
enum Stream : std::uint64_t { kDetectionFolds = 1, kSubsample = 2, kBandwidth = 3 };
constexpr std::size_t kBandwidthRows = 2000;

double mean_of_finite(const std::vector<double>& values) {
  const auto finite = eval::finite_values(values);
  return finite.empty() ? kNotAvailable : eval::mean(finite);
}

ColumnFidelity column_fidelity(const Column& real, const Column& synthetic, int bins) {
  ColumnFidelity out;
  out.name = real.name;
  out.type = real.type;
  if (real.discrete()) {
    const auto shared = eval::shared_categories(real, synthetic, bins);
    std::vector<double> p(static_cast<std::size_t>(shared.count()), 0.0), q = p;
    double n_real = 0, n_synthetic = 0;
    for (int c : shared.real)
      if (c >= 0) p[static_cast<std::size_t>(c)] += 1, n_real += 1;
    for (int c : shared.synthetic)
      if (c >= 0) q[static_cast<std::size_t>(c)] += 1, n_synthetic += 1;
    if (n_real == 0 || n_synthetic == 0) return out;
    double distance = 0.0;
    for (std::size_t k = 0; k < p.size(); ++k) distance += std::abs(p[k] / n_real - q[k] / n_synthetic);
    out.tv_distance = 0.5 * distance;
    out.tv_complement = 1.0 - out.tv_distance;
    return out;
  }
  const auto a = eval::finite_values(real.values), b = eval::finite_values(synthetic.values);
  if (a.empty() || b.empty()) return out;
  out.ks_statistic = eval::ks_statistic(a, b);
  out.ks_complement = 1.0 - out.ks_statistic;
  out.wasserstein1 = eval::wasserstein1(a, b);
  const double sd = eval::population_sd(a);
  // A constant real column: W1 stays in its own units (scale 1, as the encoding does).
  out.normalised_wasserstein1 = out.wasserstein1 / (sd > 0 ? sd : 1.0);
  return out;
}

// Pearson over rows where both values are observed.
double complete_pearson(const Column& x, const Column& y) {
  std::vector<double> a, b;
  a.reserve(x.values.size());
  b.reserve(x.values.size());
  for (std::size_t i = 0; i < x.values.size(); ++i)
    if (std::isfinite(x.values[i]) && std::isfinite(y.values[i])) {
      a.push_back(x.values[i]);
      b.push_back(y.values[i]);
    }
  return eval::pearson(a, b);
}

// 1 − ½ Σ |P_real(a,b) − P_synth(a,b)| over the joint categories of complete rows.
double contingency_similarity(const eval::SharedCategories& first, const eval::SharedCategories& second) {
  const auto width = static_cast<std::size_t>(second.count());
  const std::size_t cells = static_cast<std::size_t>(first.count()) * width;
  auto joint = [&](const std::vector<int>& a, const std::vector<int>& b, double& total) {
    std::vector<double> counts(cells, 0.0);
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i] >= 0 && b[i] >= 0) {
        counts[static_cast<std::size_t>(a[i]) * width + static_cast<std::size_t>(b[i])] += 1;
        total += 1;
      }
    return counts;
  };
  double n_real = 0, n_synthetic = 0;
  const auto p = joint(first.real, second.real, n_real);
  const auto q = joint(first.synthetic, second.synthetic, n_synthetic);
  if (n_real == 0 || n_synthetic == 0) return kNotAvailable;
  double distance = 0.0;
  for (std::size_t k = 0; k < cells; ++k) distance += std::abs(p[k] / n_real - q[k] / n_synthetic);
  return 1.0 - 0.5 * distance;
}

DetectionReport detect(const Table& real, const Table& synthetic, const eval::FeatureEncoder& encoder,
                       const EvalOptions& options) {
  DetectionReport out;
  out.real_rows = real.rows();
  out.synthetic_rows = synthetic.rows();
  out.features = encoder.width();
  if (real.rows() < static_cast<std::size_t>(options.folds) ||
      synthetic.rows() < static_cast<std::size_t>(options.folds))
    return out;
  Eigen::MatrixXd features(static_cast<Eigen::Index>(real.rows() + synthetic.rows()), encoder.width());
  features.topRows(static_cast<Eigen::Index>(real.rows())) = encoder.encode(real);
  features.bottomRows(static_cast<Eigen::Index>(synthetic.rows())) = encoder.encode(synthetic);
  std::vector<int> labels(real.rows(), 0);
  labels.resize(real.rows() + synthetic.rows(), 1);
  Rng rng = Rng(options.seed).derive(kDetectionFolds);
  const auto fit = eval::cross_fit_logistic(features, labels, options.folds, rng, options.inverse_regularisation);
  out.fold_auc = fit.fold_auc;
  out.auc = fit.mean_auc;
  out.score = 1.0 - 2.0 * std::abs(out.auc - 0.5);
  return out;
}

// Arm of each row (index into the real treatment's levels), `arms` for missing or unseen.
std::vector<int> arms_of(const Table& table, const Column& real_treatment, const std::vector<std::size_t>& rows) {
  const auto codes = eval::codes_by_label(table.column(real_treatment.name), real_treatment.levels);
  const int other = static_cast<int>(real_treatment.levels.size());
  std::vector<int> out(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const int code = codes[rows[k]];
    out[k] = code >= 0 ? code : other;
  }
  return out;
}

DistributionDistance distances(const Table& real, const Table& synthetic, const eval::FeatureEncoder& encoder,
                               const EvalOptions& options, std::vector<std::string>& notes) {
  DistributionDistance out;
  // The same stream for both tables: with equal sizes the same positions are drawn, which
  // is still a uniform sample of each (the tables' row orders are unrelated).
  Rng real_rng = Rng(options.seed).derive(kSubsample), synthetic_rng = real_rng;
  const auto real_rows = eval::subsample_rows(real.rows(), options.row_limit, real_rng);
  const auto synthetic_rows = eval::subsample_rows(synthetic.rows(), options.row_limit, synthetic_rng);
  out.real_rows = real_rows.size();
  out.synthetic_rows = synthetic_rows.size();
  out.subsampled = real_rows.size() < real.rows() || synthetic_rows.size() < synthetic.rows();
  if (out.subsampled)
    notes.push_back("MMD² and energy distance on " + std::to_string(out.real_rows) + " real and " +
                    std::to_string(out.synthetic_rows) + " synthetic rows drawn with seed " +
                    std::to_string(options.seed) + " (row limit " + std::to_string(options.row_limit) + ")");
  const std::size_t m = real_rows.size(), n = synthetic_rows.size();
  if (m < 4 || n < 4) {
    notes.push_back("MMD² and energy distance need at least 4 rows in each table");
    return out;
  }
  const Eigen::MatrixXd r = encoder.encode(real, real_rows);
  const Eigen::MatrixXd s = encoder.encode(synthetic, synthetic_rows);

  {  // Bandwidth: median distance among (at most kBandwidthRows) real rows, computed once.
    Rng rng = Rng(options.seed).derive(kBandwidth);
    const auto pick = eval::subsample_rows(m, kBandwidthRows, rng);
    const Eigen::MatrixXd rows = r(std::vector<Eigen::Index>(pick.begin(), pick.end()), Eigen::all);
    out.bandwidth_rows = pick.size();
    out.bandwidth = eval::median_pairwise_distance(rows);
    if (!(out.bandwidth > 0)) {
      out.bandwidth = 1.0;
      notes.push_back("every sampled real row is identical: RBF bandwidth set to 1");
    }
  }

  // Strata: the arm of T (its real levels, then one for missing or unseen labels); without a
  // treatment every row is arm 0.
  const Column* treatment = nullptr;
  if (!options.treatment.empty() && real.find(options.treatment) && synthetic.find(options.treatment)) {
    treatment = &real.column(options.treatment);
    if (!treatment->discrete()) {
      notes.push_back("treatment '" + options.treatment + "' is not discrete: MMD² not stratified");
      treatment = nullptr;
    }
  }
  const int arms = treatment ? static_cast<int>(treatment->levels.size()) + 1 : 1;
  const auto real_arm = treatment ? arms_of(real, *treatment, real_rows) : std::vector<int>(m, 0);
  const auto synthetic_arm = treatment ? arms_of(synthetic, *treatment, synthetic_rows) : std::vector<int>(n, 0);

  const int strata = arms;
  const auto& real_strata = real_arm;
  const auto& synthetic_strata = synthetic_arm;

  const auto rr = eval::pair_sums(r, real_strata, r, real_strata, strata, out.bandwidth, true);
  const auto ss = eval::pair_sums(s, synthetic_strata, s, synthetic_strata, strata, out.bandwidth, true);
  const auto rs = eval::pair_sums(r, real_strata, s, synthetic_strata, strata, out.bandwidth, false);
  const double dm = static_cast<double>(m), dn = static_cast<double>(n);

  out.mmd2 = rr.kernel / (dm * (dm - 1)) + ss.kernel / (dn * (dn - 1)) - 2.0 * rs.kernel / (dm * dn);
  const double within_real = rr.distance / (dm * (dm - 1));
  out.energy = 2.0 * rs.distance / (dm * dn) - within_real - ss.distance / (dn * (dn - 1));
  out.energy_normalised = within_real > 0 ? out.energy / within_real : kNotAvailable;

  // Sum of the kernel over the cells of a PairSums whose strata (arm_a, arm_b) pass `keep`.
  auto cell_sum = [&](const eval::PairSums& sums, auto keep) {
    double kernel = 0.0;
    for (int a = 0; a < strata; ++a)
      for (int b = 0; b < strata; ++b)
        if (keep(a, b)) kernel += sums.kernel_by[static_cast<std::size_t>(a * strata + b)];
    return kernel;
  };
  {  // Noise-floor ratio: expectations over the random split (see the note at the top).
    const double a = std::floor(dm / 2), b = dm - a, b_synthetic = std::min(b, dn);
    const double k_real = rr.kernel / (dm * (dm - 1)), k_synthetic = ss.kernel / (dn * (dn - 1));
    const double k_cross = m == n ? (rs.kernel - rs.diagonal_kernel) / (dm * (dm - 1)) : rs.kernel / (dm * dn);
    out.mmd2_half_real = (1.0 / a + 1.0 / b) * (1.0 - k_real);
    out.mmd2_half_synthetic = k_real + (1.0 - k_real) / a + k_synthetic + (1.0 - k_synthetic) / b_synthetic - 2.0 * k_cross;
    out.mmd2_ratio = out.mmd2_half_real > 0 ? out.mmd2_half_synthetic / out.mmd2_half_real : kNotAvailable;
  }

  if (treatment) {
    // Weights: the real table's arm shares (all rows, not the subsample).
    const auto codes = eval::codes_by_label(*treatment, treatment->levels);
    std::vector<double> share(treatment->levels.size(), 0.0);
    double observed = 0.0;
    for (int c : codes)
      if (c >= 0) share[static_cast<std::size_t>(c)] += 1, observed += 1;
    double weighted = 0.0, weight = 0.0;
    bool missing_arm = false;
    for (int t = 0; t < static_cast<int>(treatment->levels.size()); ++t) {
      const double mt = static_cast<double>(std::count(real_arm.begin(), real_arm.end(), t));
      const double nt = static_cast<double>(std::count(synthetic_arm.begin(), synthetic_arm.end(), t));
      double value = kNotAvailable;
      if (mt >= 2 && nt >= 2) {
        auto same_arm = [t](int aa, int ab) { return aa == t && ab == t; };
        value = cell_sum(rr, same_arm) / (mt * (mt - 1)) + cell_sum(ss, same_arm) / (nt * (nt - 1)) -
                2.0 * cell_sum(rs, same_arm) / (mt * nt);
        weighted += share[static_cast<std::size_t>(t)] / observed * value;
        weight += share[static_cast<std::size_t>(t)] / observed;
      } else {
        missing_arm = true;
      }
      out.mmd2_by_arm.emplace_back(treatment->levels[static_cast<std::size_t>(t)], value);
    }
    if (weight > 0) out.mmd2_stratified = weighted / weight;
    if (missing_arm)
      notes.push_back("an arm of '" + options.treatment +
                      "' has fewer than 2 sampled rows in a table: stratified MMD² over the other arms");
  }
  return out;
}

}  // namespace

FidelityReport fidelity(const Table& real, const Table& synthetic, const EvalOptions& options) {
  FidelityReport report;
  const auto names = eval::compared_columns(real, synthetic, options.exclude);
  std::vector<double> ks, tv, w1, correlation, contingency;
  for (const auto& name : names) {
    report.columns.push_back(column_fidelity(real.column(name), synthetic.column(name), options.contingency_bins));
    const auto& c = report.columns.back();
    if (is_discrete(c.type)) tv.push_back(c.tv_complement);
    else {
      ks.push_back(c.ks_complement);
      w1.push_back(c.normalised_wasserstein1);
    }
  }
  // Categories once per column, then every pair.
  std::vector<eval::SharedCategories> categories;
  categories.reserve(names.size());
  for (const auto& name : names)
    categories.push_back(eval::shared_categories(real.column(name), synthetic.column(name), options.contingency_bins));
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = i + 1; j < names.size(); ++j) {
      PairFidelity pair;
      pair.first = names[i];
      pair.second = names[j];
      const Column& ri = real.column(names[i]);
      const Column& rj = real.column(names[j]);
      pair.correlation = !ri.discrete() && !rj.discrete();
      if (pair.correlation) {
        pair.real_correlation = complete_pearson(ri, rj);
        pair.synthetic_correlation = complete_pearson(synthetic.column(names[i]), synthetic.column(names[j]));
        if (std::isfinite(pair.real_correlation) && std::isfinite(pair.synthetic_correlation))
          pair.similarity = 1.0 - std::abs(pair.real_correlation - pair.synthetic_correlation) / 2.0;
        correlation.push_back(pair.similarity);
      } else {
        pair.similarity = contingency_similarity(categories[i], categories[j]);
        contingency.push_back(pair.similarity);
      }
      report.pairs.push_back(std::move(pair));
    }
  report.ks_complement = mean_of_finite(ks);
  report.tv_complement = mean_of_finite(tv);
  report.normalised_wasserstein1 = mean_of_finite(w1);
  report.correlation_similarity = mean_of_finite(correlation);
  report.contingency_similarity = mean_of_finite(contingency);
  const auto undefined = std::count_if(correlation.begin(), correlation.end(), [](double v) { return !std::isfinite(v); });
  if (undefined > 0)
    report.notes.push_back(std::to_string(undefined) +
                           " numerical pair(s) with a constant column: correlation undefined, left out of the mean");

  const auto encoder = eval::FeatureEncoder::fit(real, names);
  report.detection = detect(real, synthetic, encoder, options);
  report.distance = distances(real, synthetic, encoder, options, report.notes);
  return report;
}

nlohmann::json FidelityReport::to_json() const {
  nlohmann::json out;
  out["ks_complement"] = json_number(ks_complement);
  out["tv_complement"] = json_number(tv_complement);
  out["normalised_wasserstein1"] = json_number(normalised_wasserstein1);
  out["correlation_similarity"] = json_number(correlation_similarity);
  out["contingency_similarity"] = json_number(contingency_similarity);
  out["detection"] = {{"auc", json_number(detection.auc)},
                      {"score", json_number(detection.score)},
                      {"fold_auc", nlohmann::json::array()},
                      {"real_rows", detection.real_rows},
                      {"synthetic_rows", detection.synthetic_rows},
                      {"features", detection.features}};
  for (double v : detection.fold_auc) out["detection"]["fold_auc"].push_back(json_number(v));
  auto& d = out["distance"];
  d = {{"bandwidth", json_number(distance.bandwidth)},
       {"bandwidth_rows", distance.bandwidth_rows},
       {"mmd2", json_number(distance.mmd2)},
       {"mmd2_stratified", json_number(distance.mmd2_stratified)},
       {"mmd2_half_synthetic", json_number(distance.mmd2_half_synthetic)},
       {"mmd2_half_real", json_number(distance.mmd2_half_real)},
       {"mmd2_ratio", json_number(distance.mmd2_ratio)},
       {"energy", json_number(distance.energy)},
       {"energy_normalised", json_number(distance.energy_normalised)},
       {"real_rows", distance.real_rows},
       {"synthetic_rows", distance.synthetic_rows},
       {"subsampled", distance.subsampled}};
  d["mmd2_by_arm"] = nlohmann::json::object();
  for (const auto& [arm, value] : distance.mmd2_by_arm) d["mmd2_by_arm"][arm] = json_number(value);
  out["columns"] = nlohmann::json::array();
  for (const auto& c : columns) {
    nlohmann::json j = {{"name", c.name}, {"type", to_string(c.type)}};
    if (is_discrete(c.type)) {
      j["tv_distance"] = json_number(c.tv_distance);
      j["tv_complement"] = json_number(c.tv_complement);
    } else {
      j["ks_statistic"] = json_number(c.ks_statistic);
      j["ks_complement"] = json_number(c.ks_complement);
      j["wasserstein1"] = json_number(c.wasserstein1);
      j["normalised_wasserstein1"] = json_number(c.normalised_wasserstein1);
    }
    out["columns"].push_back(std::move(j));
  }
  out["pairs"] = nlohmann::json::array();
  for (const auto& p : pairs) {
    nlohmann::json j = {{"first", p.first}, {"second", p.second},
                        {"kind", p.correlation ? "correlation" : "contingency"},
                        {"similarity", json_number(p.similarity)}};
    if (p.correlation) {
      j["real_correlation"] = json_number(p.real_correlation);
      j["synthetic_correlation"] = json_number(p.synthetic_correlation);
    }
    out["pairs"].push_back(std::move(j));
  }
  out["notes"] = notes;
  return out;
}

}  // namespace causalmix
