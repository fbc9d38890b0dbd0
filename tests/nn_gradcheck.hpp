// Test helper: compares a graph's backward() against central finite differences of its
// forward(), over every scalar of every parameter, in double precision.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "nn/graph.hpp"

namespace causalmix::nn::testing {

struct GradientCheck {
  double worst_relative_error = 0.0;  // max over scalars of |a − n| / max(|a|, |n|, floor)
  double vector_relative_error = 0.0;  // ‖a − n‖ / max(‖a‖, ‖n‖)
  std::string worst_where;             // "param(i, j)" of the worst scalar
  std::size_t scalars = 0;
};

// `floor` keeps near-zero gradients from turning round-off into huge relative errors: below
// it the check is an absolute one at floor × tolerance.
inline GradientCheck check_gradients(Graph<double>& g, Var loss, ParameterSet<double>& params,
                                     double step = 1e-4, double floor = 1e-2) {
  params.zero_grad();
  g.forward();
  g.backward(loss);
  GradientCheck result;
  double diff2 = 0.0, analytic2 = 0.0, numeric2 = 0.0;
  for (auto& p : params) {
    const Matrix<double> analytic = p.grad;
    for (long i = 0; i < p.value.rows(); ++i)
      for (long j = 0; j < p.value.cols(); ++j) {
        const double x = p.value(i, j);
        auto loss_at = [&](double offset) {
          p.value(i, j) = x + offset;
          g.forward();
          return g.value(loss)(0, 0);
        };
        // Fourth-order central difference: truncation O(h⁴), so h can be large enough that
        // round-off in a loss of size L (about 1e-16·L/h) stays far below the tolerance.
        const double numeric = (8.0 * (loss_at(step) - loss_at(-step)) -
                                (loss_at(2.0 * step) - loss_at(-2.0 * step))) /
                               (12.0 * step);
        p.value(i, j) = x;
        const double a = analytic(i, j);
        const double err =
            std::abs(a - numeric) / std::max({std::abs(a), std::abs(numeric), floor});
        if (!(err <= result.worst_relative_error)) {
          result.worst_relative_error = err;
          result.worst_where = p.name + "(" + std::to_string(i) + ", " + std::to_string(j) + ")";
        }
        diff2 += (a - numeric) * (a - numeric);
        analytic2 += a * a;
        numeric2 += numeric * numeric;
        ++result.scalars;
      }
  }
  result.vector_relative_error = std::sqrt(diff2) / std::max(std::sqrt(std::max(analytic2, numeric2)), 1e-300);
  g.forward();
  return result;
}

}  // namespace causalmix::nn::testing
