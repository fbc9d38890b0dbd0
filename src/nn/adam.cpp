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
  // One fused pass per parameter over m, v, the value and the gradient (Eigen would make four),
  // in SIMD packets with a scalar tail that uses the same IEEE operations.
  namespace ei = Eigen::internal;
  using Packet = typename ei::packet_traits<S>::type;
  constexpr long kWidth = ei::packet_traits<S>::size;
  const Packet beta1_p = ei::pset1<Packet>(beta1), beta2_p = ei::pset1<Packet>(beta2);
  const Packet one_minus_beta1_p = ei::pset1<Packet>(one_minus_beta1);
  const Packet one_minus_beta2_p = ei::pset1<Packet>(one_minus_beta2);
  const Packet step_size_p = ei::pset1<Packet>(step_size);
  const Packet inverse_p = ei::pset1<Packet>(inverse_bias_correction2_sqrt);
  const Packet epsilon_p = ei::pset1<Packet>(epsilon);
  std::size_t index = 0;
  for (auto& p : *params_) {
    S* m = m_[index].data();
    S* v = v_[index].data();
    S* value = p.value.data();
    S* grad = p.grad.data();
    ++index;
    const long size = p.value.size();
    long k = 0;
    for (; k + kWidth <= size; k += kWidth) {
      const Packet g = ei::ploadu<Packet>(grad + k);
      const Packet mk = ei::padd(ei::pmul(beta1_p, ei::ploadu<Packet>(m + k)), ei::pmul(one_minus_beta1_p, g));
      const Packet vk = ei::padd(ei::pmul(beta2_p, ei::ploadu<Packet>(v + k)),
                                 ei::pmul(one_minus_beta2_p, ei::pmul(g, g)));
      const Packet denominator = ei::padd(ei::pmul(ei::psqrt(vk), inverse_p), epsilon_p);
      ei::pstoreu(m + k, mk);
      ei::pstoreu(v + k, vk);
      ei::pstoreu(value + k, ei::psub(ei::ploadu<Packet>(value + k),
                                      ei::pdiv(ei::pmul(step_size_p, mk), denominator)));
      ei::pstoreu(grad + k, ei::pset1<Packet>(S(0)));
    }
    for (; k < size; ++k) {
      const S g = grad[k];
      m[k] = beta1 * m[k] + one_minus_beta1 * g;
      v[k] = beta2 * v[k] + one_minus_beta2 * (g * g);
      value[k] -= (step_size * m[k]) / (std::sqrt(v[k]) * inverse_bias_correction2_sqrt + epsilon);
      grad[k] = S(0);
    }
  }
}

template class Adam<float>;
template class Adam<double>;

}  // namespace causalmix::nn
