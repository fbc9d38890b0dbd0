// The causal truth that travels with a generated table: the names of its truth columns
// (method.md §7) and the knob targets evaluated on its rows. Shared by the generator, which
// writes them, and the evaluation, which judges how close the achieved values came.
#pragma once

#include <string>
#include <vector>

namespace causalmix {

namespace truth {
inline constexpr const char* kY0 = "Y0";
inline constexpr const char* kY1 = "Y1";
inline constexpr const char* kMu0 = "mu0";
inline constexpr const char* kMu1 = "mu1";
inline constexpr const char* kTau = "tau";              // achieved: mu1 − mu0
inline constexpr const char* kKappa = "kappa";          // achieved confounding bias
inline constexpr const char* kLogDensityRatio = "log_density_ratio";  // ℓ₀ − ℓ₁
inline constexpr const char* kPropensity = "propensity";
}  // namespace truth

// The user's targets, evaluated on each generated row (original units of the outcome).
struct CausalTargets {
  std::vector<double> tau;    // τ(X)
  std::vector<double> kappa;  // κ(X, T)
  std::vector<double> alpha;  // α(X): target of log_density_ratio
};

}  // namespace causalmix
