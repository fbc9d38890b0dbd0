// The reference toy table of method.md §8, with its truth columns (Y0, Y1, mu0, mu1, tau,
// propensity): a known data-generating process for tests and the demo.
#pragma once

#include <cstdint>

#include "causalmix/table.hpp"

namespace causalmix {

// Columns X_bin, X_cat, X_exp, X_uniform, X_beta, T, Y, Y0, Y1, mu0, mu1, tau, propensity.
// One Rng(seed); per row the draws are, in order: X_bin, X_cat, X_exp, X_uniform, X_beta,
// T, Y0, Y1 (then Y = Y(T)). mu0, mu1 are the arms' probabilities, tau = mu1 − mu0.
Table make_toy_table(std::size_t n, std::uint64_t seed);

}  // namespace causalmix
