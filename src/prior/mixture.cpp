#include "causalmix/mixture.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <numeric>
#include <string>
#include <thread>

#include "causalmix/error.hpp"
#include "prior/kmeans.hpp"
#include "prior/variational_mixture.hpp"

namespace causalmix {
namespace {

void check_options(const MixtureOptions& options) {
  auto fail = [](const std::string& what) { throw Error("gaussian mixture options: " + what); };
  if (options.components < 0) fail("components must be >= 0 (0 = data dimension)");
  if (!(options.weight_concentration >= 0)) fail("weight_concentration must be >= 0 (0 = 1/K)");
  if (!(options.mean_precision > 0)) fail("mean_precision must be > 0");
  if (!(options.reg_covar >= 0)) fail("reg_covar must be >= 0");
  if (options.restarts < 1) fail("restarts must be >= 1");
  if (!(options.tolerance >= 0)) fail("tolerance must be >= 0");
  if (options.max_iterations < 1) fail("max_iterations must be >= 1");
  if (options.threads < 0) fail("threads must be >= 0 (0 = hardware concurrency)");
}

void check_data(const Eigen::MatrixXd& data) {
  if (data.rows() < 2)
    throw Error("gaussian mixture: need at least 2 rows to fit, got " +
                std::to_string(data.rows()));
  if (data.cols() < 1) throw Error("gaussian mixture: data has no columns");
  for (Eigen::Index j = 0; j < data.cols(); ++j)
    for (Eigen::Index i = 0; i < data.rows(); ++i)
      if (!std::isfinite(data(i, j)))
        throw Error("gaussian mixture: non-finite value at row " + std::to_string(i) +
                    ", column " + std::to_string(j));
}

// The data-dependent priors of method.md §6, for centred points. The covariance prior is
// the empirical covariance (ddof 1, as numpy's np.cov) with reg_covar added to its
// diagonal: scikit-learn adds reg_covar only to each component's scatter, which leaves an
// empty component with a singular covariance when a column is constant or n ≤ d. The
// addition moves each expected covariance by reg_covar/ν_k ≤ reg_covar/d.
prior::MixturePriors data_priors(const prior::Coordinates& points, const MixtureOptions& options,
                                 int components) {
  prior::MixturePriors priors;
  const double n = static_cast<double>(points.cols());
  priors.weight_concentration =
      options.weight_concentration > 0 ? options.weight_concentration : 1.0 / components;
  priors.mean_precision = options.mean_precision;
  // The points are centred: their mean, the mean prior, is the origin.
  priors.mean = Eigen::VectorXd::Zero(points.rows());
  priors.degrees_of_freedom = static_cast<double>(points.rows());
  priors.covariance = points * points.transpose() / (n - 1.0);
  priors.covariance.diagonal().array() += options.reg_covar;
  priors.reg_covar = options.reg_covar;
  return priors;
}

}  // namespace

GaussianMixture GaussianMixture::fit(const Eigen::MatrixXd& data, const MixtureOptions& options,
                                     Rng& rng) {
  check_options(options);
  check_data(data);
  // Work on centred points: the model is translation-equivariant (the mean prior is the
  // data mean), and the E and M steps' quadratic expansion is accurate near the origin.
  const Eigen::VectorXd centre = data.colwise().mean().transpose();
  const prior::Coordinates points = (data.rowwise() - centre.transpose()).transpose();
  const int components =
      options.components > 0 ? options.components : static_cast<int>(points.rows());
  const prior::MixturePriors priors = data_priors(points, options, components);
  const Eigen::MatrixXd features = prior::quadratic_features(points);
  // With fewer points than components, k-means starts only as many clusters as there are
  // points; the remaining components start (and usually stay) empty, at the prior.
  const int clusters = static_cast<int>(std::min<Eigen::Index>(components, points.cols()));

  // Restart r runs on rng.derive(r) with its own workspaces, so restarts are independent
  // and the threads only change when, not what, each one computes.
  const int dimension = static_cast<int>(points.rows());
  std::vector<prior::VariationalPosterior> runs(static_cast<std::size_t>(options.restarts));
  std::vector<std::exception_ptr> failures(runs.size());
  std::atomic<int> next_restart{0};
  auto worker = [&] {
    int restart = next_restart++;
    try {
      prior::VariationalMixture mixture(features, dimension, priors, components);
      for (; restart < options.restarts; restart = next_restart++) {
        Rng restart_rng = rng.derive(static_cast<std::uint64_t>(restart));
        const std::vector<int> labels = prior::kmeans_labels(points, clusters, restart_rng);
        runs[static_cast<std::size_t>(restart)] =
            mixture.run(labels, options.tolerance, options.max_iterations);
      }
    } catch (...) {
      if (restart < options.restarts)
        failures[static_cast<std::size_t>(restart)] = std::current_exception();
    }
  };
  const int threads = std::min(options.restarts, options.threads > 0
                                                     ? options.threads
                                                     : static_cast<int>(std::max(
                                                           1u, std::thread::hardware_concurrency())));
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& thread : pool) thread.join();
  }
  for (const auto& failure : failures)
    if (failure) std::rethrow_exception(failure);

  // The best lower bound; ties keep the earlier restart.
  std::size_t chosen = 0;
  for (std::size_t r = 1; r < runs.size(); ++r)
    if (runs[r].lower_bound > runs[chosen].lower_bound) chosen = r;
  prior::VariationalPosterior best = std::move(runs[chosen]);
  best.means.colwise() += centre;

  GaussianMixture fitted;
  fitted.weights = best.expected_weights();
  for (int k = 0; k < components; ++k) fitted.means.emplace_back(best.means.col(k));
  fitted.covariances = std::move(best.covariances);
  fitted.lower_bound = best.lower_bound;
  fitted.iterations = best.iterations;
  fitted.converged = best.converged;
  fitted.lower_bound_history = std::move(best.lower_bound_history);
  return fitted;
}

Eigen::MatrixXd GaussianMixture::sample(std::size_t n, Rng& rng) const {
  const int k_count = components();
  const int d = dimension();
  if (k_count == 0) throw Error("gaussian mixture: cannot sample from an unfitted mixture");
  if (weights.size() != k_count || covariances.size() != means.size())
    throw Error("gaussian mixture: weights, means and covariances disagree on the component count");

  std::vector<Eigen::MatrixXd> factors;
  factors.reserve(static_cast<std::size_t>(k_count));
  for (int k = 0; k < k_count; ++k) {
    const auto& covariance = covariances[static_cast<std::size_t>(k)];
    if (means[static_cast<std::size_t>(k)].size() != d || covariance.rows() != d ||
        covariance.cols() != d)
      throw Error("gaussian mixture: component " + std::to_string(k) + " has the wrong dimension");
    Eigen::LLT<Eigen::MatrixXd> llt(covariance);
    if (llt.info() != Eigen::Success)
      throw Error("gaussian mixture: covariance of component " + std::to_string(k) +
                  " is not positive definite");
    factors.push_back(llt.matrixL());
  }

  const std::vector<std::size_t> counts =
      rng.multinomial(n, std::span<const double>(weights.data(), weights.size()));
  // Draw component by component, but write draw j to row order[j]: a random permutation,
  // so the output is not ordered by component.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  rng.shuffle(order);

  Eigen::MatrixXd out(static_cast<Eigen::Index>(n), d);
  Eigen::MatrixXd draws;  // d × count: one draw per column
  std::size_t j = 0;
  for (int k = 0; k < k_count; ++k) {
    const auto count = static_cast<Eigen::Index>(counts[static_cast<std::size_t>(k)]);
    if (count == 0) continue;
    draws.resize(d, count);
    for (Eigen::Index c = 0; c < count; ++c)
      for (int t = 0; t < d; ++t) draws(t, c) = rng.normal();
    draws = factors[static_cast<std::size_t>(k)].triangularView<Eigen::Lower>() * draws;
    draws.colwise() += means[static_cast<std::size_t>(k)];
    for (Eigen::Index c = 0; c < count; ++c, ++j)
      out.row(static_cast<Eigen::Index>(order[j])) = draws.col(c).transpose();
  }
  return out;
}

Eigen::VectorXd GaussianMixture::mean() const {
  Eigen::VectorXd total = Eigen::VectorXd::Zero(dimension());
  for (int k = 0; k < components(); ++k) total += weights[k] * means[static_cast<std::size_t>(k)];
  return total;
}

Eigen::MatrixXd GaussianMixture::covariance() const {
  // Law of total covariance: Σ w_k (C_k + (m_k − m)(m_k − m)ᵀ).
  const Eigen::VectorXd overall = mean();
  Eigen::MatrixXd total = Eigen::MatrixXd::Zero(dimension(), dimension());
  for (int k = 0; k < components(); ++k) {
    const Eigen::VectorXd shift = means[static_cast<std::size_t>(k)] - overall;
    total += weights[k] * (covariances[static_cast<std::size_t>(k)] + shift * shift.transpose());
  }
  return total;
}

}  // namespace causalmix
