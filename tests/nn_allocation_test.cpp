// Steady-state training steps (forward, backward, Adam) allocate nothing on the heap.
//
// Method: this file interposes the C allocation functions (malloc, calloc, realloc,
// aligned_alloc, posix_memalign, memalign) for the whole test program and counts calls.
// Counting malloc rather than operator new matters: Eigen allocates matrices with malloc
// directly, and operator new ends in malloc too. Under AddressSanitizer the sanitizer owns
// these symbols, so the interposition is compiled out and the test is skipped.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdlib>

#include "causalmix/rng.hpp"
#include "nn/adam.hpp"
#include "nn/graph.hpp"
#include "nn/layers.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define CMX_COUNTS_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CMX_COUNTS_ALLOCATIONS 0
#endif
#endif
#if !defined(CMX_COUNTS_ALLOCATIONS) && defined(__GLIBC__)
#define CMX_COUNTS_ALLOCATIONS 1
#endif
#if !defined(CMX_COUNTS_ALLOCATIONS)
#define CMX_COUNTS_ALLOCATIONS 0
#endif

namespace {
std::atomic<long> allocation_count{0};
[[maybe_unused]] void count_allocation() { allocation_count.fetch_add(1, std::memory_order_relaxed); }
}  // namespace

#if CMX_COUNTS_ALLOCATIONS
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);

void* malloc(std::size_t size) noexcept {
  count_allocation();
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
  count_allocation();
  return __libc_calloc(count, size);
}
void* realloc(void* pointer, std::size_t size) noexcept {
  count_allocation();
  return __libc_realloc(pointer, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  count_allocation();
  return __libc_memalign(alignment, size);
}
void* memalign(std::size_t alignment, std::size_t size) noexcept {
  count_allocation();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  count_allocation();
  *out = __libc_memalign(alignment, size);
  return *out ? 0 : 12;  // ENOMEM
}
}
#endif

namespace causalmix::nn {
namespace {

void escape(void* p) { asm volatile("" : : "g"(p) : "memory"); }

// An encoder/decoder step touching every op kind: matmul, linear, broadcasting, LeakyReLU,
// sigmoid, tanh, softplus, exp, log, square, slice, concat, blend, every reduction and
// every loss.
struct Step {
  ParameterSet<float> params;
  Graph<float> g;
  Var y, t, eps, codes, target, loss;
  Adam<float>* adam = nullptr;

  explicit Step(int rows) {
    Rng rng(9);
    auto encoder = Mlp<float>::create(params, "encoder", 20, {64}, rng);
    auto mu_head = Linear<float>::create(params, "mu", 64, 20, rng);
    auto logvar_head = Linear<float>::create(params, "logvar", 64, 20, rng);
    auto decoder = Mlp<float>::create(params, "decoder", 21, {64}, rng);
    auto heads = Linear<float>::create(params, "heads", 64, 44, rng);
    auto& scale_param = params.add("scale", 64, 1);
    scale_param.value.setConstant(0.1f);
    y = g.input(rows, 20);
    t = g.input(rows, 1);
    eps = g.input(rows, 20);
    codes = g.input(rows, 1);
    target = g.input(rows, 1);
    Var h = encoder.apply(g, y);
    Var mu = mu_head.apply(g, h), logvar = logvar_head.apply(g, h);
    Var z = g.add(mu, g.mul(g.exp(g.scale(logvar, 0.5f)), eps));
    Var d = decoder.apply(g, g.concat_cols({z, t}));
    Var out = heads.apply(g, d);
    Var mean0 = g.sigmoid(g.slice_cols(out, 0, 20)), mean1 = g.softplus(g.slice_cols(out, 20, 20));
    Var mean = g.blend(t, mean1, mean0);
    Var logvar_out = g.scale(g.tanh(g.slice_cols(out, 0, 20)), 5.0f);
    Var nll = g.sum_all(g.mean_rows(g.gaussian_nll(y, mean, logvar_out)));
    Var ce = g.mean_all(g.softmax_cross_entropy(g.slice_cols(out, 40, 3), codes));
    Var bce = g.mean_all(g.bce_with_logits(g.slice_cols(out, 43, 1), t));
    Var tau = g.div(g.matmul(d, g.param(scale_param)), g.add_scalar(g.square(t), 1.0f));
    Var constraint = g.add(g.mean_all(g.smooth_l1(tau, target, 1.0f)), g.sum_all(g.var_rows(tau)));
    Var row_terms = g.mean_all(g.log(g.add_scalar(g.square(g.sum_cols(mean)), 1.0f)));
    Var kl = g.scale(g.sum_all(g.add_scalar(g.sub(g.sub(logvar, g.square(mu)), g.exp(logvar)), 1.0f)),
                     -0.5f / static_cast<float>(rows));
    loss = g.add(g.add(g.add(nll, ce), g.add(bce, constraint)),
                 g.add(g.sub(row_terms, g.leaky_relu(kl, 0.01f)), g.sum_all(g.sub(tau, g.sum_rows(tau)))));
    for (int i = 0; i < rows; ++i) {
      for (int j = 0; j < 20; ++j) {
        g.value(y)(i, j) = static_cast<float>(rng.uniform());
        g.value(eps)(i, j) = static_cast<float>(rng.normal());
      }
      g.value(t)(i, 0) = static_cast<float>(i % 2);
      g.value(codes)(i, 0) = static_cast<float>(i % 3);
      g.value(target)(i, 0) = static_cast<float>(rng.normal());
    }
  }
  void run() {
    g.forward();
    g.backward(loss);
    adam->step();
  }
};

TEST(NnAllocation, CounterSeesEigenAndStandardAllocations) {
  if (!CMX_COUNTS_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under sanitizers";
  const long before = allocation_count.load();
  {
    Matrix<float> m(40, 40);
    escape(m.data());
  }
  const long after_eigen = allocation_count.load();
  EXPECT_GT(after_eigen, before);
  {
    auto* p = new std::vector<int>(100);
    escape(p->data());
    delete p;
  }
  EXPECT_GT(allocation_count.load(), after_eigen);
}

TEST(NnAllocation, TrainingStepsAllocateNothingAtBatch10And256) {
  if (!CMX_COUNTS_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under sanitizers";
  for (int rows : {10, 256}) {
    SCOPED_TRACE("batch " + std::to_string(rows));
    Step step(rows);
    Adam<float> adam(step.params);
    step.adam = &adam;
    const long before = allocation_count.load();
    for (int k = 0; k < 5; ++k) step.run();  // the first step included
    EXPECT_EQ(allocation_count.load() - before, 0);
    EXPECT_TRUE(std::isfinite(step.g.value(step.loss)(0, 0)));
    EXPECT_EQ(adam.steps(), 5);
  }
}

}  // namespace
}  // namespace causalmix::nn
