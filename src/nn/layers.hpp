// Layers over Graph: Linear with PyTorch's default initialisation, and a LeakyReLU MLP.
#pragma once

#include <string>
#include <vector>

#include "causalmix/rng.hpp"
#include "nn/graph.hpp"

namespace causalmix::nn {

// y = x·W + b with W (in × out), b (1 × out), both uniform(±1/√in) as torch.nn.Linear.
template <class S>
struct Linear {
  Parameter<S>* weight = nullptr;
  Parameter<S>* bias = nullptr;
  int in = 0, out = 0;

  static Linear create(ParameterSet<S>& params, const std::string& name, int in, int out, Rng& rng);
  Var apply(Graph<S>& g, Var x) const { return g.linear(x, *weight, *bias); }
};

// Linear layers of sizes in → sizes[0] → … → sizes.back(), LeakyReLU(slope) after each.
template <class S>
struct Mlp {
  std::vector<Linear<S>> layers;
  S slope = S(0.01);

  static Mlp create(ParameterSet<S>& params, const std::string& name, int in,
                    const std::vector<int>& sizes, Rng& rng, S slope = S(0.01));
  Var apply(Graph<S>& g, Var x) const;
  int out() const { return layers.empty() ? 0 : layers.back().out; }
};

}  // namespace causalmix::nn
