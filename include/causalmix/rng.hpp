// The one random-number generator of causalmix: xoshiro256** seeded through splitmix64,
// with our own distributions so that a seed gives the same numbers on every platform.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace causalmix {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);

  // An independent stream for a sub-task (thread, replicate, restart), derived from this
  // generator's seed and `stream` only: it does not depend on how many numbers were drawn.
  Rng derive(std::uint64_t stream) const;
  std::uint64_t seed() const { return seed_; }

  std::uint64_t next_u64();
  double uniform();                          // [0, 1), 53 random bits
  double uniform(double lo, double hi);      // [lo, hi)
  std::uint64_t uniform_int(std::uint64_t n);  // {0, …, n−1}, unbiased
  double normal();                           // standard normal (Box–Muller, both values used)
  double normal(double mean, double sd) { return mean + sd * normal(); }
  double exponential(double rate = 1.0);
  double gamma(double shape, double scale = 1.0);  // Marsaglia–Tsang
  double beta(double a, double b);
  bool bernoulli(double p);
  // Index drawn with probabilities proportional to `weights` (non-negative, not all zero).
  std::size_t categorical(std::span<const double> weights);
  // Counts of n draws over the categories (sequential binomials), sums to n.
  std::vector<std::size_t> multinomial(std::size_t n, std::span<const double> weights);
  std::size_t binomial(std::size_t n, double p);

  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = uniform_int(i);
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  std::uint64_t seed_;
  std::uint64_t state_[4];
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace causalmix
