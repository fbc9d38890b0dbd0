// The model file and reproducibility: same seed → the same bytes whatever the thread count;
// save → load → sample equals sampling the fitted object; damaged files are refused.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "causalmix/error.hpp"
#include "sandbox_fixtures.hpp"

namespace causalmix {
namespace {

using testing::toy_observed;

// Few epochs and rows: these tests check bytes, not statistical quality.
FitOptions quick_options(std::uint64_t seed, int threads) {
  FitOptions o;
  o.seed = seed;
  o.threads = threads;
  o.max_epochs = 3;
  o.mixture.restarts = 2;
  return o;
}

Knobs toy_knobs() {
  Knobs k;
  k.effect = "0.05 + 0.05*tanh(X_uniform)";
  k.confounding = "0.02*T";
  k.overlap = "X_bin";
  return k;
}

TEST(SandboxReproducibility, SameSeedGivesIdenticalModelAndSampleBytesWithOneAndTwoThreads) {
  const Table data = toy_observed(300, 42);
  const Sandbox one = Sandbox::fit(data, "T", "Y", toy_knobs(), quick_options(9, 1));
  const Sandbox two = Sandbox::fit(data, "T", "Y", toy_knobs(), quick_options(9, 2));
  EXPECT_EQ(one.serialize(), two.serialize());
  // 10,000 rows span several sampling chunks, so threads really split the work.
  const std::string a = to_csv(one.sample(10000, 3, Prior::Mixture, 1));
  const std::string b = to_csv(two.sample(10000, 3, Prior::Mixture, 2));
  EXPECT_EQ(a, b);
  const Sandbox other = Sandbox::fit(data, "T", "Y", toy_knobs(), quick_options(10, 2));
  EXPECT_NE(one.serialize(), other.serialize());
  EXPECT_NE(a, to_csv(one.sample(10000, 4, Prior::Mixture, 2)));
}

TEST(SandboxModelFile, SamplesAreIdenticalAfterReload) {
  const Table data = toy_observed(300, 42);
  const Sandbox fitted = Sandbox::fit(data, "T", "Y", toy_knobs(), quick_options(5, 2));
  const auto path = std::filesystem::temp_directory_path() / "causalmix_reload_test.cmx";
  fitted.save(path.string());
  const Sandbox loaded = Sandbox::load(path.string());
  for (Prior prior : {Prior::Mixture, Prior::Normal})
    EXPECT_EQ(to_csv(fitted.sample(3000, 8, prior)), to_csv(loaded.sample(3000, 8, prior)));
  EXPECT_EQ(fitted.serialize(), loaded.serialize());
  EXPECT_EQ(loaded.knobs().effect, toy_knobs().effect);
  std::filesystem::remove(path);
}

class DamagedModelFile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    bytes_ = new std::string(Sandbox::fit(toy_observed(200, 1), "T", "Y", toy_knobs(), quick_options(1, 1)).serialize());
  }
  static void TearDownTestSuite() { delete bytes_; }
  static std::string message(const std::string& bytes) {
    try {
      Sandbox::deserialize(bytes, "model.cmx");
    } catch (const Error& e) {
      return e.what();
    }
    return "(accepted)";
  }
  static std::string* bytes_;
};
std::string* DamagedModelFile::bytes_ = nullptr;

TEST_F(DamagedModelFile, TruncatedFileIsRefused) {
  EXPECT_NE(message(bytes_->substr(0, bytes_->size() / 2)).find("truncated"), std::string::npos);
}

TEST_F(DamagedModelFile, CorruptedByteIsRefused) {
  std::string bad = *bytes_;
  bad[bad.size() / 2] ^= 0x01;
  EXPECT_NE(message(bad).find("corrupted"), std::string::npos);
}

TEST_F(DamagedModelFile, OtherFormatVersionIsRefused) {
  std::string bad = *bytes_;
  bad.replace(bad.find(' '), 3, " 7 ");
  const std::string m = message(bad);
  EXPECT_NE(m.find("version 7"), std::string::npos) << m;
}

TEST_F(DamagedModelFile, NotAModelFileIsRefused) {
  EXPECT_NE(message("treat,age\n1,2\n").find("not a causalmix model file"), std::string::npos);
}

TEST(SandboxModelFile, MissingFileIsAClearError) {
  try {
    Sandbox::load("/nonexistent/sandbox.cmx");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/sandbox.cmx: cannot open"), std::string::npos);
  }
}

std::string fit_error(const Table& data, const std::string& treatment, const std::string& outcome, Knobs k = {}) {
  try {
    Sandbox::fit(data, treatment, outcome, k, quick_options(1, 1));
  } catch (const Error& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(SandboxInput, TreatmentThatIsNotBinaryIsRefused) {
  const std::string m = fit_error(toy_observed(100), "X_cat", "Y");
  EXPECT_NE(m.find("treatment column 'X_cat' is not binary"), std::string::npos) << m;
}

TEST(SandboxInput, UnknownTreatmentListsCloseMatches) {
  const std::string m = fit_error(toy_observed(100), "t", "Y");
  EXPECT_NE(m.find("treatment column 't' is not in the table"), std::string::npos) << m;
  EXPECT_NE(m.find("'T'"), std::string::npos) << m;
}

TEST(SandboxInput, CategoricalOutcomeIsRefused) {
  Table data = toy_observed(100);
  const std::string m = fit_error(data, "T", "X_cat");
  EXPECT_NE(m.find("outcome column 'X_cat' is categorical with 3 levels"), std::string::npos) << m;
}

TEST(SandboxInput, EffectThatUsesTheTreatmentIsRefused) {
  Knobs k;
  k.effect = "0.1*T";
  const std::string m = fit_error(toy_observed(100), "T", "Y", k);
  EXPECT_NE(m.find("effect expression '0.1*T' uses the treatment"), std::string::npos) << m;
}

TEST(SandboxInput, PropensityOutsideZeroOneNamesTheRow) {
  Knobs k;
  k.propensity = "X_bin";
  const std::string m = fit_error(toy_observed(100), "T", "Y", k);
  EXPECT_NE(m.find("propensity expression 'X_bin' is "), std::string::npos) << m;
  EXPECT_NE(m.find("at data row 1: a target propensity must lie strictly between 0 and 1"), std::string::npos) << m;
}

TEST(SandboxInput, ColumnNamedLikeATruthColumnIsRefused) {
  Table data = toy_observed(100);
  data.columns.push_back(data.column("X_exp"));
  data.columns.back().name = "tau";
  const std::string m = fit_error(data, "T", "Y");
  EXPECT_NE(m.find("column 'tau' has the name of a truth column"), std::string::npos) << m;
}

}  // namespace
}  // namespace causalmix
