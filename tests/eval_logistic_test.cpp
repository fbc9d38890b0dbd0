// Our logistic regression reproduces sklearn's LogisticRegression(C=1); cross-fitting folds
// are stratified and deterministic.
#include <gtest/gtest.h>

#include "eval/logistic.hpp"
#include "eval_support.hpp"

namespace causalmix::eval {
namespace {

TEST(EvalLogistic, MatchesSklearnCoefficients) {
  for (const auto& c : testing::load_fixture("logistic.json")) {
    const auto rows = c["x"];
    Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      for (Eigen::Index j = 0; j < x.cols(); ++j) x(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    const auto y = c["y"].get<std::vector<int>>();
    const auto model = fit_logistic(x, y, 1.0);
    EXPECT_TRUE(model.converged);
    const auto weights = testing::doubles(c["weights"]);
    for (Eigen::Index j = 0; j < x.cols(); ++j) EXPECT_NEAR(model.weights[j], weights[static_cast<std::size_t>(j)], 1e-6);
    EXPECT_NEAR(model.intercept, c["intercept"].get<double>(), 1e-6);
    const auto p = model.predict(x);
    const auto expected = testing::doubles(c["probabilities"]);
    for (Eigen::Index i = 0; i < x.rows(); ++i) EXPECT_NEAR(p[i], expected[static_cast<std::size_t>(i)], 1e-7);
  }
}

TEST(EvalLogistic, SeparableDataStaysFinite) {
  Eigen::MatrixXd x(6, 1);
  x << -3, -2, -1, 1, 2, 3;
  const auto model = fit_logistic(x, {0, 0, 0, 1, 1, 1}, 1.0);
  EXPECT_TRUE(std::isfinite(model.weights[0]));
  EXPECT_GT(model.weights[0], 0.5);  // the penalty bounds it, the data push it up
  EXPECT_LT(model.weights[0], 20.0);
}

TEST(EvalLogistic, FoldsAreStratifiedAndSeeded) {
  std::vector<int> labels(103, 0);
  for (std::size_t i = 0; i < 40; ++i) labels[i] = 1;
  Rng a(5), b(5);
  const auto folds = stratified_folds(labels, 5, a);
  EXPECT_EQ(folds, stratified_folds(labels, 5, b));
  for (int f = 0; f < 5; ++f) {
    int positives = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) positives += folds[i] == f && labels[i] == 1;
    EXPECT_EQ(positives, 8);  // 40 positives dealt round-robin over 5 folds
  }
}

}  // namespace
}  // namespace causalmix::eval
