#include "prior/variational_mixture.hpp"

#include <Eigen/Cholesky>
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

Eigen::MatrixXd quadratic_features(const Coordinates& points) {
  const Eigen::Index d = points.rows(), n = points.cols();
  const Eigen::Index quadratic = d * (d + 1) / 2;
  Eigen::MatrixXd features(quadratic + d + 1, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    Eigen::Index row = 0;
    for (Eigen::Index j = 0; j < d; ++j)
      for (Eigen::Index l = 0; l <= j; ++l) features(row++, i) = points(j, i) * points(l, i);
    for (Eigen::Index j = 0; j < d; ++j) features(quadratic + j, i) = points(j, i);
    features(quadratic + d, i) = 1.0;
  }
  return features;
}

VariationalMixture::VariationalMixture(const Eigen::MatrixXd& features, int dimension,
                                       const MixturePriors& priors, int components)
    : features_(features),
      priors_(priors),
      d_(dimension),
      n_(static_cast<int>(features.cols())),
      k_(components),
      precisions_(static_cast<std::size_t>(components), Eigen::MatrixXd(d_, d_)),
      log_det_covariances_(components),
      statistics_(features.rows(), components),
      coefficients_(components, features.rows()),
      responsibilities_(k_, n_),
      log_resp_(k_, n_),
      row_scratch_(n_),
      column_norm_(n_),
      counts_(k_),
      component_means_(d_, k_),
      scatter_(d_, d_),
      log_weights_(k_),
      component_constants_(k_) {
  if (features.rows() != d_ * (d_ + 1) / 2 + d_ + 1)
    throw Error("gaussian mixture: feature matrix does not match the dimension");
  posterior_.stick_a.resize(k_);
  posterior_.stick_b.resize(k_);
  posterior_.mean_precision.resize(k_);
  posterior_.means.resize(d_, k_);
  posterior_.degrees_of_freedom.resize(k_);
  posterior_.covariances.assign(static_cast<std::size_t>(k_), Eigen::MatrixXd(d_, d_));
}

void VariationalMixture::factorise(int k) {
  const Eigen::LLT<Eigen::MatrixXd> factor(posterior_.covariances[static_cast<std::size_t>(k)]);
  if (factor.info() != Eigen::Success)
    throw Error("gaussian mixture: covariance of component " + std::to_string(k) +
                " is not positive definite (non-finite data, or increase reg_covar)");
  log_det_covariances_[k] = 2.0 * factor.matrixLLT().diagonal().array().log().sum();
  auto& precision = precisions_[static_cast<std::size_t>(k)];
  precision.setIdentity(d_, d_);
  factor.solveInPlace(precision);
}

void VariationalMixture::maximise() {
  auto& post = posterior_;
  const Eigen::Index quadratic = d_ * (d_ + 1) / 2;
  // Σ r·xxᵀ, Σ r·x and Σ r for every component in one product.
  statistics_.noalias() = features_ * responsibilities_.transpose();
  for (int k = 0; k < k_; ++k) {
    counts_[k] = statistics_(quadratic + d_, k) + kEmptyCount;
    component_means_.col(k) = statistics_.col(k).segment(quadratic, d_) / counts_[k];
  }

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
    const double responsibility_sum = statistics_(quadratic + d_, k);
    post.mean_precision[k] = beta0 + count;
    post.means.col(k) =
        (beta0 * priors_.mean + count * component_means_.col(k)) / post.mean_precision[k];
    post.degrees_of_freedom[k] = priors_.degrees_of_freedom + count;

    // S_k = Σ r (x − x̄)(x − x̄)ᵀ / N_k + reg·I = (Σ r·xxᵀ − (2N_k − Σ r) x̄x̄ᵀ) / N_k + reg·I.
    const auto mean_k = component_means_.col(k);
    Eigen::Index row = 0;
    for (int j = 0; j < d_; ++j)
      for (int l = 0; l <= j; ++l, ++row) {
        const double value = (statistics_(row, k) -
                              (2.0 * count - responsibility_sum) * mean_k[j] * mean_k[l]) /
                             count;
        scatter_(j, l) = value;
        scatter_(l, j) = value;
      }
    scatter_.diagonal().array() += priors_.reg_covar;

    // W_k⁻¹ = W₀⁻¹ + N_k S_k + (β₀ N_k / β_k)(x̄_k − m₀)(x̄_k − m₀)ᵀ; we keep W_k⁻¹/ν_k.
    auto& covariance = post.covariances[static_cast<std::size_t>(k)];
    const double shrink = beta0 * count / post.mean_precision[k];
    for (int j = 0; j < d_; ++j)
      for (int l = 0; l < d_; ++l) {
        const double shift_j = mean_k[j] - priors_.mean[j];
        const double shift_l = mean_k[l] - priors_.mean[l];
        covariance(j, l) = (priors_.covariance(j, l) + count * scatter_(j, l) +
                            shrink * shift_j * shift_l) /
                           post.degrees_of_freedom[k];
      }
    factorise(k);
  }
}

double VariationalMixture::expect() {
  const auto& post = posterior_;
  const double d = d_;
  const Eigen::Index quadratic = d_ * (d_ + 1) / 2;
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
    component_constants_[k] = log_weights_[k] + 0.5 * (expected_log_det + log_det_w) -
                              0.5 * d * std::log(2.0 * std::numbers::pi) -
                              0.5 * d / post.mean_precision[k];

    // The quadratic form (x − m)ᵀΛ(x − m) as coefficients on the features.
    const auto& precision = precisions_[static_cast<std::size_t>(k)];
    const Eigen::VectorXd precision_mean = precision * post.means.col(k);
    Eigen::Index column = 0;
    for (int j = 0; j < d_; ++j)
      for (int l = 0; l <= j; ++l, ++column)
        coefficients_(k, column) = (j == l ? 1.0 : 2.0) * precision(j, l);
    for (int j = 0; j < d_; ++j) coefficients_(k, quadratic + j) = -2.0 * precision_mean[j];
    coefficients_(k, quadratic + d_) = post.means.col(k).dot(precision_mean);
  }
  log_resp_.noalias() = coefficients_ * features_;
  for (int k = 0; k < k_; ++k)
    log_resp_.row(k) = (-0.5 * log_resp_.row(k).array() + component_constants_[k]).matrix();

  // Normalise each point's column with log-sum-exp (one exponential per entry).
  row_scratch_ = log_resp_.row(0);
  for (int k = 1; k < k_; ++k) row_scratch_ = row_scratch_.cwiseMax(log_resp_.row(k));
  for (int k = 0; k < k_; ++k) {
    log_resp_.row(k) -= row_scratch_;
    responsibilities_.row(k) = log_resp_.row(k).array().exp().matrix();
  }
  column_norm_ = responsibilities_.row(0);
  for (int k = 1; k < k_; ++k) column_norm_ += responsibilities_.row(k);
  row_scratch_ = column_norm_.array().log().matrix();
  double entropy = 0.0;
  for (int k = 0; k < k_; ++k) {
    responsibilities_.row(k).array() /= column_norm_.array();
    log_resp_.row(k) -= row_scratch_;
    // Entries are finite (finite data, positive definite covariances), so r·ln r is 0
    // where r underflows to 0.
    entropy -= responsibilities_.row(k).dot(log_resp_.row(k));
  }
  return entropy;
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
  maximise();

  auto& post = posterior_;
  post.lower_bound = -std::numeric_limits<double>::infinity();
  post.iterations = 0;
  post.converged = false;
  post.lower_bound_history.clear();
  for (int iteration = 1; iteration <= max_iterations; ++iteration) {
    const double previous = post.lower_bound;
    const double entropy = expect();
    maximise();
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
