// Targets for the overlap penalty on redrawn discrete values (vae/objective.cpp): α with one
// discrete covariate set to each of its levels in turn.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sandbox/knobs.hpp"
#include "vae/objective.hpp"

namespace causalmix::sandbox {

// rows × levels in the layout of vae::discrete_levels: α with that variable at that
// level and every other column as observed. `table` is the modelled table (covariates in
// head-layout's encoded_column order, then T and Y); `observed` is α on it. A variable α
// does not mention keeps the observed α at every level. So does a level at which α cannot be
// evaluated on every row (log(0), a propensity outside (0, 1)): redraws to it are judged
// against the observed target rather than failing a fit whose own rows are fine.
vae::RowMatrixF alpha_at_levels(const CompiledKnobs& knobs, Table table, const std::string& treatment,
                                const Standardization& standardization, std::optional<double> treatment_rate,
                                const vae::HeadLayout& layout, const std::vector<double>& observed);

}  // namespace causalmix::sandbox
