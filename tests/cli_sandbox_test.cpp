// The fit / sample commands end to end through the built program: scenario files with flag
// overrides, replicate files, reproducible bytes, and one-line errors with exit code 2 that
// leave nothing behind.
#include "cli_support.hpp"

namespace causalmix {
namespace {

class CliSandbox : public testing::CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    ASSERT_EQ(run("toy -n 300 --seed 42 -o toy.csv"), 0) << stderr_;
  }
  // Few epochs: these tests check plumbing, not statistical quality.
  static constexpr const char* kQuick = " --epochs 3 --mixture-restarts 2 --drop Y0,Y1,mu0,mu1,tau,propensity ";
};

TEST_F(CliSandbox, FitThenSampleWritesTruthColumns) {
  ASSERT_EQ(run(std::string("-q fit toy.csv --treatment T --outcome Y --effect 0.1 --overlap X_bin") + kQuick +
                "-o toy.cmx"),
            0)
      << stderr_;
  EXPECT_TRUE(stderr_.empty()) << "--quiet prints nothing: " << stderr_;
  ASSERT_EQ(run("sample toy.cmx -n 50 --seed 3 -o out.csv"), 0) << stderr_;
  const std::string csv = slurp(path("out.csv"));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "X_bin,X_cat,X_exp,X_uniform,X_beta,T,Y,Y0,Y1,mu0,mu1,tau,kappa,log_density_ratio,propensity");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 51);
}

TEST_F(CliSandbox, ProgressGoesToStderr) {
  ASSERT_EQ(run(std::string("fit toy.csv --treatment T --outcome Y") + kQuick + "-o toy.cmx"), 0) << stderr_;
  EXPECT_NE(stderr_.find("covariates epoch    1"), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find("outcome    epoch    3"), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find("wrote toy.cmx"), std::string::npos) << stderr_;
}

TEST_F(CliSandbox, ScenarioFileGivesTheSameModelAsFlagsAndFlagsOverrideIt) {
  write("scenario.yaml",
        "treatment: T\noutcome: Y\neffect: 0.05 + 0.05*tanh(X_uniform)\noverlap: X_bin\nepochs: 3\n"
        "mixture_restarts: 2\nseed: 4\ndrop: [Y0, Y1, mu0, mu1, tau, propensity]\n");
  ASSERT_EQ(run("-q fit toy.csv --config scenario.yaml -o a.cmx"), 0) << stderr_;
  ASSERT_EQ(run(std::string("-q fit toy.csv --treatment T --outcome Y --effect '0.05 + 0.05*tanh(X_uniform)' "
                            "--overlap X_bin --seed 4") +
                kQuick + "-o b.cmx"),
            0)
      << stderr_;
  EXPECT_EQ(slurp(path("a.cmx")), slurp(path("b.cmx")));
  ASSERT_EQ(run("-q fit toy.csv --config scenario.yaml --seed 5 -o c.cmx"), 0) << stderr_;
  EXPECT_NE(slurp(path("a.cmx")), slurp(path("c.cmx")));
  EXPECT_NE(slurp(path("c.cmx")).find("\"seed\": 5"), std::string::npos);
}

TEST_F(CliSandbox, ReplicatesAreNumberedFilesAndReproducible) {
  ASSERT_EQ(run(std::string("-q fit toy.csv --treatment T --outcome Y") + kQuick + "-o toy.cmx"), 0) << stderr_;
  ASSERT_EQ(run("-q sample toy.cmx -n 20 --seed 1 --replicates 3 -o rep.csv"), 0) << stderr_;
  EXPECT_TRUE(exists("rep_1.csv") && exists("rep_2.csv") && exists("rep_3.csv"));
  EXPECT_FALSE(exists("rep.csv"));
  EXPECT_NE(slurp(path("rep_1.csv")), slurp(path("rep_2.csv")));
  ASSERT_EQ(run("-q --threads 1 sample toy.cmx -n 20 --seed 1 --replicates 2 -o again.csv"), 0) << stderr_;
  EXPECT_EQ(slurp(path("rep_2.csv")), slurp(path("again_2.csv")));
}

TEST_F(CliSandbox, UnknownScenarioKeyNamesFileLineAndCloseMatch) {
  write("scenario.yaml", "treatment: T\noutcome: Y\nbatch_sise: 10\n");
  expect_one_line_error("fit toy.csv --config scenario.yaml -o x.cmx",
                        "scenario.yaml:3: unknown setting 'batch_sise' (did you mean 'batch-size'?)");
  EXPECT_FALSE(exists("x.cmx"));
}

TEST_F(CliSandbox, BadEffectExpressionIsOneLineWithCaret) {
  EXPECT_EQ(run(std::string("fit toy.csv --treatment T --outcome Y --effect '0.1 + (2*)'") + kQuick + "-o x.cmx"), 2);
  EXPECT_NE(stderr_.find("causalmix: error: effect expression"), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find("^"), std::string::npos) << stderr_;
  EXPECT_FALSE(exists("x.cmx"));
}

TEST_F(CliSandbox, TreatmentThatIsNotBinaryIsRefused) {
  expect_one_line_error(std::string("fit toy.csv --treatment X_cat --outcome Y") + kQuick + "-o x.cmx",
                        "treatment column 'X_cat' is not binary");
  EXPECT_FALSE(exists("x.cmx"));
}

TEST_F(CliSandbox, DamagedModelFileIsRefused) {
  write("broken.cmx", "CAUSALMIX-MODEL 1 99999 0123456789abcdef\n{}");
  expect_one_line_error("sample broken.cmx -n 5 -o out.csv", "broken.cmx: model file is truncated");
  EXPECT_FALSE(exists("out.csv"));
}

TEST_F(CliSandbox, VersionPrintsTheVersion) {
  ASSERT_EQ(run("--version"), 0);
  EXPECT_EQ(stdout_.rfind("causalmix 0.", 0), 0u) << stdout_;
}

}  // namespace
}  // namespace causalmix
