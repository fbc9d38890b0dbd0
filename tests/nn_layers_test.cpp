// Linear and Mlp (initialisation, forward), and the parameter registry's bit-exact save/load.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "causalmix/error.hpp"
#include "causalmix/rng.hpp"
#include "nn/graph.hpp"
#include "nn/layers.hpp"

namespace causalmix::nn {
namespace {

TEST(NnLinear, InitialisationIsUniformWithinOneOverSqrtFanInDrawnWeightsFirst) {
  ParameterSet<double> params;
  Rng rng(3);
  auto layer = Linear<double>::create(params, "enc", 16, 50, rng);
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].name, "enc.weight");
  EXPECT_EQ(params[1].name, "enc.bias");
  EXPECT_EQ(layer.weight->value.rows(), 16);
  EXPECT_EQ(layer.weight->value.cols(), 50);
  EXPECT_EQ(layer.bias->value.rows(), 1);
  const double bound = 0.25;  // 1/√16
  EXPECT_LE(layer.weight->value.cwiseAbs().maxCoeff(), bound);
  EXPECT_LE(layer.bias->value.cwiseAbs().maxCoeff(), bound);
  // 800 uniform draws cover most of the range: the extremes are near ±bound.
  EXPECT_GT(layer.weight->value.maxCoeff(), 0.9 * bound);
  EXPECT_LT(layer.weight->value.minCoeff(), -0.9 * bound);
  // Draw order: W row-major, then b.
  Rng replay(3);
  EXPECT_EQ(layer.weight->value(0, 0), replay.uniform(-bound, bound));
  EXPECT_EQ(layer.weight->value(0, 1), replay.uniform(-bound, bound));
  for (int k = 2; k < 16 * 50; ++k) replay.uniform();
  EXPECT_EQ(layer.bias->value(0, 0), replay.uniform(-bound, bound));
}

TEST(NnMlp, AppliesLeakyReluAfterEveryLayer) {
  ParameterSet<double> params;
  Rng rng(5);
  auto mlp = Mlp<double>::create(params, "net", 3, {4, 2}, rng, 0.1);
  EXPECT_EQ(params.size(), 4u);
  EXPECT_EQ(params[2].name, "net.1.weight");
  EXPECT_EQ(mlp.out(), 2);
  Graph<double> g;
  Var x = g.input(5, 3);
  g.value(x) = Matrix<double>::Random(5, 3);
  Var y = mlp.apply(g, x);
  g.forward();
  auto leaky = [](const Matrix<double>& m) {
    return Matrix<double>(m.unaryExpr([](double v) { return v > 0 ? v : 0.1 * v; }));
  };
  Matrix<double> h = leaky((g.value(x) * params[0].value).rowwise() + params[1].value.row(0));
  Matrix<double> expected = leaky((h * params[2].value).rowwise() + params[3].value.row(0));
  EXPECT_LT((g.value(y) - expected).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_LT(g.value(y).minCoeff(), 0.0);  // the slope is applied, not a plain ReLU
}

template <class S>
ParameterSet<S> make_set(std::uint64_t seed) {
  ParameterSet<S> params;
  Rng rng(seed);
  Mlp<S>::create(params, "enc", 4, {6, 3}, rng);
  return params;
}

TEST(NnParameterSet, SaveLoadRoundTripIsBitExact) {
  auto source = make_set<float>(1);
  // Values whose bits a text round trip would lose or change.
  source[0].value(0, 0) = -0.0f;
  source[0].value(0, 1) = std::numeric_limits<float>::denorm_min();
  source[0].value(0, 2) = std::nextafter(1.0f, 2.0f);
  source[1].value(0, 0) = std::numeric_limits<float>::quiet_NaN();
  const auto bytes = source.save();
  auto target = make_set<float>(2);
  ASSERT_NE(std::memcmp(target[2].value.data(), source[2].value.data(), sizeof(float)), 0);
  target.load(bytes);
  ASSERT_EQ(target.size(), source.size());
  for (std::size_t k = 0; k < source.size(); ++k)
    EXPECT_EQ(std::memcmp(target[k].value.data(), source[k].value.data(),
                          sizeof(float) * static_cast<std::size_t>(source[k].value.size())),
              0)
        << source[k].name;
  EXPECT_EQ(target.save(), bytes);
}

TEST(NnParameterSet, LoadRejectsMismatchesAndLeavesValuesIntact) {
  auto source = make_set<double>(1);
  const auto bytes = source.save();

  ParameterSet<double> renamed;
  Rng rng(1);
  Mlp<double>::create(renamed, "dec", 4, {6, 3}, rng);
  EXPECT_THROW(renamed.load(bytes), Error);

  ParameterSet<double> reshaped;
  Mlp<double>::create(reshaped, "enc", 4, {5, 3}, rng);
  const Matrix<double> before = reshaped[0].value;
  EXPECT_THROW(reshaped.load(bytes), Error);
  EXPECT_EQ(reshaped[0].value, before);

  auto as_float = make_set<float>(1);
  EXPECT_THROW(as_float.load(bytes), Error);  // 8-byte scalars into 4-byte ones

  auto fewer = make_set<double>(1);
  fewer.add("extra", 1, 1);
  EXPECT_THROW(fewer.load(bytes), Error);
}

TEST(NnParameterSet, EveryTruncationAndTrailingBytesThrow) {
  auto source = make_set<double>(4);
  const auto bytes = source.save();
  auto target = make_set<double>(4);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    std::vector<std::uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<long>(n));
    EXPECT_THROW(target.load(prefix), Error) << "prefix of " << n << " bytes";
  }
  auto longer = bytes;
  longer.push_back(0);
  EXPECT_THROW(target.load(longer), Error);
  EXPECT_NO_THROW(target.load(bytes));
}

TEST(NnParameterSet, RejectsDuplicateNamesAndCountsScalars) {
  ParameterSet<float> params;
  params.add("w", 2, 3);
  params.add("b", 1, 3);
  EXPECT_THROW(params.add("w", 1, 1), Error);
  EXPECT_THROW(params.add("empty", 0, 3), Error);
  EXPECT_EQ(params.scalar_count(), 9u);
  // Addresses are stable as parameters are added (graphs hold pointers to them).
  Parameter<float>* first = &params[0];
  for (int k = 0; k < 100; ++k) params.add(std::to_string(k) + ".p", 2, 2);
  EXPECT_EQ(first, &params[0]);
}

}  // namespace
}  // namespace causalmix::nn
