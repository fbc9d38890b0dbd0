// Sandbox: accessors, the fit summary, and the knob targets on generated rows.
#include <iomanip>
#include <sstream>

#include "causalmix/error.hpp"
#include "sandbox/state.hpp"

namespace causalmix {

const char* to_string(Prior prior) { return prior == Prior::Mixture ? "mixture" : "normal"; }

Prior parse_prior(const std::string& text) {
  if (text == "mixture") return Prior::Mixture;
  if (text == "normal") return Prior::Normal;
  throw Error("unknown prior '" + text + "' (expected mixture or normal)");
}

Sandbox::Sandbox(std::unique_ptr<State> state) : state_(std::move(state)) {}
Sandbox::Sandbox(Sandbox&&) noexcept = default;
Sandbox& Sandbox::operator=(Sandbox&&) noexcept = default;
Sandbox::~Sandbox() = default;

const std::string& Sandbox::treatment() const { return state_->treatment; }
const std::string& Sandbox::outcome() const { return state_->outcome; }
const Knobs& Sandbox::knobs() const { return state_->knobs; }
const FitOptions& Sandbox::options() const { return state_->options; }
double Sandbox::treatment_rate() const { return state_->treatment_rate; }
std::vector<std::string> Sandbox::warnings() const { return state_->warnings; }

Schema Sandbox::schema() const {
  Schema out;
  for (const auto& c : state_->encoding.columns()) out.push_back(c.spec);
  return out;
}

CausalTargets Sandbox::targets(const Table& generated) const {
  const State& s = *state_;
  auto values = s.compiled_knobs.evaluate(generated, s.treatment, s.standardization, s.treatment_rate);
  return CausalTargets{std::move(values.tau), std::move(values.kappa), std::move(values.alpha)};
}

std::string Sandbox::summary() const {
  const State& s = *state_;
  std::ostringstream out;
  out << std::setprecision(4);
  out << "sandbox: " << s.covariates.size() << " covariates, treatment '" << s.treatment << "' (rate "
      << s.treatment_rate << "), outcome '" << s.outcome << "'\n";
  out << "  knobs: effect = " << s.knobs.effect << "; confounding = " << s.knobs.confounding << "; ";
  if (s.knobs.propensity)
    out << "propensity = " << *s.knobs.propensity;
  else
    out << "overlap = " << s.knobs.overlap;
  out << "  (E[exp(alpha) | T=1] = " << s.attained_exp_alpha << ")\n";
  out << "  rows: " << s.training_rows << " training, " << s.validation_rows << " validation\n";
  for (const auto* m : {&s.covariate_model, &s.outcome_model}) {
    const auto& t = m->training;
    out << "  " << (m == &s.covariate_model ? "covariate model" : "outcome model  ") << ": " << t.history.size()
        << " epochs, best " << t.best_epoch << " (validation loss " << t.initial_validation_loss << " -> "
        << t.best_validation_loss << "), latent " << m->shape.latent << ", mixture of "
        << m->mixture.components() << " (";
    int used = 0;
    for (int k = 0; k < m->mixture.components(); ++k) used += m->mixture.weights(k) > 0.01;
    out << used << " with weight > 1%)\n";
  }
  for (const auto& w : s.warnings) out << "  warning: " << w << "\n";
  return out.str();
}

}  // namespace causalmix
