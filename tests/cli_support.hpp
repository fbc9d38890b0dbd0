// Test helper: runs the built causalmix program in a fresh folder per test and captures its
// exit code, stdout and stderr.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace causalmix::testing {

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cmx_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  bool exists(const std::string& name) const { return std::filesystem::exists(dir_ / name); }

  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
  }

  static std::string slurp(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // Runs causalmix with `args` (shell-quoted where needed) in the test's folder; returns the
  // exit code and keeps stdout_ and stderr_.
  int run(const std::string& args) {
    const std::string command = "cd '" + dir_.string() + "' && '" + std::string(CAUSALMIX_EXE) + "' " + args +
                                " >'" + path("stdout.txt") + "' 2>'" + path("stderr.txt") + "'";
    const int status = std::system(command.c_str());
    stderr_ = slurp(path("stderr.txt"));
    stdout_ = slurp(path("stdout.txt"));
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Exit code 2 with exactly one line "causalmix: error: …" containing `expected`.
  void expect_one_line_error(const std::string& args, const std::string& expected) {
    EXPECT_EQ(run(args), 2) << stderr_;
    EXPECT_EQ(std::count(stderr_.begin(), stderr_.end(), '\n'), 1) << stderr_;
    EXPECT_EQ(stderr_.rfind("causalmix: error: ", 0), 0u) << stderr_;
    EXPECT_NE(stderr_.find(expected), std::string::npos) << stderr_;
  }

  std::filesystem::path dir_;
  std::string stdout_, stderr_;
};

}  // namespace causalmix::testing
