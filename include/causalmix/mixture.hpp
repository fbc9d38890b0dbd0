// The latent prior: a variational Bayesian Gaussian mixture with a Dirichlet-process
// (truncated stick-breaking) weight prior and full covariances (Bishop PRML §10.2;
// Blei & Jordan 2006), fitted to encoder means; and sampling from it.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "causalmix/rng.hpp"

namespace causalmix {

// The defaults are scikit-learn's BayesianGaussianMixture with
// weight_concentration_prior_type="dirichlet_process", covariance_type="full",
// init_params="kmeans", n_init=10 (method.md §6). The remaining priors follow the data:
// mean prior = data mean, degrees of freedom prior = dimension, covariance prior = the
// empirical covariance (ddof 1) plus reg_covar on its diagonal (see mixture.cpp for why).
struct MixtureOptions {
  int components = 0;              // upper bound K; 0 means the data dimension
  double weight_concentration = 0; // stick-breaking concentration; 0 means 1/K
  double mean_precision = 1.0;     // β₀
  double reg_covar = 1e-5;         // added to every covariance diagonal
  int restarts = 10;               // k-means initialisations, best lower bound kept
  double tolerance = 1e-3;         // on the change of the lower bound
  int max_iterations = 1000;
  // Restarts run on this many threads (0 = hardware concurrency). The result does not
  // depend on it, so it is not stored by to_json.
  int threads = 1;

  nlohmann::json to_json() const;
  static MixtureOptions from_json(const nlohmann::json& json);  // missing keys keep defaults
};

class GaussianMixture {
 public:
  // Fits to the rows of `data` (n × d). Deterministic for `rng`'s seed: restart r runs on
  // rng.derive(r), so `rng` itself is not advanced and restarts are independent.
  // Throws Error for n < 2, d = 0, non-finite values or invalid options.
  static GaussianMixture fit(const Eigen::MatrixXd& data, const MixtureOptions& options, Rng& rng);

  // n draws: component counts from the expected weights (multinomial), then that
  // component's Gaussian with its expected covariance; rows shuffled (no ordering by
  // component).
  Eigen::MatrixXd sample(std::size_t n, Rng& rng) const;

  // Moments of the fitted mixture (what a large sample should reproduce).
  Eigen::VectorXd mean() const;
  Eigen::MatrixXd covariance() const;

  // Stores and restores the fitted mixture exactly (doubles round-trip through JSON).
  // from_json refuses a wrong format, version, shape or a non-finite value.
  nlohmann::json to_json() const;
  static GaussianMixture from_json(const nlohmann::json& json);

  // Expected weights, means, expected covariances (W⁻¹/ν per component, as
  // scikit-learn's covariances_).
  Eigen::VectorXd weights;
  std::vector<Eigen::VectorXd> means;
  std::vector<Eigen::MatrixXd> covariances;
  double lower_bound = 0.0;  // of the kept restart (scikit-learn's form, constants dropped)
  int iterations = 0;        // of the kept restart
  bool converged = false;    // of the kept restart
  std::vector<double> lower_bound_history;  // one value per iteration of the kept restart

  int dimension() const { return means.empty() ? 0 : static_cast<int>(means.front().size()); }
  int components() const { return static_cast<int>(means.size()); }
};

}  // namespace causalmix
