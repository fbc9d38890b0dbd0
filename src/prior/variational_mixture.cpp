#include "prior/variational_mixture.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "causalmix/error.hpp"
#include "prior/special_functions.hpp"

namespace causalmix::prior {
namespace {

// Added to every N_k so that an empty component does not divide by zero (scikit-learn's
// 10·eps): it then sits at the prior.
constexpr double kEmptyCount = 10.0 * std::numeric_limits<double>::epsilon();

}  // namespace

Eigen::VectorXd VariationalPosterior::expected_weights() const {
  // E[π_k] = E[v_k] Π_{j<k} (1 − E[v_j]) with v_k ~ Beta(a_k, b_k).
  const Eigen::Index k = stick_a.size();
  Eigen::VectorXd weights(k);
  double remaining = 1.0;
  for (Eigen::Index j = 0; j < k; ++j) {
    const double total = stick_a[j] + stick_b[j];
    weights[j] = remaining * stick_a[j] / total;
    remaining *= stick_b[j] / total;
  }
  return weights / weights.sum();
}

VariationalMixture::VariationalMixture(const Eigen::MatrixXd& points, const MixturePriors& priors,
                                       int components)
    : points_(points),
      priors_(priors),
      d_(static_cast<int>(points.rows())),
      n_(static_cast<int>(points.cols())),
      k_(components),
      covariance_factors_(static_cast<std::size_t>(components)),
      precision_factors_(static_cast<std::size_t>(components), Eigen::MatrixXd(d_, d_)),
      log_det_covariances_(components),
      centred_(d_, n_),
      whitened_(d_, n_),
      responsibilities_(k_, n_),
      log_resp_(k_, n_),
      column_scratch_(n_),
      counts_(k_),
      component_means_(d_, k_),
      scatter_(d_, d_),
      log_weights_(k_),
      component_constants_(k_) {
  posterior_.stick_a.resize(k_);
  posterior_.stick_b.resize(k_);
  posterior_.mean_precision.resize(k_);
  posterior_.means.resize(d_, k_);
  posterior_.degrees_of_freedom.resize(k_);
  posterior_.covariances.assign(static_cast<std::size_t>(k_), Eigen::MatrixXd(d_, d_));
}

void VariationalMixture::factorise(int k) {
  auto& factor = covariance_factors_[static_cast<std::size_t>(k)];
  factor.compute(posterior_.covariances[static_cast<std::size_t>(k)]);
  if (factor.info() != Eigen::Success)
    throw Error("gaussian mixture: covariance of component " + std::to_string(k) +
                " is not positive definite (non-finite data, or increase reg_covar)");
  log_det_covariances_[k] = 2.0 * factor.matrixLLT().diagonal().array().log().sum();
  // L_k⁻¹, lower triangular, so that the E step whitens with one product.
  auto& precision_factor = precision_factors_[static_cast<std::size_t>(k)];
  precision_factor.setIdentity(d_, d_);
  factor.matrixL().solveInPlace(precision_factor);
}

void VariationalMixture::maximise(const Eigen::MatrixXd& resp) {
  auto& post = posterior_;
  counts_ = resp.rowwise().sum().array() + kEmptyCount;
  component_means_.noalias() = points_ * resp.transpose();
  for (int k = 0; k < k_; ++k) component_means_.col(k) /= counts_[k];

  // Sticks: a_k = 1 + N_k, b_k = γ₀ + Σ_{j>k} N_j.
  double beyond = 0.0;
  for (int k = k_ - 1; k >= 0; --k) {
    post.stick_a[k] = 1.0 + counts_[k];
    post.stick_b[k] = priors_.weight_concentration + beyond;
    beyond += counts_[k];
  }

  const double beta0 = priors_.mean_precision;
  for (int k = 0; k < k_; ++k) {
    const double count = counts_[k];
    post.mean_precision[k] = beta0 + count;
    post.means.col(k) =
        (beta0 * priors_.mean + count * component_means_.col(k)) / post.mean_precision[k];
    post.degrees_of_freedom[k] = priors_.degrees_of_freedom + count;

    // S_k = Σ r_nk (x_n − x̄_k)(x_n − x̄_k)ᵀ / N_k + reg·I, as a rank update of the
    // √r-weighted deviations (the symmetric half only).
    centred_ = points_.colwise() - component_means_.col(k);
    centred_.array().rowwise() *= resp.row(k).array().sqrt();
    scatter_.setZero();
    scatter_.selfadjointView<Eigen::Lower>().rankUpdate(centred_, 1.0 / count);
    scatter_.triangularView<Eigen::StrictlyUpper>() = scatter_.transpose();
    scatter_.diagonal().array() += priors_.reg_covar;

    // W_k⁻¹ = W₀⁻¹ + N_k S_k + (β₀ N_k / β_k)(x̄_k − m₀)(x̄_k − m₀)ᵀ; we keep W_k⁻¹/ν_k.
    const Eigen::VectorXd shift = component_means_.col(k) - priors_.mean;
    auto& covariance = post.covariances[static_cast<std::size_t>(k)];
    covariance = priors_.covariance + count * scatter_ +
                 (beta0 * count / post.mean_precision[k]) * shift * shift.transpose();
    covariance /= post.degrees_of_freedom[k];
    factorise(k);
  }
}

double VariationalMixture::expect() {
  const auto& post = posterior_;
  const double d = d_;
  // E[ln π_k] = ψ(a_k) − ψ(a_k + b_k) + Σ_{j<k} (ψ(b_j) − ψ(a_j + b_j)).
  double sticks_before = 0.0;
  for (int k = 0; k < k_; ++k) {
    const double digamma_total = digamma(post.stick_a[k] + post.stick_b[k]);
    log_weights_[k] = digamma(post.stick_a[k]) - digamma_total + sticks_before;
    sticks_before += digamma(post.stick_b[k]) - digamma_total;
  }
  // ln ρ_nk = E[ln π_k] + ½ E[ln |Λ_k|] − ½ d ln 2π − ½ d/β_k − ½ ν_k (x − m_k)ᵀ W_k (x − m_k),
  // with E[ln |Λ_k|] = Σ_i ψ((ν_k − i)/2) + d ln 2 + ln |W_k| and ν_k W_k = covariance⁻¹.
  for (int k = 0; k < k_; ++k) {
    const double nu = post.degrees_of_freedom[k];
    double expected_log_det = d * std::log(2.0);
    for (int i = 0; i < d_; ++i) expected_log_det += digamma(0.5 * (nu - i));
    const double log_det_w = -log_det_covariances_[k] - d * std::log(nu);
    component_constants_[k] = log_weights_[k] +
                              0.5 * (expected_log_det + log_det_w) -
                              0.5 * d * std::log(2.0 * std::numbers::pi) -
                              0.5 * d / post.mean_precision[k];
  }
  for (int k = 0; k < k_; ++k) {
    // ‖L_k⁻¹ (x − m_k)‖² as a plain matrix product: faster than a triangular solve at these
    // sizes.
    centred_ = points_.colwise() - post.means.col(k);
    whitened_.noalias() = precision_factors_[static_cast<std::size_t>(k)] * centred_;
    log_resp_.row(k) =
        (-0.5 * whitened_.colwise().squaredNorm().array() + component_constants_[k]).matrix();
  }
  // Normalise each point's column with log-sum-exp, over the whole K × n block at once
  // (one exponential per entry).
  column_scratch_ = log_resp_.colwise().maxCoeff();
  log_resp_.rowwise() -= column_scratch_;
  responsibilities_ = log_resp_.array().exp().matrix();
  column_scratch_ = responsibilities_.colwise().sum();
  responsibilities_.array().rowwise() /= column_scratch_.array();
  column_scratch_ = column_scratch_.array().log().matrix();
  log_resp_.rowwise() -= column_scratch_;
  // Entries are finite (finite data, positive definite covariances), so r·ln r is 0 where
  // r underflows to 0.
  return -(responsibilities_.array() * log_resp_.array()).sum();
}

double VariationalMixture::lower_bound(double entropy) const {
  // scikit-learn's simplification of the bound after an M step (constants dropped):
  // H[q(Z)] − Σ ln B(W_k, ν_k) + Σ ln B(a_k, b_k) − ½ d Σ ln β_k, where the Wishart
  // normaliser is ln B = −(ν/2) ln|W| − (ν d/2) ln 2 − Σ_i ln Γ((ν − i)/2).
  const auto& post = posterior_;
  const double d = d_;
  double bound = entropy;
  for (int k = 0; k < k_; ++k) {
    const double nu = post.degrees_of_freedom[k];
    const double half_log_det_w = -0.5 * (log_det_covariances_[k] + d * std::log(nu));
    double log_wishart_norm = nu * half_log_det_w + 0.5 * nu * d * std::log(2.0);
    for (int i = 0; i < d_; ++i) log_wishart_norm += log_gamma(0.5 * (nu - i));
    bound += log_wishart_norm;  // − ln B(W_k, ν_k)
    bound += log_beta(post.stick_a[k], post.stick_b[k]);
    bound -= 0.5 * d * std::log(post.mean_precision[k]);
  }
  return bound;
}

VariationalPosterior VariationalMixture::run(const std::vector<int>& labels, double tolerance,
                                             int max_iterations) {
  responsibilities_.setZero();
  for (int i = 0; i < n_; ++i) responsibilities_(labels[static_cast<std::size_t>(i)], i) = 1.0;
  maximise(responsibilities_);

  auto& post = posterior_;
  post.lower_bound = -std::numeric_limits<double>::infinity();
  post.iterations = 0;
  post.converged = false;
  post.lower_bound_history.clear();
  for (int iteration = 1; iteration <= max_iterations; ++iteration) {
    const double previous = post.lower_bound;
    const double entropy = expect();
    maximise(responsibilities_);
    post.lower_bound = lower_bound(entropy);
    post.iterations = iteration;
    post.lower_bound_history.push_back(post.lower_bound);
    if (!std::isfinite(post.lower_bound))
      throw Error("gaussian mixture: the lower bound became non-finite at iteration " +
                  std::to_string(iteration));
    if (std::abs(post.lower_bound - previous) < tolerance) {
      post.converged = true;
      break;
    }
  }
  return post;
}

}  // namespace causalmix::prior
