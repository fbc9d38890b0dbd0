// The latent prior: a variational Bayesian Gaussian mixture with a Dirichlet-process
// (truncated stick-breaking) weight prior and full covariances (Bishop PRML §10.2;
// Blei & Jordan 2006), fitted to encoder means; and sampling from it.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "causalmix/rng.hpp"

namespace causalmix {

struct MixtureOptions {
  int components = 0;              // upper bound K; 0 means the data dimension
  double weight_concentration = 0; // stick-breaking concentration; 0 means 1/K
  double mean_precision = 1.0;     // β₀
  double reg_covar = 1e-5;         // added to every covariance diagonal
  int restarts = 10;               // k-means initialisations, best lower bound kept
  double tolerance = 1e-3;         // on the change of the lower bound
  int max_iterations = 1000;
};

class GaussianMixture {
 public:
  // Fits to the rows of `data` (n × d). Deterministic for `rng`'s seed.
  static GaussianMixture fit(const Eigen::MatrixXd& data, const MixtureOptions& options, Rng& rng);

  // n draws: component from the expected weights, then that component's Gaussian with its
  // expected covariance; rows shuffled (no ordering by component).
  Eigen::MatrixXd sample(std::size_t n, Rng& rng) const;

  // Expected weights, means, expected covariances (W⁻¹/ν per component).
  Eigen::VectorXd weights;
  std::vector<Eigen::VectorXd> means;
  std::vector<Eigen::MatrixXd> covariances;
  double lower_bound = 0.0;
  int iterations = 0;
  bool converged = false;

  int dimension() const { return means.empty() ? 0 : static_cast<int>(means.front().size()); }
  int components() const { return static_cast<int>(means.size()); }
};

}  // namespace causalmix
