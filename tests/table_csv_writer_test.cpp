// Writing CSV: numbers read back to the same double, labels quoted only when needed, files
// replaced atomically.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "causalmix/csv.hpp"
#include "causalmix/error.hpp"
#include "causalmix/rng.hpp"
#include "table_support.hpp"

namespace causalmix {
namespace {

Column make(const std::string& name, ColumnType type, std::vector<double> values,
            std::vector<std::string> levels = {}) {
  return testing::make_column(name, type, std::move(values), std::move(levels));
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CsvWriter, ShortestNumbersAndQuotingOnlyWhereNeeded) {
  Table t;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  t.columns.push_back(make("x", ColumnType::Numerical, {0.1, 1e21, nan}));
  t.columns.push_back(make("n", ColumnType::Integer, {3, -1000000, 0}));
  t.columns.push_back(make("say, what", ColumnType::Categorical, {0, 1, 2}, {"a \"b\"", "c,d", "NA"}));
  EXPECT_EQ(to_csv(t),
            "x,n,\"say, what\"\n"
            "0.1,3,\"a \"\"b\"\"\"\n"
            "1e+21,-1000000,\"c,d\"\n"
            ",0,\"NA\"\n");
}

TEST(CsvWriter, RandomDoublesReadBackBitForBit) {
  Rng rng(7);
  Table t;
  Column x = make("x", ColumnType::Numerical, {});
  for (int i = 0; i < 2000; ++i) {
    // Spread over many magnitudes, both signs.
    const double v = rng.normal() * std::pow(10.0, rng.uniform(-30.0, 30.0));
    x.values.push_back(v);
  }
  t.columns.push_back(x);
  const Table back = parse_csv(to_csv(t), "mem", {});
  ASSERT_EQ(back.rows(), t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) ASSERT_EQ(back.columns[0].values[i], x.values[i]) << i;
}

TEST(CsvWriter, StreamAndStringAgree) {
  Table t;
  std::vector<double> v;
  for (int i = 0; i < 20000; ++i) v.push_back(i * 0.5);
  t.columns.push_back(make("v", ColumnType::Numerical, v));
  std::ostringstream out;
  write_csv(t, out);
  EXPECT_EQ(out.str(), to_csv(t));
}

TEST(CsvWriter, LabelsSurviveARoundTrip) {
  Table t;
  t.columns.push_back(make("s", ColumnType::Categorical, {0, 1, 2, 3, 0},
                           {" lead", "line\nbreak", "quote\"", "x"}));
  const Table back = parse_csv(to_csv(t), "mem", {});
  EXPECT_EQ(back.columns[0].levels, t.columns[0].levels);
  EXPECT_EQ(back.columns[0].values, t.columns[0].values);
}

TEST(CsvWriter, AnInvalidCodeIsAnError) {
  Table t;
  t.columns.push_back(make("b", ColumnType::Binary, {0, 2}, {"0", "1"}));
  EXPECT_THROW(to_csv(t), Error);
}

TEST(CsvWriter, AtomicWriteReplacesTheFileAndLeavesNoTemporary) {
  const auto dir = std::filesystem::temp_directory_path() / ("cmx_writer_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "out.csv";
  write_file_atomic(path.string(), "old\n");
  Table t;
  t.columns.push_back(make("a", ColumnType::Integer, {1, 2}));
  write_csv(t, path.string());
  EXPECT_EQ(slurp(path), "a\n1\n2\n");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
  std::filesystem::remove_all(dir);
}

TEST(CsvWriter, UnwritablePathIsAnErrorNamingIt) {
  try {
    write_file_atomic("/nonexistent/dir/out.csv", "x");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/dir/out.csv: cannot write file (No such file or directory)");
  }
}

}  // namespace
}  // namespace causalmix
