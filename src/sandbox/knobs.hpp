// The three causal controls compiled from their expressions and checked against the
// schema: evaluated once per training row before training, and on generated rows to judge.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "causalmix/expr.hpp"
#include "causalmix/sandbox.hpp"

namespace causalmix::sandbox {

struct KnobValues {
  std::vector<double> tau, kappa, alpha;  // outcome units; α as a log density ratio
  std::vector<double> propensity;         // e(x), only in the propensity form
};

class CompiledKnobs {
 public:
  // Parses and binds every expression; τ, α and e(x) must not use T.
  static CompiledKnobs compile(const Knobs& knobs, const Schema& schema, const std::string& treatment);

  // α in the propensity form needs the treatment rate p̂ (α = logit p̂ − logit e); pass
  // nullopt on the training table to get e(x) only (α then left empty).
  KnobValues evaluate(const Table& table, const std::string& treatment, const Standardization& standardization,
                      std::optional<double> treatment_rate) const;

  // α alone (same rules as evaluate); and the columns it depends on.
  std::vector<double> alpha(const Table& table, const std::string& treatment, const Standardization& standardization,
                            std::optional<double> treatment_rate) const;
  std::vector<std::string> alpha_columns() const;

  bool propensity_form() const { return propensity_.has_value(); }

 private:
  Expression effect_, confounding_, overlap_;
  std::optional<Expression> propensity_;
};

double logit(double p);

}  // namespace causalmix::sandbox
