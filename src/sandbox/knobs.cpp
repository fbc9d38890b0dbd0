#include "sandbox/knobs.hpp"

#include <cmath>
#include <sstream>

#include "causalmix/error.hpp"

namespace causalmix::sandbox {

double logit(double p) { return std::log(p) - std::log1p(-p); }

CompiledKnobs CompiledKnobs::compile(const Knobs& knobs, const Schema& schema, const std::string& treatment) {
  CompiledKnobs out;
  out.effect_ = Expression::parse(knobs.effect, "effect");
  out.confounding_ = Expression::parse(knobs.confounding, "confounding");
  out.overlap_ = Expression::parse(knobs.overlap, "overlap");
  if (knobs.propensity) out.propensity_ = Expression::parse(*knobs.propensity, "propensity");
  out.effect_.bind(schema, treatment);
  out.confounding_.bind(schema, treatment);
  out.overlap_.bind(schema, treatment);
  if (out.propensity_) out.propensity_->bind(schema, treatment);
  auto refuse_treatment = [&](const Expression& e, const char* what, const char* symbol) {
    if (e.uses_treatment())
      throw Error(std::string(what) + " expression '" + e.text() + "' uses the treatment: " + symbol +
                  " is a function of the covariates X only (only the confounding κ(X,T) may use T)");
  };
  refuse_treatment(out.effect_, "effect", "τ(X)");
  refuse_treatment(out.overlap_, "overlap", "α(X)");
  if (out.propensity_) refuse_treatment(*out.propensity_, "propensity", "e(X)");
  return out;
}

std::vector<std::string> CompiledKnobs::alpha_columns() const {
  return propensity_ ? propensity_->columns() : overlap_.columns();
}

std::vector<double> CompiledKnobs::alpha(const Table& table, const std::string& treatment,
                                         const Standardization& standardization,
                                         std::optional<double> treatment_rate) const {
  if (!propensity_) return overlap_.evaluate(table, treatment, standardization);
  return evaluate(table, treatment, standardization, treatment_rate).alpha;
}

KnobValues CompiledKnobs::evaluate(const Table& table, const std::string& treatment,
                                   const Standardization& standardization,
                                   std::optional<double> treatment_rate) const {
  KnobValues v;
  v.tau = effect_.evaluate(table, treatment, standardization);
  v.kappa = confounding_.evaluate(table, treatment, standardization);
  if (!propensity_) {
    v.alpha = overlap_.evaluate(table, treatment, standardization);
    return v;
  }
  v.propensity = propensity_->evaluate(table, treatment, standardization);
  for (std::size_t i = 0; i < v.propensity.size(); ++i) {
    const double e = v.propensity[i];
    if (!(e > 0.0 && e < 1.0)) {
      std::ostringstream msg;
      msg << "propensity expression '" << propensity_->text() << "' is " << e << " at data row " << i + 1
          << ": a target propensity must lie strictly between 0 and 1";
      throw Error(msg.str());
    }
  }
  if (treatment_rate) {
    const double base = logit(*treatment_rate);
    v.alpha.resize(v.propensity.size());
    for (std::size_t i = 0; i < v.propensity.size(); ++i) v.alpha[i] = base - logit(v.propensity[i]);
  }
  return v;
}

}  // namespace causalmix::sandbox
