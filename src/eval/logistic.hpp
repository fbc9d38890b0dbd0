// Our own L2-regularised logistic regression (Newton / IRLS on Eigen), and cross-fitting
// with it: the detection model of C2ST and the propensity model of the data overlap.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "causalmix/rng.hpp"

namespace causalmix::eval {

struct LogisticModel {
  Eigen::VectorXd weights;  // one per feature
  double intercept = 0.0;
  int iterations = 0;
  bool converged = false;
  // P(y = 1 | x) for each row of `features`.
  Eigen::VectorXd predict(const Eigen::MatrixXd& features) const;
};

// Minimises ½‖w‖² + C Σ log-loss (the intercept is not penalised), sklearn's
// LogisticRegression(C=C) objective; Newton steps with step halving, so it converges in a
// handful of iterations and never diverges on separable data.
LogisticModel fit_logistic(const Eigen::MatrixXd& features, const std::vector<int>& labels,
                           double inverse_regularisation = 1.0, int max_iterations = 100);

// Fold of each row (0..folds−1): each class shuffled and dealt round-robin, so every fold
// holds the same share of each class.
std::vector<int> stratified_folds(const std::vector<int>& labels, int folds, Rng& rng);

struct CrossFit {
  std::vector<double> probabilities;  // out-of-fold P(y = 1 | x) per row
  std::vector<double> fold_auc;       // AUC on each held-out fold
  double mean_auc = 0.0;              // mean of fold_auc (as sklearn's cross_val_score)
};

// Fits on all folds but one, predicts the held-out fold, for each fold.
CrossFit cross_fit_logistic(const Eigen::MatrixXd& features, const std::vector<int>& labels,
                            int folds, Rng& rng, double inverse_regularisation = 1.0);

}  // namespace causalmix::eval
