// The mixture and its options as JSON, for the model file. nlohmann prints doubles with
// round-trip precision, so a restored mixture samples exactly as the fitted one.
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "causalmix/error.hpp"
#include "causalmix/mixture.hpp"

namespace causalmix {
namespace {

constexpr const char* kFormat = "causalmix.gaussian_mixture";
constexpr int kVersion = 1;

[[noreturn]] void refuse(const std::string& what) {
  throw Error("gaussian mixture JSON: " + what);
}

double finite(const nlohmann::json& value, const std::string& where) {
  if (!value.is_number()) refuse(where + " is not a number");
  const double x = value.get<double>();
  if (!std::isfinite(x)) refuse(where + " is not finite");
  return x;
}

const nlohmann::json& member(const nlohmann::json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end()) refuse(std::string("missing '") + key + "'");
  return *it;
}

const nlohmann::json& array_of(const nlohmann::json& value, std::size_t size,
                               const std::string& where) {
  if (!value.is_array() || value.size() != size)
    refuse(where + " must be an array of " + std::to_string(size) + " values");
  return value;
}

}  // namespace

nlohmann::json MixtureOptions::to_json() const {
  return {{"components", components},     {"weight_concentration", weight_concentration},
          {"mean_precision", mean_precision}, {"reg_covar", reg_covar},
          {"restarts", restarts},         {"tolerance", tolerance},
          {"max_iterations", max_iterations}};
}

MixtureOptions MixtureOptions::from_json(const nlohmann::json& json) {
  if (!json.is_object()) throw Error("mixture options: expected a JSON object");
  MixtureOptions options;
  try {
    for (const auto& [key, value] : json.items()) {
      if (key == "components") options.components = value.get<int>();
      else if (key == "weight_concentration") options.weight_concentration = value.get<double>();
      else if (key == "mean_precision") options.mean_precision = value.get<double>();
      else if (key == "reg_covar") options.reg_covar = value.get<double>();
      else if (key == "restarts") options.restarts = value.get<int>();
      else if (key == "tolerance") options.tolerance = value.get<double>();
      else if (key == "max_iterations") options.max_iterations = value.get<int>();
      else if (key == "threads") options.threads = value.get<int>();  // accepted, never written
      else throw Error("mixture options: unknown key '" + key + "'");
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("mixture options: ") + e.what());
  }
  return options;
}

nlohmann::json GaussianMixture::to_json() const {
  nlohmann::json means_json = nlohmann::json::array();
  nlohmann::json covariances_json = nlohmann::json::array();
  for (int k = 0; k < components(); ++k) {
    const auto& mean_k = means[static_cast<std::size_t>(k)];
    means_json.push_back(std::vector<double>(mean_k.data(), mean_k.data() + mean_k.size()));
    nlohmann::json rows = nlohmann::json::array();
    const auto& covariance_k = covariances[static_cast<std::size_t>(k)];
    for (Eigen::Index i = 0; i < covariance_k.rows(); ++i) {
      const Eigen::VectorXd row = covariance_k.row(i).transpose();
      rows.push_back(std::vector<double>(row.data(), row.data() + row.size()));
    }
    covariances_json.push_back(std::move(rows));
  }
  return {{"format", kFormat},
          {"version", kVersion},
          {"dimension", dimension()},
          {"components", components()},
          {"weights", std::vector<double>(weights.data(), weights.data() + weights.size())},
          {"means", std::move(means_json)},
          {"covariances", std::move(covariances_json)},
          {"lower_bound", lower_bound},
          {"iterations", iterations},
          {"converged", converged},
          {"lower_bound_history", lower_bound_history}};
}

GaussianMixture GaussianMixture::from_json(const nlohmann::json& json) {
  if (!json.is_object()) refuse("expected an object");
  GaussianMixture mixture;
  try {
    if (member(json, "format") != kFormat) refuse("format is not '" + std::string(kFormat) + "'");
    const auto& version = member(json, "version");
    if (version != kVersion)
      refuse("version " + version.dump() + " is not supported (expected " +
             std::to_string(kVersion) + ")");
    const int d = member(json, "dimension").get<int>();
    const int k_count = member(json, "components").get<int>();
    if (d < 1 || k_count < 1) refuse("dimension and components must be positive");
    const auto dim = static_cast<std::size_t>(d);
    const auto count = static_cast<std::size_t>(k_count);

    const auto& weights_json = array_of(member(json, "weights"), count, "'weights'");
    mixture.weights.resize(k_count);
    for (int k = 0; k < k_count; ++k) {
      mixture.weights[k] = finite(weights_json[static_cast<std::size_t>(k)], "a weight");
      if (mixture.weights[k] < 0) refuse("a weight is negative");
    }
    if (!(mixture.weights.sum() > 0)) refuse("the weights sum to zero");

    const auto& means_json = array_of(member(json, "means"), count, "'means'");
    const auto& covariances_json = array_of(member(json, "covariances"), count, "'covariances'");
    for (std::size_t k = 0; k < count; ++k) {
      const std::string which = "component " + std::to_string(k);
      const auto& mean_json = array_of(means_json[k], dim, "the mean of " + which);
      Eigen::VectorXd mean_k(d);
      for (std::size_t i = 0; i < dim; ++i)
        mean_k[static_cast<Eigen::Index>(i)] = finite(mean_json[i], "a mean of " + which);
      const auto& rows = array_of(covariances_json[k], dim, "the covariance of " + which);
      Eigen::MatrixXd covariance_k(d, d);
      for (std::size_t i = 0; i < dim; ++i) {
        const auto& row = array_of(rows[i], dim, "a covariance row of " + which);
        for (std::size_t j = 0; j < dim; ++j)
          covariance_k(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
              finite(row[j], "a covariance entry of " + which);
      }
      mixture.means.push_back(std::move(mean_k));
      mixture.covariances.push_back(std::move(covariance_k));
    }
    mixture.lower_bound = finite(member(json, "lower_bound"), "'lower_bound'");
    mixture.iterations = member(json, "iterations").get<int>();
    mixture.converged = member(json, "converged").get<bool>();
    for (const auto& value : member(json, "lower_bound_history"))
      mixture.lower_bound_history.push_back(finite(value, "a lower bound"));
  } catch (const nlohmann::json::exception& e) {
    refuse(e.what());
  }
  return mixture;
}

}  // namespace causalmix
