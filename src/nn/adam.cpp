// Adam exactly as torch.optim.Adam (single-tensor path, no weight decay, no amsgrad):
//   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
//   p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε).
#include "nn/adam.hpp"

#include <cmath>
#include <string>

#include "causalmix/error.hpp"

namespace causalmix::nn {

template <class S>
Adam<S>::Adam(ParameterSet<S>& params, AdamOptions options) : params_(&params), options_(options) {
  if (!(options.learning_rate > 0.0) || !(options.beta1 >= 0.0 && options.beta1 < 1.0) ||
      !(options.beta2 >= 0.0 && options.beta2 < 1.0) || !(options.epsilon >= 0.0))
    throw Error("nn::Adam: invalid options (need lr > 0, 0 ≤ β < 1, ε ≥ 0)");
  for (const auto& p : params) {
    m_.push_back(Matrix<S>::Zero(p.value.rows(), p.value.cols()));
    v_.push_back(Matrix<S>::Zero(p.value.rows(), p.value.cols()));
  }
}

template <class S>
void Adam<S>::step() {
  if (params_->size() != m_.size())
    throw Error("nn::Adam::step: the parameter set has " + std::to_string(params_->size()) +
                " parameters, the optimiser was built for " + std::to_string(m_.size()));
  ++step_count_;
  // Step scalars in double (as PyTorch computes them in Python floats), applied in S.
  const double t = static_cast<double>(step_count_);
  const double bias_correction1 = 1.0 - std::pow(options_.beta1, t);
  const double bias_correction2 = 1.0 - std::pow(options_.beta2, t);
  const S step_size = static_cast<S>(options_.learning_rate / bias_correction1);
  // PyTorch divides √v by √(1−β₂ᵗ); we multiply by its reciprocal (one division fewer per
  // scalar, a difference in the last bit at most).
  const S inverse_bias_correction2_sqrt = static_cast<S>(1.0 / std::sqrt(bias_correction2));
  const S beta1 = static_cast<S>(options_.beta1), beta2 = static_cast<S>(options_.beta2);
  const S one_minus_beta1 = static_cast<S>(1.0 - options_.beta1);
  const S one_minus_beta2 = static_cast<S>(1.0 - options_.beta2);
  const S epsilon = static_cast<S>(options_.epsilon);
  std::size_t k = 0;
  for (auto& p : *params_) {
    auto m = m_[k].array();
    auto v = v_[k].array();
    const auto g = p.grad.array();
    ++k;
    m = beta1 * m + one_minus_beta1 * g;
    v = beta2 * v + one_minus_beta2 * g * g;
    p.value.array() -= step_size * m / (v.sqrt() * inverse_bias_correction2_sqrt + epsilon);
    p.grad.setZero();
  }
}

template class Adam<float>;
template class Adam<double>;

}  // namespace causalmix::nn
