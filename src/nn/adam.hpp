// Adam with PyTorch's update rule and defaults (lr 1e-3, betas 0.9/0.999, eps 1e-8).
#pragma once

#include <vector>

#include "nn/graph.hpp"

namespace causalmix::nn {

struct AdamOptions {
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
};

template <class S>
class Adam {
 public:
  Adam(ParameterSet<S>& params, AdamOptions options = {});
  // One update from the accumulated gradients, then zero them.
  void step();
  long steps() const { return step_count_; }

 private:
  ParameterSet<S>* params_;
  AdamOptions options_;
  std::vector<Matrix<S>> m_, v_;
  long step_count_ = 0;
};

}  // namespace causalmix::nn
