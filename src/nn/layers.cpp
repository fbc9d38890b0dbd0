// Linear and MLP construction with PyTorch's default initialisation, drawn from our Rng so
// that a seed gives the same weights everywhere.
#include "nn/layers.hpp"

#include <cmath>

#include "causalmix/error.hpp"

namespace causalmix::nn {

template <class S>
Linear<S> Linear<S>::create(ParameterSet<S>& params, const std::string& name, int in, int out,
                            Rng& rng) {
  if (in <= 0 || out <= 0)
    throw Error("nn::Linear::create: layer '" + name + "' needs positive sizes, got " +
                std::to_string(in) + " → " + std::to_string(out));
  Linear layer;
  layer.in = in;
  layer.out = out;
  layer.weight = &params.add(name + ".weight", in, out);
  layer.bias = &params.add(name + ".bias", 1, out);
  // torch.nn.Linear: kaiming_uniform(a = √5) for W reduces to U(±1/√fan_in), and the bias
  // uses the same bound. Weights first (row-major), then the bias.
  const double bound = 1.0 / std::sqrt(static_cast<double>(in));
  for (int i = 0; i < in; ++i)
    for (int j = 0; j < out; ++j) (*layer.weight).value(i, j) = static_cast<S>(rng.uniform(-bound, bound));
  for (int j = 0; j < out; ++j) layer.bias->value(0, j) = static_cast<S>(rng.uniform(-bound, bound));
  return layer;
}

template <class S>
Mlp<S> Mlp<S>::create(ParameterSet<S>& params, const std::string& name, int in,
                      const std::vector<int>& sizes, Rng& rng, S slope) {
  Mlp mlp;
  mlp.slope = slope;
  int width = in;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    mlp.layers.push_back(
        Linear<S>::create(params, name + "." + std::to_string(k), width, sizes[k], rng));
    width = sizes[k];
  }
  return mlp;
}

template <class S>
Var Mlp<S>::apply(Graph<S>& g, Var x) const {
  for (const auto& layer : layers) x = g.leaky_relu(layer.apply(g, x), slope);
  return x;
}

template struct Linear<float>;
template struct Linear<double>;
template struct Mlp<float>;
template struct Mlp<double>;

}  // namespace causalmix::nn
