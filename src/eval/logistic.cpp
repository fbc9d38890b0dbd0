#include "eval/logistic.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "causalmix/error.hpp"
#include "eval/statistics.hpp"

namespace causalmix::eval {

namespace {

// log(1 + e^x) without overflow.
double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

double sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

// The penalised objective at (w, b): ½‖w‖² + C Σ [softplus(η) − y η].
double objective(const Eigen::MatrixXd& x, const std::vector<int>& y, const Eigen::VectorXd& w,
                 double b, double c) {
  const Eigen::VectorXd eta = (x * w).array() + b;
  double loss = 0.0;
  for (Eigen::Index i = 0; i < eta.size(); ++i) loss += softplus(eta[i]) - (y[i] ? eta[i] : 0.0);
  return 0.5 * w.squaredNorm() + c * loss;
}

}  // namespace

Eigen::VectorXd LogisticModel::predict(const Eigen::MatrixXd& features) const {
  Eigen::VectorXd eta = (features * weights).array() + intercept;
  for (Eigen::Index i = 0; i < eta.size(); ++i) eta[i] = sigmoid(eta[i]);
  return eta;
}

LogisticModel fit_logistic(const Eigen::MatrixXd& features, const std::vector<int>& labels,
                           double inverse_regularisation, int max_iterations) {
  const Eigen::Index n = features.rows(), p = features.cols();
  if (static_cast<std::size_t>(n) != labels.size())
    throw Error("logistic regression: " + std::to_string(n) + " rows but " +
                std::to_string(labels.size()) + " labels");
  if (n == 0) throw Error("logistic regression: no rows to fit");
  const double c = inverse_regularisation;
  LogisticModel model;
  model.weights = Eigen::VectorXd::Zero(p);
  // Start the intercept at the log-odds of the base rate (clamped for a single class).
  double positives = 0;
  for (int l : labels) positives += l;
  const double rate = std::clamp(positives / static_cast<double>(n), 1e-6, 1 - 1e-6);
  model.intercept = std::log(rate / (1 - rate));

  double current = objective(features, labels, model.weights, model.intercept, c);
  Eigen::MatrixXd weighted(n, p + 1);
  for (int iteration = 1; iteration <= max_iterations; ++iteration) {
    model.iterations = iteration;
    const Eigen::VectorXd prob = model.predict(features);
    // Gradient and Hessian over [w; b]: the intercept is the last coordinate.
    Eigen::VectorXd gradient(p + 1);
    Eigen::VectorXd residual(n);
    for (Eigen::Index i = 0; i < n; ++i) residual[i] = prob[i] - labels[i];
    gradient.head(p) = c * features.transpose() * residual + model.weights;
    gradient[p] = c * residual.sum();
    for (Eigen::Index i = 0; i < n; ++i) {
      const double s = std::sqrt(std::max(prob[i] * (1 - prob[i]), 1e-12) * c);
      weighted.row(i).head(p) = features.row(i) * s;
      weighted(i, p) = s;
    }
    Eigen::MatrixXd hessian = Eigen::MatrixXd::Zero(p + 1, p + 1);
    hessian.selfadjointView<Eigen::Lower>().rankUpdate(weighted.transpose());
    hessian.diagonal().head(p).array() += 1.0;
    const Eigen::VectorXd step = hessian.selfadjointView<Eigen::Lower>().ldlt().solve(gradient);

    // Step halving keeps every iteration a descent step.
    double scale = 1.0;
    Eigen::VectorXd trial_w;
    double trial_b = 0, trial = 0;
    for (int halving = 0; halving < 30; ++halving, scale *= 0.5) {
      trial_w = model.weights - scale * step.head(p);
      trial_b = model.intercept - scale * step[p];
      trial = objective(features, labels, trial_w, trial_b, c);
      if (trial <= current) break;
    }
    if (!(trial <= current)) {  // no decrease possible: at the optimum to rounding
      model.converged = true;
      break;
    }
    model.weights = trial_w;
    model.intercept = trial_b;
    const double change = current - trial;
    current = trial;
    if (scale * step.cwiseAbs().maxCoeff() < 1e-10 || change <= 1e-12 * (1.0 + std::abs(current))) {
      model.converged = true;
      break;
    }
  }
  return model;
}

std::vector<int> stratified_folds(const std::vector<int>& labels, int folds, Rng& rng) {
  if (folds < 2) throw Error("cross-fitting needs at least 2 folds, got " + std::to_string(folds));
  std::vector<int> fold(labels.size(), 0);
  for (int cls : {0, 1}) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (labels[i] == cls) members.push_back(i);
    rng.shuffle(members);
    for (std::size_t k = 0; k < members.size(); ++k) fold[members[k]] = static_cast<int>(k % folds);
  }
  return fold;
}

CrossFit cross_fit_logistic(const Eigen::MatrixXd& features, const std::vector<int>& labels,
                            int folds, Rng& rng, double inverse_regularisation) {
  const std::vector<int> fold = stratified_folds(labels, folds, rng);
  CrossFit out;
  out.probabilities.assign(labels.size(), std::nan(""));
  for (int f = 0; f < folds; ++f) {
    std::vector<Eigen::Index> train, test;
    for (std::size_t i = 0; i < fold.size(); ++i) (fold[i] == f ? test : train).push_back(static_cast<Eigen::Index>(i));
    if (test.empty() || train.empty()) continue;
    Eigen::MatrixXd train_x = features(train, Eigen::all);
    std::vector<int> train_y;
    train_y.reserve(train.size());
    for (auto i : train) train_y.push_back(labels[i]);
    const LogisticModel model = fit_logistic(train_x, train_y, inverse_regularisation);
    const Eigen::VectorXd p = model.predict(features(test, Eigen::all));
    std::vector<double> scores(test.size());
    std::vector<int> test_y(test.size());
    for (std::size_t k = 0; k < test.size(); ++k) {
      out.probabilities[test[k]] = p[static_cast<Eigen::Index>(k)];
      scores[k] = p[static_cast<Eigen::Index>(k)];
      test_y[k] = labels[test[k]];
    }
    const double auc = roc_auc(scores, test_y);
    if (std::isfinite(auc)) out.fold_auc.push_back(auc);
  }
  out.mean_auc = out.fold_auc.empty() ? std::nan("") : mean(out.fold_auc);
  return out;
}

}  // namespace causalmix::eval
