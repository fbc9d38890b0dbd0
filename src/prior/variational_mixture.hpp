// One run of the variational Bayesian Gaussian mixture (Bishop PRML §10.2) with truncated
// stick-breaking weights (Blei & Jordan 2006), from given initial labels to convergence.
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <vector>

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

// The variational posterior after one run, and how the run went.
struct VariationalPosterior {
  Eigen::VectorXd stick_a, stick_b;       // Beta posteriors of the K sticks
  Eigen::VectorXd mean_precision;         // β_k
  Eigen::MatrixXd means;                  // m_k as columns (d × K)
  Eigen::VectorXd degrees_of_freedom;     // ν_k
  std::vector<Eigen::MatrixXd> covariances;  // W_k⁻¹ / ν_k, the expected covariances
  double lower_bound = 0;
  int iterations = 0;
  bool converged = false;
  std::vector<double> lower_bound_history;

  // E[π_k] under the stick-breaking posterior, renormalised over the K sticks (the
  // truncation leaves a little mass beyond the last one).
  Eigen::VectorXd expected_weights() const;
};

// Holds the data and the workspaces, so that iterations allocate nothing.
class VariationalMixture {
 public:
  // `points` is d × n (one point per column) and must outlive this object.
  VariationalMixture(const Eigen::MatrixXd& points, const MixturePriors& priors, int components);

  // Hard responsibilities from `labels` (one per point, in [0, K)), then alternate the
  // E and M steps until the lower bound changes by less than `tolerance`.
  VariationalPosterior run(const std::vector<int>& labels, double tolerance, int max_iterations);

 private:
  void maximise(const Eigen::MatrixXd& responsibilities);  // M step: posterior from resp.
  double expect();  // E step: log-responsibilities; returns the entropy −Σ r log r
  double lower_bound(double entropy) const;
  void factorise(int k);

  const Eigen::MatrixXd& points_;
  const MixturePriors& priors_;
  int d_, n_, k_;

  VariationalPosterior posterior_;
  std::vector<Eigen::LLT<Eigen::MatrixXd>> covariance_factors_;
  std::vector<Eigen::MatrixXd> precision_factors_;  // L_k⁻¹ with L_k L_kᵀ = covariance_k
  Eigen::VectorXd log_det_covariances_;  // ln |W_k⁻¹/ν_k|

  // Workspaces.
  Eigen::MatrixXd centred_;           // d × n
  Eigen::MatrixXd whitened_;          // d × n
  Eigen::MatrixXd responsibilities_;  // K × n
  Eigen::MatrixXd log_resp_;          // K × n
  Eigen::RowVectorXd column_scratch_;  // 1 × n
  Eigen::VectorXd counts_;            // N_k
  Eigen::MatrixXd component_means_;   // x̄_k as columns
  Eigen::MatrixXd scatter_;           // d × d
  Eigen::VectorXd log_weights_, component_constants_;
};

}  // namespace causalmix::prior
