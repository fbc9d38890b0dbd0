// The mixture in the model file: an exact round trip through JSON text, and refusal of
// wrong, truncated or other-version content.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "causalmix/error.hpp"
#include "causalmix/mixture.hpp"

using causalmix::GaussianMixture;
using causalmix::MixtureOptions;
using causalmix::Rng;

namespace {

GaussianMixture small_fit() {
  Rng data_rng(31);
  Eigen::MatrixXd data(300, 3);
  for (Eigen::Index i = 0; i < data.rows(); ++i)
    for (Eigen::Index j = 0; j < data.cols(); ++j)
      data(i, j) = data_rng.normal(i % 3 == 0 ? 3.0 : -1.0, 1.0 + 0.1 * static_cast<double>(j)) +
                   0.3 * data(i, 0) * (j > 0);
  MixtureOptions options;
  options.restarts = 3;
  Rng rng(8);
  return GaussianMixture::fit(data, options, rng);
}

}  // namespace

TEST(MixtureJson, RoundTripGivesIdenticalSamples) {
  const GaussianMixture fitted = small_fit();
  const std::string text = fitted.to_json().dump();
  const GaussianMixture restored = GaussianMixture::from_json(nlohmann::json::parse(text));
  EXPECT_EQ(restored.weights, fitted.weights);
  for (int k = 0; k < fitted.components(); ++k) {
    EXPECT_EQ(restored.means[static_cast<std::size_t>(k)], fitted.means[static_cast<std::size_t>(k)]);
    EXPECT_EQ(restored.covariances[static_cast<std::size_t>(k)],
              fitted.covariances[static_cast<std::size_t>(k)]);
  }
  EXPECT_EQ(restored.lower_bound, fitted.lower_bound);
  EXPECT_EQ(restored.iterations, fitted.iterations);
  EXPECT_EQ(restored.converged, fitted.converged);
  EXPECT_EQ(restored.lower_bound_history, fitted.lower_bound_history);
  Rng a(77), b(77);
  EXPECT_EQ(restored.sample(5000, a), fitted.sample(5000, b));
  EXPECT_EQ(restored.to_json().dump(), text);
}

TEST(MixtureJson, WrongContentIsRefused) {
  const nlohmann::json good = small_fit().to_json();
  auto refused = [](const nlohmann::json& json, const std::string& expected) {
    try {
      GaussianMixture::from_json(json);
    } catch (const causalmix::Error& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
      return;
    }
    ADD_FAILURE() << "accepted: " << json.dump().substr(0, 80);
  };
  nlohmann::json other_version = good;
  other_version["version"] = 2;
  refused(other_version, "version 2");
  nlohmann::json truncated = good;
  truncated.erase("covariances");
  refused(truncated, "missing 'covariances'");
  nlohmann::json short_mean = good;
  short_mean["means"][1].erase(0);
  refused(short_mean, "mean of component 1");
  nlohmann::json negative = good;
  negative["weights"][0] = -0.5;
  refused(negative, "negative");
  nlohmann::json wrong_type = good;
  wrong_type["covariances"][0][0][0] = "x";
  refused(wrong_type, "not a number");
  refused(nlohmann::json::array(), "expected an object");
  nlohmann::json other_format = good;
  other_format["format"] = "something else";
  refused(other_format, "format");
}

TEST(MixtureJson, OptionsRoundTripAndUnknownKeysAreRefused) {
  MixtureOptions options;
  options.components = 7;
  options.weight_concentration = 0.3;
  options.reg_covar = 1e-4;
  options.restarts = 4;
  options.tolerance = 1e-5;
  options.max_iterations = 55;
  const MixtureOptions restored =
      MixtureOptions::from_json(nlohmann::json::parse(options.to_json().dump()));
  EXPECT_EQ(restored.components, 7);
  EXPECT_EQ(restored.weight_concentration, 0.3);
  EXPECT_EQ(restored.mean_precision, 1.0);
  EXPECT_EQ(restored.reg_covar, 1e-4);
  EXPECT_EQ(restored.restarts, 4);
  EXPECT_EQ(restored.tolerance, 1e-5);
  EXPECT_EQ(restored.max_iterations, 55);
  EXPECT_EQ(MixtureOptions::from_json(nlohmann::json::object()).restarts, 10);
  EXPECT_THROW(MixtureOptions::from_json({{"restart", 3}}), causalmix::Error);
}
