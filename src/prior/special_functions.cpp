#include "prior/special_functions.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace causalmix::prior {
namespace {

// Below this the recurrences shift the argument up; above it the asymptotic series (with
// the terms below) is accurate to about 1e-16 relative.
constexpr double kAsymptoticFrom = 10.0;

}  // namespace

double log_gamma(double x) {
  if (!(x > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  // ln Γ(x) = ln Γ(x + m) − ln(x (x+1) … (x+m−1)).
  double shift = 0.0;
  double product = 1.0;
  while (x < kAsymptoticFrom) {
    product *= x;
    x += 1.0;
    if (product > 1e250) {  // keep the product finite for tiny x
      shift += std::log(product);
      product = 1.0;
    }
  }
  shift += std::log(product);
  // Stirling's series with Bernoulli-number coefficients B₂ₙ / (2n (2n − 1)).
  const double inverse = 1.0 / x;
  const double inverse_square = inverse * inverse;
  const double series =
      inverse *
      (1.0 / 12.0 +
       inverse_square *
           (-1.0 / 360.0 +
            inverse_square *
                (1.0 / 1260.0 +
                 inverse_square *
                     (-1.0 / 1680.0 +
                      inverse_square *
                          (1.0 / 1188.0 +
                           inverse_square * (-691.0 / 360360.0 + inverse_square * (1.0 / 156.0)))))));
  return (x - 0.5) * std::log(x) - x + 0.5 * std::log(2.0 * std::numbers::pi) + series - shift;
}

double digamma(double x) {
  if (!(x > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  // ψ(x) = ψ(x + 1) − 1/x.
  double result = 0.0;
  while (x < kAsymptoticFrom) {
    result -= 1.0 / x;
    x += 1.0;
  }
  const double inverse_square = 1.0 / (x * x);
  const double series =
      inverse_square *
      (1.0 / 12.0 -
       inverse_square *
           (1.0 / 120.0 -
            inverse_square *
                (1.0 / 252.0 -
                 inverse_square *
                     (1.0 / 240.0 -
                      inverse_square * (1.0 / 132.0 - inverse_square * (691.0 / 32760.0))))));
  return result + std::log(x) - 0.5 / x - series;
}

double log_beta(double a, double b) { return log_gamma(a) + log_gamma(b) - log_gamma(a + b); }

}  // namespace causalmix::prior
