#include "causalmix/rng.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace causalmix {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

inline std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(std::uint64_t seed) : seed_(seed) {
  std::uint64_t x = seed;
  for (auto& s : state_) s = splitmix64(x);
}

Rng Rng::derive(std::uint64_t stream) const {
  // Mix the parent seed and the stream index through two splitmix rounds so that nearby
  // (seed, stream) pairs give unrelated children.
  std::uint64_t x = seed_ ^ 0xD1B54A32D192ED03ULL;
  std::uint64_t a = splitmix64(x);
  std::uint64_t y = stream ^ a;
  return Rng(splitmix64(y) ^ rotl(a, 17));
}

std::uint64_t Rng::next_u64() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

std::uint64_t Rng::uniform_int(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("Rng::uniform_int: n must be positive");
  // Rejection on the top of the range keeps the draw exactly uniform.
  const std::uint64_t limit = (~std::uint64_t{0}) - ((~std::uint64_t{0}) % n);
  std::uint64_t x;
  do {
    x = next_u64();
  } while (x >= limit);
  return x % n;
}

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  double u1;
  do {
    u1 = uniform();
  } while (u1 <= 0.0);
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double theta = 2.0 * std::numbers::pi * u2;
  spare_normal_ = r * std::sin(theta);
  has_spare_ = true;
  return r * std::cos(theta);
}

double Rng::exponential(double rate) {
  double u;
  do {
    u = uniform();
  } while (u <= 0.0);
  return -std::log(u) / rate;
}

double Rng::gamma(double shape, double scale) {
  if (shape <= 0.0) throw std::invalid_argument("Rng::gamma: shape must be positive");
  if (shape < 1.0) {
    // Boost to shape + 1 and correct with U^(1/shape).
    double u;
    do {
      u = uniform();
    } while (u <= 0.0);
    return gamma(shape + 1.0, scale) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v * scale;
    if (u > 0.0 && std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v * scale;
  }
}

double Rng::beta(double a, double b) {
  const double x = gamma(a);
  const double y = gamma(b);
  return x / (x + y);
}

bool Rng::bernoulli(double p) { return uniform() < p; }

std::size_t Rng::categorical(std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) total += w;
  if (!(total > 0.0)) throw std::invalid_argument("Rng::categorical: weights must not all be zero");
  double u = uniform() * total;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    if (u < weights[k]) return k;
    u -= weights[k];
  }
  // Rounding can leave u just above the last weight: return the last positive one.
  for (std::size_t k = weights.size(); k-- > 0;)
    if (weights[k] > 0.0) return k;
  return weights.size() - 1;
}

std::size_t Rng::binomial(std::size_t n, double p) {
  if (p <= 0.0) return 0;
  if (p >= 1.0) return n;
  // Exact inversion by counting Bernoulli trials: n here is a sample size (thousands at
  // most per call in practice), and exactness matters more than speed.
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) k += bernoulli(p);
  return k;
}

std::vector<std::size_t> Rng::multinomial(std::size_t n, std::span<const double> weights) {
  std::vector<std::size_t> counts(weights.size(), 0);
  double remaining_weight = 0.0;
  for (double w : weights) remaining_weight += w;
  std::size_t remaining = n;
  for (std::size_t k = 0; k + 1 < weights.size() && remaining > 0; ++k) {
    const double p = remaining_weight > 0.0 ? weights[k] / remaining_weight : 0.0;
    counts[k] = binomial(remaining, std::min(1.0, std::max(0.0, p)));
    remaining -= counts[k];
    remaining_weight -= weights[k];
  }
  if (!weights.empty()) counts.back() += remaining;
  return counts;
}

}  // namespace causalmix
