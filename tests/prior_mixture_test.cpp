// The variational Dirichlet-process Gaussian mixture on known mixtures: recovery of weights
// and means, pruning of surplus components, sampling, determinism, the monotone lower
// bound, and degenerate inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "causalmix/error.hpp"
#include "causalmix/mixture.hpp"

using causalmix::GaussianMixture;
using causalmix::MixtureOptions;
using causalmix::Rng;

namespace {

const Eigen::Vector2d kTrueMeans[3] = {{0.0, 0.0}, {6.0, 0.0}, {0.0, 6.0}};
constexpr double kTrueWeights[3] = {0.5, 0.3, 0.2};

// n = 3000 rows: exactly 1500 / 900 / 600 from the three components (in that order, so
// that the fit must not rely on any shuffling), each with its own correlated covariance.
Eigen::MatrixXd three_components() {
  Rng rng(2024);
  const int counts[3] = {1500, 900, 600};
  Eigen::Matrix2d factors[3];
  factors[0] << 1.0, 0.0, 0.5, 0.8;
  factors[1] << 0.7, 0.0, -0.3, 0.9;
  factors[2] << 1.1, 0.0, 0.0, 0.6;
  Eigen::MatrixXd data(3000, 2);
  int row = 0;
  for (int k = 0; k < 3; ++k)
    for (int i = 0; i < counts[k]; ++i, ++row) {
      const Eigen::Vector2d noise(rng.normal(), rng.normal());
      data.row(row) = (kTrueMeans[k] + factors[k] * noise).transpose();
    }
  return data;
}

// The fitted component nearest to each true mean (among those with non-negligible weight).
std::vector<int> match_components(const GaussianMixture& fitted) {
  std::vector<int> matched;
  for (const auto& truth : kTrueMeans) {
    int best = -1;
    double best_distance = std::numeric_limits<double>::infinity();
    for (int k = 0; k < fitted.components(); ++k) {
      const double distance = (fitted.means[static_cast<std::size_t>(k)] - truth).norm();
      if (fitted.weights[k] > 0.05 && distance < best_distance) {
        best_distance = distance;
        best = k;
      }
    }
    matched.push_back(best);
  }
  return matched;
}

GaussianMixture fit(const Eigen::MatrixXd& data, int components, std::uint64_t seed) {
  MixtureOptions options;
  options.components = components;
  Rng rng(seed);
  return GaussianMixture::fit(data, options, rng);
}

}  // namespace

TEST(GaussianMixture, RecoversThreeSeparatedComponents) {
  const GaussianMixture fitted = fit(three_components(), 3, 1);
  ASSERT_EQ(fitted.components(), 3);
  EXPECT_NEAR(fitted.weights.sum(), 1.0, 1e-12);
  const std::vector<int> matched = match_components(fitted);
  std::vector<int> distinct = matched;
  std::sort(distinct.begin(), distinct.end());
  EXPECT_TRUE(std::unique(distinct.begin(), distinct.end()) == distinct.end());
  for (int t = 0; t < 3; ++t) {
    ASSERT_GE(matched[static_cast<std::size_t>(t)], 0);
    const int k = matched[static_cast<std::size_t>(t)];
    EXPECT_NEAR(fitted.weights[k], kTrueWeights[t], 0.02) << "component " << t;
    EXPECT_LT((fitted.means[static_cast<std::size_t>(k)] - kTrueMeans[t]).norm(), 0.1)
        << "component " << t;
  }
  EXPECT_TRUE(fitted.converged);
}

TEST(GaussianMixture, SurplusComponentsArePruned) {
  const GaussianMixture fitted = fit(three_components(), 8, 1);
  ASSERT_EQ(fitted.components(), 8);
  const std::vector<int> matched = match_components(fitted);
  double matched_weight = 0.0;
  for (int t = 0; t < 3; ++t) {
    const int k = matched[static_cast<std::size_t>(t)];
    ASSERT_GE(k, 0);
    matched_weight += fitted.weights[k];
    EXPECT_NEAR(fitted.weights[k], kTrueWeights[t], 0.02) << "component " << t;
    EXPECT_LT((fitted.means[static_cast<std::size_t>(k)] - kTrueMeans[t]).norm(), 0.1);
  }
  EXPECT_LT(1.0 - matched_weight, 0.01);
}

TEST(GaussianMixture, SamplesReproduceTheFittedMeanAndCovariance) {
  const GaussianMixture fitted = fit(three_components(), 3, 1);
  Rng rng(99);
  const std::size_t n = 200000;
  const Eigen::MatrixXd draws = fitted.sample(n, rng);
  ASSERT_EQ(draws.rows(), static_cast<Eigen::Index>(n));
  ASSERT_EQ(draws.cols(), 2);
  const Eigen::VectorXd mean = draws.colwise().mean().transpose();
  const Eigen::MatrixXd centred = draws.rowwise() - mean.transpose();
  const Eigen::MatrixXd covariance = centred.transpose() * centred / static_cast<double>(n - 1);
  // Standard errors at n = 200k: about 0.007 for the means, 0.02–0.04 for the (co)variances
  // (which are 4–9 here); the tolerances are about five of them.
  EXPECT_LT((mean - fitted.mean()).cwiseAbs().maxCoeff(), 0.03);
  EXPECT_LT((covariance - fitted.covariance()).cwiseAbs().maxCoeff(), 0.15);
  // Sanity of the reference itself: the mixture's moments are the data's.
  const Eigen::MatrixXd data = three_components();
  EXPECT_LT((data.colwise().mean().transpose() - fitted.mean()).cwiseAbs().maxCoeff(), 0.02);
}

TEST(GaussianMixture, SampledRowsAreNotOrderedByComponent) {
  const GaussianMixture fitted = fit(three_components(), 3, 1);
  Rng rng(5);
  const std::size_t n = 20000;
  const Eigen::MatrixXd draws = fitted.sample(n, rng);
  // Label each draw by the nearest true mean; ordered output would change label twice.
  auto label = [&](Eigen::Index i) {
    int best = 0;
    for (int k = 1; k < 3; ++k)
      if ((draws.row(i).transpose() - kTrueMeans[k]).norm() <
          (draws.row(i).transpose() - kTrueMeans[best]).norm())
        best = k;
    return best;
  };
  std::size_t changes = 0;
  for (Eigen::Index i = 1; i < draws.rows(); ++i) changes += label(i) != label(i - 1);
  // Independent labels change with probability 1 − Σ w² = 0.62.
  EXPECT_GT(static_cast<double>(changes) / static_cast<double>(n), 0.55);
}

TEST(GaussianMixture, SameSeedGivesIdenticalFit) {
  const Eigen::MatrixXd data = three_components();
  const GaussianMixture a = fit(data, 5, 17);
  const GaussianMixture b = fit(data, 5, 17);
  EXPECT_EQ(a.weights, b.weights);
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(a.means[static_cast<std::size_t>(k)], b.means[static_cast<std::size_t>(k)]);
    EXPECT_EQ(a.covariances[static_cast<std::size_t>(k)], b.covariances[static_cast<std::size_t>(k)]);
  }
  EXPECT_EQ(a.lower_bound, b.lower_bound);
  EXPECT_EQ(a.lower_bound_history, b.lower_bound_history);
  Rng ra(3), rb(3);
  EXPECT_EQ(a.sample(1000, ra), b.sample(1000, rb));
}

TEST(GaussianMixture, RestartsAreIndependentOfTheirCount) {
  // Restart r runs on rng.derive(r) whatever the number of restarts, so adding restarts
  // can only keep the fit or raise its lower bound; an unchanged bound means the same fit.
  Rng data_rng(8);
  Eigen::MatrixXd data(400, 3);
  for (Eigen::Index i = 0; i < data.size(); ++i) data.data()[i] = data_rng.exponential();
  GaussianMixture previous;
  for (int restarts = 1; restarts <= 4; ++restarts) {
    MixtureOptions options;
    options.components = 4;
    options.restarts = restarts;
    Rng rng(21);
    GaussianMixture fitted = GaussianMixture::fit(data, options, rng);
    if (restarts > 1) {
      EXPECT_GE(fitted.lower_bound, previous.lower_bound);
      if (fitted.lower_bound == previous.lower_bound) {
        EXPECT_EQ(fitted.weights, previous.weights);
      }
    }
    previous = std::move(fitted);
  }
}

TEST(GaussianMixture, LowerBoundNeverDecreasesWithinARun) {
  // Overlapping, skewed data so that the run takes many iterations.
  Rng data_rng(12);
  Eigen::MatrixXd data(1000, 4);
  for (Eigen::Index i = 0; i < data.rows(); ++i) {
    const double shared = data_rng.gamma(2.0);
    for (Eigen::Index j = 0; j < data.cols(); ++j)
      data(i, j) = shared * (j + 1) + data_rng.exponential();
  }
  MixtureOptions options;
  options.components = 6;
  options.restarts = 2;
  Rng rng(4);
  const GaussianMixture fitted = GaussianMixture::fit(data, options, rng);
  ASSERT_GE(fitted.lower_bound_history.size(), 10u);
  EXPECT_EQ(static_cast<int>(fitted.lower_bound_history.size()), fitted.iterations);
  EXPECT_EQ(fitted.lower_bound_history.back(), fitted.lower_bound);
  for (std::size_t i = 1; i < fitted.lower_bound_history.size(); ++i) {
    const double before = fitted.lower_bound_history[i - 1];
    // reg_covar makes the M step very slightly inexact: allow 1e-9 relative.
    EXPECT_GE(fitted.lower_bound_history[i], before - 1e-9 * std::abs(before)) << "iteration " << i;
  }
}

TEST(GaussianMixture, FewerRowsThanComponentsStillFits) {
  Eigen::MatrixXd data(3, 2);
  data << 0.0, 1.0, 2.0, -1.0, 4.0, 0.5;
  MixtureOptions options;
  options.components = 5;
  Rng rng(1);
  const GaussianMixture fitted = GaussianMixture::fit(data, options, rng);
  EXPECT_EQ(fitted.components(), 5);
  EXPECT_NEAR(fitted.weights.sum(), 1.0, 1e-12);
  EXPECT_TRUE(fitted.weights.allFinite());
  EXPECT_TRUE(std::isfinite(fitted.lower_bound));
  Rng sample_rng(2);
  EXPECT_TRUE(fitted.sample(100, sample_rng).allFinite());
}

TEST(GaussianMixture, ConstantColumnStillFits) {
  Rng data_rng(6);
  Eigen::MatrixXd data(200, 3);
  for (Eigen::Index i = 0; i < data.rows(); ++i)
    data.row(i) << data_rng.normal(), 7.0, data_rng.normal(i % 2 ? 4.0 : -4.0, 1.0);
  const GaussianMixture fitted = fit(data, 3, 1);
  EXPECT_TRUE(std::isfinite(fitted.lower_bound));
  // The constant column keeps its value and only reg_covar-sized spread.
  EXPECT_NEAR(fitted.mean()[1], 7.0, 1e-9);
  EXPECT_LT(fitted.covariance()(1, 1), 1e-4);
  Rng sample_rng(2);
  const Eigen::MatrixXd draws = fitted.sample(1000, sample_rng);
  EXPECT_LT((draws.col(1).array() - 7.0).abs().maxCoeff(), 0.05);
}

TEST(GaussianMixture, TwoRowsFitButOneRowIsAnError) {
  Eigen::MatrixXd two(2, 2);
  two << 1.0, 2.0, 3.0, 5.0;
  Rng rng(1);
  EXPECT_NO_THROW(GaussianMixture::fit(two, MixtureOptions{}, rng));
  Eigen::MatrixXd one(1, 2);
  one << 1.0, 2.0;
  EXPECT_THROW(GaussianMixture::fit(one, MixtureOptions{}, rng), causalmix::Error);
  EXPECT_THROW(GaussianMixture::fit(Eigen::MatrixXd(0, 2), MixtureOptions{}, rng),
               causalmix::Error);
}

TEST(GaussianMixture, NonFiniteDataAndBadOptionsAreErrors) {
  Eigen::MatrixXd data = Eigen::MatrixXd::Ones(10, 2);
  data(3, 1) = std::numeric_limits<double>::quiet_NaN();
  Rng rng(1);
  try {
    GaussianMixture::fit(data, MixtureOptions{}, rng);
    FAIL() << "expected an error";
  } catch (const causalmix::Error& e) {
    EXPECT_NE(std::string(e.what()).find("row 3, column 1"), std::string::npos) << e.what();
  }
  MixtureOptions bad;
  bad.restarts = 0;
  EXPECT_THROW(GaussianMixture::fit(Eigen::MatrixXd::Random(10, 2), bad, rng), causalmix::Error);
}

TEST(GaussianMixture, DefaultComponentCountIsTheDimension) {
  Rng data_rng(2);
  Eigen::MatrixXd data(100, 4);
  for (Eigen::Index i = 0; i < data.size(); ++i) data.data()[i] = data_rng.normal();
  Rng rng(1);
  EXPECT_EQ(GaussianMixture::fit(data, MixtureOptions{}, rng).components(), 4);
}

TEST(GaussianMixture, ThreadCountDoesNotChangeTheFit) {
  Rng data_rng(13);
  Eigen::MatrixXd data(600, 3);
  for (Eigen::Index i = 0; i < data.rows(); ++i)
    for (Eigen::Index j = 0; j < data.cols(); ++j)
      data(i, j) = data_rng.normal(static_cast<double>((i % 3) * 3 - 3 * j), 1.0);
  MixtureOptions options;
  options.components = 5;
  options.restarts = 5;
  Rng rng(2);
  const GaussianMixture one = GaussianMixture::fit(data, options, rng);
  options.threads = 2;
  const GaussianMixture two = GaussianMixture::fit(data, options, rng);
  options.threads = 0;
  const GaussianMixture all = GaussianMixture::fit(data, options, rng);
  EXPECT_EQ(one.lower_bound, two.lower_bound);
  EXPECT_EQ(one.weights, two.weights);
  EXPECT_EQ(one.lower_bound_history, two.lower_bound_history);
  EXPECT_EQ(one.weights, all.weights);
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(one.means[static_cast<std::size_t>(k)], two.means[static_cast<std::size_t>(k)]);
    EXPECT_EQ(one.covariances[static_cast<std::size_t>(k)],
              two.covariances[static_cast<std::size_t>(k)]);
  }
}
