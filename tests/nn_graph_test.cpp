// The tape's ops: values against direct formulas, gradients against finite differences
// (every op, every broadcast shape), stability at |x| = 1000, and shape errors.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>

#include "causalmix/error.hpp"
#include "causalmix/rng.hpp"
#include "nn/graph.hpp"
#include "nn_gradcheck.hpp"

namespace causalmix::nn {
namespace {

using MatD = Matrix<double>;

// A graph in double whose operands are parameters with random values, reduced to a scalar
// through random weights so that every output element gets a distinct upstream gradient.
struct OpCase {
  ParameterSet<double> params;
  Graph<double> g;
  Rng rng{20240917};
  int next = 0;

  // Values uniform in [lo, hi]; with `away_from_zero`, magnitudes in [lo, hi] and random sign.
  Var p(int rows, int cols, double lo = -1.0, double hi = 1.0, bool away_from_zero = false) {
    auto& q = params.add("p" + std::to_string(next++), rows, cols);
    for (long k = 0; k < q.value.size(); ++k) {
      double v = rng.uniform(lo, hi);
      if (away_from_zero && rng.bernoulli(0.5)) v = -v;
      q.value.data()[k] = v;
    }
    return g.param(q);
  }
  Var weighted_sum(Var out) {
    MatD w(g.rows(out), g.cols(out));
    for (long k = 0; k < w.size(); ++k) w.data()[k] = rng.uniform(-2.0, 2.0);
    return g.sum_all(g.mul(out, g.constant(w)));
  }
  testing::GradientCheck check(Var out) {
    Var loss = weighted_sum(out);
    return testing::check_gradients(g, loss, params);
  }
};

#define EXPECT_GRADIENTS_MATCH(check_result)                                        \
  do {                                                                               \
    const auto r_ = (check_result);                                                  \
    EXPECT_GT(r_.scalars, 0u);                                                       \
    EXPECT_LT(r_.worst_relative_error, 1e-6) << "worst at " << r_.worst_where;       \
    EXPECT_LT(r_.vector_relative_error, 1e-6);                                       \
  } while (0)

TEST(NnGraphGradients, MatMulAndLinear) {
  {
    OpCase c;
    EXPECT_GRADIENTS_MATCH(c.check(c.g.matmul(c.p(4, 3), c.p(3, 5))));
  }
  {
    OpCase c;
    auto& w = c.params.add("w", 3, 5);
    auto& b = c.params.add("b", 1, 5);
    w.value = MatD::Random(3, 5);
    b.value = MatD::Random(1, 5);
    EXPECT_GRADIENTS_MATCH(c.check(c.g.linear(c.p(4, 3), w, b)));
  }
}

TEST(NnGraphGradients, ElementwiseBinaryOpsInEveryBroadcastShape) {
  const int r = 4, k = 3;
  const std::pair<int, int> shapes[] = {{r, k}, {1, k}, {r, 1}, {1, 1}};
  for (int op = 0; op < 4; ++op)
    for (auto [br, bc] : shapes) {
      SCOPED_TRACE("op " + std::to_string(op) + ", b " + std::to_string(br) + "×" + std::to_string(bc));
      OpCase c;
      Var a = c.p(r, k);
      Var b = op == 3 ? c.p(br, bc, 0.5, 2.0, true) : c.p(br, bc);  // divisor away from 0
      Var out = op == 0 ? c.g.add(a, b) : op == 1 ? c.g.sub(a, b) : op == 2 ? c.g.mul(a, b) : c.g.div(a, b);
      EXPECT_GRADIENTS_MATCH(c.check(out));
    }
}

TEST(NnGraphGradients, SameNodeAsBothOperandsAccumulates) {
  OpCase c;
  Var a = c.p(3, 2);
  EXPECT_GRADIENTS_MATCH(c.check(c.g.mul(a, a)));
}

TEST(NnGraphGradients, ElementwiseUnaryOps) {
  using Build = std::function<Var(OpCase&)>;
  const std::pair<const char*, Build> cases[] = {
      {"scale", [](OpCase& c) { return c.g.scale(c.p(3, 4), -1.7); }},
      {"add_scalar", [](OpCase& c) { return c.g.add_scalar(c.p(3, 4), 0.3); }},
      {"leaky_relu", [](OpCase& c) { return c.g.leaky_relu(c.p(3, 4, 0.05, 2.0, true), 0.01); }},
      {"sigmoid", [](OpCase& c) { return c.g.sigmoid(c.p(3, 4, -4.0, 4.0)); }},
      {"tanh", [](OpCase& c) { return c.g.tanh(c.p(3, 4, -2.0, 2.0)); }},
      {"softplus", [](OpCase& c) { return c.g.softplus(c.p(3, 4, -5.0, 5.0)); }},
      {"exp", [](OpCase& c) { return c.g.exp(c.p(3, 4, -2.0, 2.0)); }},
      {"log", [](OpCase& c) { return c.g.log(c.p(3, 4, 0.2, 3.0)); }},
      {"square", [](OpCase& c) { return c.g.square(c.p(3, 4, -2.0, 2.0)); }},
  };
  for (const auto& [name, build] : cases) {
    SCOPED_TRACE(name);
    OpCase c;
    EXPECT_GRADIENTS_MATCH(c.check(build(c)));
  }
}

TEST(NnGraphGradients, ShapeOps) {
  {
    OpCase c;
    EXPECT_GRADIENTS_MATCH(c.check(c.g.slice_cols(c.p(3, 5), 1, 3)));
  }
  {
    OpCase c;  // a constant part in the middle gets no gradient but shifts the offsets
    Var fixed = c.g.constant(MatD::Random(3, 2));
    EXPECT_GRADIENTS_MATCH(c.check(c.g.concat_cols({c.p(3, 1), fixed, c.p(3, 4)})));
  }
  {
    OpCase c;  // soft t in (0, 1) so that its own gradient is checked too
    Var t = c.p(4, 1, 0.1, 0.9);
    EXPECT_GRADIENTS_MATCH(c.check(c.g.blend(t, c.p(4, 3), c.p(4, 3))));
  }
}

TEST(NnGraphGradients, Reductions) {
  using Build = std::function<Var(OpCase&)>;
  const std::pair<const char*, Build> cases[] = {
      {"sum_rows", [](OpCase& c) { return c.g.sum_rows(c.p(5, 3)); }},
      {"mean_rows", [](OpCase& c) { return c.g.mean_rows(c.p(5, 3)); }},
      {"sum_cols", [](OpCase& c) { return c.g.sum_cols(c.p(5, 3)); }},
      {"sum_all", [](OpCase& c) { return c.g.sum_all(c.p(5, 3)); }},
      {"mean_all", [](OpCase& c) { return c.g.mean_all(c.p(5, 3)); }},
      {"var_rows", [](OpCase& c) { return c.g.var_rows(c.p(5, 3)); }},
  };
  for (const auto& [name, build] : cases) {
    SCOPED_TRACE(name);
    OpCase c;
    EXPECT_GRADIENTS_MATCH(c.check(build(c)));
  }
}

TEST(NnGraphGradients, Losses) {
  {
    OpCase c;
    Var codes = c.g.input(5, 1);
    c.g.value(codes) << 0, 2, 1, 3, 2;
    EXPECT_GRADIENTS_MATCH(c.check(c.g.softmax_cross_entropy(c.p(5, 4, -3.0, 3.0), codes)));
  }
  {
    OpCase c;
    EXPECT_GRADIENTS_MATCH(c.check(c.g.log_softmax(c.p(5, 4, -3.0, 3.0))));
  }
  {
    OpCase c;  // soft targets as parameters: their gradient −x is checked too
    EXPECT_GRADIENTS_MATCH(c.check(c.g.bce_with_logits(c.p(4, 3, -4.0, 4.0), c.p(4, 3, 0.0, 1.0))));
  }
  {
    OpCase c;
    EXPECT_GRADIENTS_MATCH(
        c.check(c.g.gaussian_nll(c.p(4, 3, -2.0, 2.0), c.p(4, 3, -2.0, 2.0), c.p(4, 3, -3.0, 3.0))));
  }
  for (double beta : {1.0, 0.4}) {
    SCOPED_TRACE("smooth_l1 beta " + std::to_string(beta));
    OpCase c;
    // Differences on both sides of β, none within 0.05 of the kink or of 0.
    Var a = c.p(4, 3, 0.0, 0.0);
    Var b = c.p(4, 3, 0.0, 0.0);
    const double diffs[] = {-2.1, -0.8 * beta, -0.3 * beta, 0.25 * beta, 0.7 * beta, 1.6,
                            3.0, -1.5, 0.5 * beta, -0.6 * beta, 2.2, 0.9 * beta};
    for (long k = 0; k < 12; ++k) {
      c.g.value(b).data()[k] = c.rng.uniform(-1.0, 1.0);
      c.g.value(a).data()[k] = c.g.value(b).data()[k] + diffs[k];
    }
    EXPECT_GRADIENTS_MATCH(c.check(c.g.smooth_l1(a, b, beta)));
  }
}

TEST(NnGraphValues, OpsMatchDirectFormulas) {
  Graph<double> g;
  Var x = g.input(2, 3);
  g.value(x) << 1.0, -2.0, 0.5, 3.0, 0.0, -1.0;
  Var row = g.input(1, 3);
  g.value(row) << 10.0, 20.0, 30.0;
  Var col = g.input(2, 1);
  g.value(col) << 2.0, 4.0;
  Var t = g.input(2, 1);
  g.value(t) << 1.0, 0.0;
  Var codes = g.input(2, 1);
  g.value(codes) << 2.0, 0.0;

  Var add_row = g.add(x, row);
  Var div_col = g.div(x, col);
  Var blended = g.blend(t, x, g.scale(x, -1.0));
  Var sliced = g.slice_cols(x, 1, 2);
  Var joined = g.concat_cols({col, x});
  Var sums = g.sum_cols(x);
  Var means = g.mean_rows(x);
  Var variance = g.var_rows(x);
  Var lrelu = g.leaky_relu(x, 0.1);
  Var ce = g.softmax_cross_entropy(x, codes);
  Var log_probs = g.log_softmax(x);
  Var nll = g.gaussian_nll(x, g.scale(x, 0.5), g.constant(MatD::Constant(2, 3, 4.0)));
  Var sl1 = g.smooth_l1(x, g.constant(MatD::Zero(2, 3)), 1.0);
  Var mean = g.mean_all(x);
  g.forward();

  EXPECT_DOUBLE_EQ(g.value(add_row)(1, 2), 29.0);
  EXPECT_DOUBLE_EQ(g.value(div_col)(1, 0), 0.75);
  EXPECT_DOUBLE_EQ(g.value(blended)(0, 1), -2.0);
  EXPECT_DOUBLE_EQ(g.value(blended)(1, 0), -3.0);
  EXPECT_EQ(g.cols(sliced), 2);
  EXPECT_DOUBLE_EQ(g.value(sliced)(1, 1), -1.0);
  EXPECT_DOUBLE_EQ(g.value(joined)(1, 0), 4.0);
  EXPECT_DOUBLE_EQ(g.value(joined)(1, 1), 3.0);
  EXPECT_DOUBLE_EQ(g.value(sums)(0, 0), -0.5);
  EXPECT_DOUBLE_EQ(g.value(means)(0, 1), -1.0);
  EXPECT_DOUBLE_EQ(g.value(variance)(0, 0), 1.0);   // values 1, 3: mean 2, population var 1
  EXPECT_DOUBLE_EQ(g.value(variance)(0, 2), 0.5625);  // 0.5, −1: mean −0.25
  EXPECT_DOUBLE_EQ(g.value(lrelu)(0, 1), -0.2);
  EXPECT_DOUBLE_EQ(g.value(lrelu)(1, 0), 3.0);
  const double lse0 = std::log(std::exp(1.0) + std::exp(-2.0) + std::exp(0.5));
  EXPECT_NEAR(g.value(ce)(0, 0), lse0 - 0.5, 1e-14);
  const double lse1 = std::log(std::exp(3.0) + 1.0 + std::exp(-1.0));
  EXPECT_NEAR(g.value(ce)(1, 0), lse1 - 3.0, 1e-14);
  EXPECT_NEAR(g.value(log_probs)(0, 1), -2.0 - lse0, 1e-14);
  EXPECT_NEAR(g.value(log_probs)(1, 0), 3.0 - lse1, 1e-14);
  EXPECT_NEAR(g.value(log_probs).row(1).array().exp().sum(), 1.0, 1e-14);
  // y = 3, μ = 1.5, v = 4: ½(e⁻⁴·2.25 + 4 + log 2π)
  EXPECT_NEAR(g.value(nll)(1, 0), 0.5 * (std::exp(-4.0) * 2.25 + 4.0 + std::log(2 * std::numbers::pi)), 1e-14);
  EXPECT_DOUBLE_EQ(g.value(sl1)(0, 2), 0.125);  // |d| = 0.5 < β: ½d²
  EXPECT_DOUBLE_EQ(g.value(sl1)(1, 0), 2.5);    // |d| = 3: |d| − ½
  EXPECT_DOUBLE_EQ(g.value(mean)(0, 0), 1.5 / 6.0);
}

TEST(NnGraphValues, BackwardAccumulatesIntoParametersAndResetsNodeGrads) {
  ParameterSet<double> params;
  auto& w = params.add("w", 1, 2);
  w.value << 2.0, -3.0;
  Graph<double> g;
  Var sq = g.square(g.param(w));
  Var loss = g.sum_all(sq);
  g.forward();
  EXPECT_DOUBLE_EQ(g.value(loss)(0, 0), 13.0);
  g.backward(loss);
  EXPECT_DOUBLE_EQ(w.grad(0, 0), 4.0);
  EXPECT_DOUBLE_EQ(g.grad(sq)(0, 1), 1.0);
  g.backward(loss);  // parameter grads accumulate until zeroed; node grads do not
  EXPECT_DOUBLE_EQ(w.grad(0, 1), -12.0);
  EXPECT_DOUBLE_EQ(g.grad(sq)(0, 1), 1.0);
  params.zero_grad();
  EXPECT_DOUBLE_EQ(w.grad(0, 0), 0.0);
}

TEST(NnGraphValues, ParameterNodesReadTheLiveValue) {
  ParameterSet<float> params;
  auto& w = params.add("w", 1, 1);
  Graph<float> g;
  Var out = g.scale(g.param(w), 2.0f);
  w.value(0, 0) = 1.5f;
  g.forward();
  EXPECT_FLOAT_EQ(g.value(out)(0, 0), 3.0f);
  w.value(0, 0) = -4.0f;  // no copy: the next forward sees the change
  g.forward();
  EXPECT_FLOAT_EQ(g.value(out)(0, 0), -8.0f);
}

// |x| = 1000 must give exact limits and finite gradients in float and double.
template <class S>
void check_extremes() {
  using M = Matrix<S>;
  ParameterSet<S> params;
  auto& x = params.add("x", 1, 5);
  x.value << S(-1000), S(-30), S(0), S(30), S(1000);
  auto& logits = params.add("logits", 3, 3);
  logits.value << S(1000), S(-1000), S(0), S(-1000), S(-1000), S(-1000), S(1000), S(999), S(-1000);
  Graph<S> g;
  Var xv = g.param(x);
  Var zeros = g.constant(M::Zero(1, 5));
  Var ones = g.constant(M::Ones(1, 5));
  Var codes = g.input(3, 1);
  g.value(codes) << S(1), S(2), S(0);
  Var sig = g.sigmoid(xv);
  Var sp = g.softplus(xv);
  Var bce0 = g.bce_with_logits(xv, zeros);
  Var bce1 = g.bce_with_logits(xv, ones);
  Var ce = g.softmax_cross_entropy(g.param(logits), codes);
  Var log_probs = g.log_softmax(g.param(logits));
  Var loss = g.add(g.add(g.sum_all(sig), g.sum_all(sp)),
                   g.add(g.add(g.sum_all(bce0), g.sum_all(bce1)), g.sum_all(ce)));
  loss = g.add(loss, g.sum_all(g.slice_cols(log_probs, 0, 1)));
  g.forward();
  g.backward(loss);

  for (Var v : {sig, sp, bce0, bce1, ce, log_probs, loss})
    EXPECT_TRUE(g.value(v).allFinite());
  EXPECT_TRUE(x.grad.allFinite());
  EXPECT_TRUE(logits.grad.allFinite());
  EXPECT_EQ(g.value(sig)(0, 0), S(0));
  EXPECT_EQ(g.value(sig)(0, 4), S(1));
  EXPECT_EQ(g.value(sig)(0, 2), S(0.5));
  EXPECT_EQ(g.value(sp)(0, 0), S(0));
  EXPECT_EQ(g.value(sp)(0, 4), S(1000));
  EXPECT_NEAR(g.value(sp)(0, 2), std::log(2.0), 1e-6);
  EXPECT_EQ(g.value(bce0)(0, 4), S(1000));  // confident and wrong
  EXPECT_EQ(g.value(bce0)(0, 0), S(0));     // confident and right
  EXPECT_EQ(g.value(bce1)(0, 0), S(1000));
  EXPECT_EQ(g.value(bce1)(0, 4), S(0));
  EXPECT_EQ(g.value(ce)(0, 0), S(2000));  // target logit −1000 against max 1000
  EXPECT_NEAR(g.value(ce)(1, 0), std::log(3.0), 1e-6);  // all equal
  EXPECT_NEAR(g.value(ce)(2, 0), std::log1p(std::exp(-1.0)), 1e-6);
  EXPECT_EQ(g.value(log_probs)(0, 1), S(-2000));
  EXPECT_EQ(g.value(log_probs)(0, 0), S(0));
  EXPECT_NEAR(g.value(log_probs)(2, 1), -std::log1p(std::exp(-1.0)) - 1.0, 1e-6);
  // d/dx of σ + softplus + bce(t=0) + bce(t=1) = σ(1−σ) + σ + σ + (σ − 1): 2 at +1000, −1 at −1000
  EXPECT_NEAR(x.grad(0, 4), 2.0, 1e-6);
  EXPECT_NEAR(x.grad(0, 0), -1.0, 1e-6);
  EXPECT_NEAR(logits.grad(0, 0), 1.0, 1e-6);
  EXPECT_NEAR(logits.grad(0, 1), -1.0, 1e-6);
}

TEST(NnGraphStability, ExtremeLogitsStayFiniteInFloat) { check_extremes<float>(); }
TEST(NnGraphStability, ExtremeLogitsStayFiniteInDouble) { check_extremes<double>(); }

TEST(NnGraphErrors, ShapeMismatchesThrowWithTheShapes) {
  Graph<double> g;
  Var a = g.input(4, 3);
  Var b = g.input(2, 3);
  try {
    g.add(a, b);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("2×3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(g.matmul(a, b), Error);
  EXPECT_THROW(g.slice_cols(a, 2, 2), Error);
  EXPECT_THROW(g.concat_cols({a, b}), Error);
  EXPECT_THROW(g.blend(g.input(4, 2), a, a), Error);
  EXPECT_THROW(g.gaussian_nll(a, a, b), Error);
  EXPECT_THROW(g.softmax_cross_entropy(a, g.input(4, 2)), Error);
  EXPECT_THROW(g.add(a, Var{99}), Error);
  EXPECT_THROW(g.backward(a), Error);  // not 1×1
}

TEST(NnGraphErrors, BadClassCodeAndResizedInputThrowInForward) {
  Graph<double> g;
  Var logits = g.input(2, 3);
  Var codes = g.input(2, 1);
  g.softmax_cross_entropy(logits, codes);
  g.value(codes) << 0.0, 3.0;
  EXPECT_THROW(g.forward(), Error);
  g.value(codes) << 0.0, 1.5;
  EXPECT_THROW(g.forward(), Error);
  g.value(codes) << 0.0, 2.0;
  EXPECT_NO_THROW(g.forward());
  g.value(logits).resize(3, 3);
  EXPECT_THROW(g.forward(), Error);
}

}  // namespace
}  // namespace causalmix::nn

namespace causalmix::nn {
namespace {

TEST(GraphForwardFrom, ReRunsOnlyTheLaterNodes) {
  Graph<double> g;
  Var a = g.input(1, 2);
  Var b = g.exp(a);
  Var c = g.input(1, 2);
  Var d = g.add(b, c);
  g.value(a) << 0.0, 1.0;
  g.value(c) << 10.0, 20.0;
  g.forward();
  EXPECT_DOUBLE_EQ(g.value(d)(0, 1), std::exp(1.0) + 20.0);
  // Change both inputs, re-run from c: b keeps exp of the old a, d sees the new c.
  g.value(a) << 5.0, 5.0;
  g.value(c) << 1.0, 2.0;
  g.forward_from(c);
  EXPECT_DOUBLE_EQ(g.value(b)(0, 1), std::exp(1.0));
  EXPECT_DOUBLE_EQ(g.value(d)(0, 1), std::exp(1.0) + 2.0);
}

}  // namespace
}  // namespace causalmix::nn
