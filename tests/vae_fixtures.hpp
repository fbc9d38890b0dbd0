// Test helper: a small mixed table (Gaussian, hurdle, binary, categorical columns, a
// treatment and a continuous outcome) and the two models' training data built from it,
// as the sandbox builds them.
#pragma once

#include <cmath>

#include "causalmix/encoding.hpp"
#include "causalmix/rng.hpp"
#include "vae/objective.hpp"

namespace causalmix::vae::testing {

inline Table small_mixed_table(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  auto column = [&](const char* name, ColumnType type, std::vector<std::string> levels = {}) {
    Column c;
    c.name = name;
    c.type = type;
    c.levels = std::move(levels);
    c.values.resize(n);
    return c;
  };
  Column x = column("x", ColumnType::Numerical);
  Column earnings = column("earnings", ColumnType::Numerical);
  Column flag = column("flag", ColumnType::Binary, {"0", "1"});
  Column group = column("group", ColumnType::Categorical, {"a", "b", "c"});
  Column t = column("t", ColumnType::Binary, {"0", "1"});
  Column y = column("y", ColumnType::Numerical);
  for (std::size_t i = 0; i < n; ++i) {
    x.values[i] = rng.normal();
    earnings.values[i] = rng.bernoulli(0.3) ? 0.0 : rng.exponential(0.5);
    flag.values[i] = rng.bernoulli(0.4);
    const double g = static_cast<double>(rng.categorical(std::vector<double>{0.3, 0.5, 0.2}));
    group.values[i] = g;
    t.values[i] = rng.bernoulli(0.5);
    y.values[i] = x.values[i] + 0.5 * flag.values[i] + 0.3 * g + t.values[i] + rng.normal();
  }
  Table table;
  table.columns = {x, earnings, flag, group, t, y};
  return table;
}

struct ModelData {
  Encoding encoding;
  Eigen::MatrixXd encoded;
  NetworkShape covariate_shape, outcome_shape;
  TrainingData covariates, outcome;
};

inline ModelData model_data(const Table& table, std::uint64_t seed) {
  ModelData d;
  d.encoding = Encoding::fit(table);
  d.encoded = d.encoding.encode(table);
  const std::vector<int> x_columns = {0, 1, 2, 3};
  const Encoding x_encoding({d.encoding.columns().begin(), d.encoding.columns().begin() + 4});
  const Encoding y_encoding({d.encoding.columns()[5]});
  const RowMatrixF x_input = x_encoding.one_hot(d.encoded.leftCols(4));
  const RowMatrixF treatment = d.encoded.col(4).cast<float>();
  Rng rng(seed);
  const auto n = d.encoded.rows();

  d.covariate_shape.layout = make_head_layout(d.encoding, x_columns, d.encoded, 0.05);
  d.covariate_shape.input_width = x_encoding.one_hot_width();
  d.covariate_shape.condition_width = 1;
  d.covariate_shape.latent = 4;
  d.covariate_shape.hidden = {8};
  d.covariates.input = x_input;
  d.covariates.targets = layout_targets(d.covariate_shape.layout, d.encoded);
  d.covariates.atom_mask = layout_atom_mask(d.covariate_shape.layout, d.encoded);
  d.covariates.treatment = treatment;
  d.covariates.alpha.resize(n, 1);
  for (Eigen::Index i = 0; i < n; ++i) d.covariates.alpha(i, 0) = static_cast<float>(0.3 * rng.normal());
  d.covariates.level_one_hot = discrete_level_one_hot(d.covariate_shape.layout, d.covariates.targets);
  d.covariates.level_alpha.resize(n, d.covariates.level_one_hot.cols());
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index k = 0; k < d.covariates.level_alpha.cols(); ++k)
      d.covariates.level_alpha(i, k) = d.covariates.alpha(i, 0) + static_cast<float>(0.3 * rng.normal());

  d.outcome_shape.layout = make_head_layout(d.encoding, {5}, d.encoded, 0.05);
  d.outcome_shape.input_width = y_encoding.one_hot_width();
  d.outcome_shape.condition_width = x_encoding.one_hot_width() + 1;
  d.outcome_shape.latent = 2;
  d.outcome_shape.hidden = {8};
  d.outcome_shape.arms = 2;
  d.outcome.input = y_encoding.one_hot(d.encoded.col(5));
  d.outcome.targets = layout_targets(d.outcome_shape.layout, d.encoded);
  d.outcome.atom_mask = layout_atom_mask(d.outcome_shape.layout, d.encoded);
  d.outcome.treatment = treatment;
  d.outcome.condition = x_input;
  d.outcome.tau.resize(n, 1);
  d.outcome.kappa.resize(n, 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    d.outcome.tau(i, 0) = static_cast<float>(0.2 + 0.5 * rng.normal());
    d.outcome.kappa(i, 0) = static_cast<float>(0.1 * rng.normal());
  }
  return d;
}

}  // namespace causalmix::vae::testing
