// Test helper: the toy table (method.md §8) without its truth columns, and lalonde.
#pragma once

#include "causalmix/csv.hpp"
#include "causalmix/sandbox.hpp"
#include "causalmix/toy.hpp"

namespace causalmix::testing {

inline Table toy_observed(std::size_t n = 1000, std::uint64_t seed = 42) {
  Table toy = make_toy_table(n, seed);
  Table observed;
  for (const char* name : {"X_bin", "X_cat", "X_exp", "X_uniform", "X_beta", "T", "Y"})
    observed.columns.push_back(toy.column(name));
  return observed;
}

inline Table lalonde() { return read_csv(std::string(CAUSALMIX_SOURCE_DIR) + "/data/lalonde.csv"); }

// The published example's hyperparameters (method.md §8): blend weights 0.2.
inline FitOptions reference_options(std::uint64_t seed) {
  FitOptions o;
  o.effect_blend = 0.2;
  o.confounding_blend = 0.2;
  o.seed = seed;
  return o;
}

inline double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

}  // namespace causalmix::testing
