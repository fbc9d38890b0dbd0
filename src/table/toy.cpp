// The reference toy table of method.md §8. Draw order per row, from one generator seeded with
// `seed`: X_bin, X_cat, X_exp, X_uniform, X_beta, T, Y0, Y1 (then Y = Y(T)). Potential
// outcomes are drawn for both arms, so a row's covariates do not depend on its treatment.
#include "causalmix/toy.hpp"

#include <array>
#include <cmath>

#include "causalmix/rng.hpp"

namespace causalmix {
namespace {

double sigmoid(double x) {
  // Stable on both sides: exp of a non-positive number only.
  if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

Column make_column(const char* name, ColumnType type, std::vector<std::string> levels, std::size_t n) {
  Column column;
  column.name = name;
  column.type = type;
  column.levels = std::move(levels);
  column.values.reserve(n);
  return column;
}

}  // namespace

Table make_toy_table(std::size_t n, std::uint64_t seed) {
  enum { kBin, kCat, kExp, kUniform, kBeta, kT, kY, kY0, kY1, kMu0, kMu1, kTau, kPropensity };
  Table table;
  const std::vector<std::string> zero_one = {"0", "1"};
  table.columns = {
      make_column("X_bin", ColumnType::Binary, zero_one, n),
      make_column("X_cat", ColumnType::Categorical, {"A", "B", "C"}, n),
      make_column("X_exp", ColumnType::Numerical, {}, n),
      make_column("X_uniform", ColumnType::Numerical, {}, n),
      make_column("X_beta", ColumnType::Numerical, {}, n),
      make_column("T", ColumnType::Binary, zero_one, n),
      make_column("Y", ColumnType::Binary, zero_one, n),
      make_column("Y0", ColumnType::Binary, zero_one, n),
      make_column("Y1", ColumnType::Binary, zero_one, n),
      make_column("mu0", ColumnType::Numerical, {}, n),
      make_column("mu1", ColumnType::Numerical, {}, n),
      make_column("tau", ColumnType::Numerical, {}, n),
      make_column("propensity", ColumnType::Numerical, {}, n),
  };
  Rng rng(seed);
  constexpr double kPropensityValue = 0.5;
  const std::array<double, 3> category_weights = {0.3, 0.5, 0.2};
  for (std::size_t i = 0; i < n; ++i) {
    const double x_bin = rng.bernoulli(0.4) ? 1.0 : 0.0;
    const std::size_t x_cat = rng.categorical(category_weights);
    const double x_exp = rng.exponential(1.0);
    const double x_uniform = rng.uniform(-3.0, 3.0);
    const double x_beta = rng.beta(2.0, 5.0);
    const double t = rng.bernoulli(kPropensityValue) ? 1.0 : 0.0;
    const double logit0 = 0.5 * x_bin - 0.3 * x_exp + 0.2 * x_uniform + 0.4 * x_beta +
                          (x_cat == 1 ? 0.6 : 0.0) - (x_cat == 2 ? 0.2 : 0.0);
    const double mu0 = sigmoid(logit0);
    const double mu1 = sigmoid(logit0 + 0.5);
    const double y0 = rng.bernoulli(mu0) ? 1.0 : 0.0;
    const double y1 = rng.bernoulli(mu1) ? 1.0 : 0.0;
    const double row[] = {x_bin, static_cast<double>(x_cat), x_exp, x_uniform, x_beta, t,
                          t == 1.0 ? y1 : y0, y0, y1, mu0, mu1, mu1 - mu0, kPropensityValue};
    for (int j = kBin; j <= kPropensity; ++j) table.columns[static_cast<std::size_t>(j)].values.push_back(row[j]);
  }
  return table;
}

}  // namespace causalmix
