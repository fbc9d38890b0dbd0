// One run of the variational Bayesian Gaussian mixture (Bishop PRML §10.2) with truncated
// stick-breaking weights (Blei & Jordan 2006), from given initial labels to convergence.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "prior/coordinates.hpp"

namespace causalmix::prior {

// The conjugate priors, fixed for every restart.
struct MixturePriors {
  double weight_concentration = 0;  // γ₀ of every stick's Beta(1, γ₀)
  double mean_precision = 1;        // β₀
  Eigen::VectorXd mean;             // m₀
  double degrees_of_freedom = 0;    // ν₀
  Eigen::MatrixXd covariance;       // W₀⁻¹ (the Wishart scale's inverse)
  double reg_covar = 0;             // added to each component's scatter diagonal
};

// Every point's quadratic features [x_j x_l (l ≤ j, packed), x_j, 1] as columns of a
// p × n matrix, p = d(d+1)/2 + d + 1. Both steps are then one matrix product each: the M
// step's weighted sums Σ r·xxᵀ, Σ r·x, Σ r, and the E step's Mahalanobis distances
// (x − m)ᵀΛ(x − m) = ⟨Λ, xxᵀ⟩ − 2(Λm)ᵀx + mᵀΛm. The expansion cancels terms of size
// |x|²/σ², so the points should be centred on their mean first (the mixture is
// translation-equivariant); the error is then far below reg_covar.
Eigen::MatrixXd quadratic_features(const Coordinates& points);

// The variational posterior after one run, and how the run went.
struct VariationalPosterior {
  Eigen::VectorXd stick_a, stick_b;          // Beta posteriors of the K sticks
  Eigen::VectorXd mean_precision;            // β_k
  Eigen::MatrixXd means;                     // m_k as columns (d × K)
  Eigen::VectorXd degrees_of_freedom;        // ν_k
  std::vector<Eigen::MatrixXd> covariances;  // W_k⁻¹ / ν_k, the expected covariances
  double lower_bound = 0;
  int iterations = 0;
  bool converged = false;
  std::vector<double> lower_bound_history;

  // E[π_k] under the stick-breaking posterior, renormalised over the K sticks (the
  // truncation leaves a little mass beyond the last one).
  Eigen::VectorXd expected_weights() const;
};

// Holds the workspaces, so that iterations allocate (almost) nothing. One object per
// concurrent run.
class VariationalMixture {
 public:
  // `features` (quadratic_features of d-dimensional points) and `priors` must outlive
  // this object.
  VariationalMixture(const Eigen::MatrixXd& features, int dimension, const MixturePriors& priors,
                     int components);

  // Hard responsibilities from `labels` (one per point, in [0, K)), then alternate the
  // E and M steps until the lower bound changes by less than `tolerance` (scikit-learn's
  // loop: E step, M step, bound).
  VariationalPosterior run(const std::vector<int>& labels, double tolerance, int max_iterations);

 private:
  void maximise();  // M step: the posterior from responsibilities_
  double expect();  // E step: responsibilities_; returns their entropy −Σ r ln r
  double lower_bound(double entropy) const;
  void factorise(int k);

  const Eigen::MatrixXd& features_;
  const MixturePriors& priors_;
  int d_, n_, k_;

  VariationalPosterior posterior_;
  std::vector<Eigen::MatrixXd> precisions_;  // covariance_k⁻¹ = ν_k W_k
  Eigen::VectorXd log_det_covariances_;      // ln |W_k⁻¹/ν_k|

  // Workspaces.
  Eigen::MatrixXd statistics_;     // p × K: Σ r·xxᵀ (packed), Σ r·x, Σ r
  Eigen::MatrixXd coefficients_;   // K × p: the quadratic forms of the E step
  Coordinates responsibilities_;   // K × n
  Coordinates log_resp_;           // K × n
  Eigen::RowVectorXd row_scratch_;  // 1 × n
  Eigen::RowVectorXd column_norm_;  // 1 × n
  Eigen::VectorXd counts_;          // N_k
  Eigen::MatrixXd component_means_; // x̄_k as columns
  Eigen::MatrixXd scatter_;         // d × d
  Eigen::VectorXd log_weights_, component_constants_;
};

}  // namespace causalmix::prior
