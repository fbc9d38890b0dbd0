// CSV throughput on a generated 1,000,000 × 20 mixed table (8 numerical, 5 integer,
// 4 binary, 3 categorical columns): writing to memory, writing a file, reading it back.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "causalmix/csv.hpp"
#include "causalmix/rng.hpp"

namespace causalmix {
namespace {

constexpr std::size_t kRows = 1'000'000;

Table make_mixed_table() {
  Rng rng(1);
  Table table;
  auto add = [&](std::string name, ColumnType type, std::vector<std::string> levels) -> Column& {
    Column column;
    column.name = std::move(name);
    column.type = type;
    column.levels = std::move(levels);
    column.values.reserve(kRows);
    table.columns.push_back(std::move(column));
    return table.columns.back();
  };
  for (int j = 0; j < 8; ++j) {
    Column& c = add(std::string("num").append(std::to_string(j)), ColumnType::Numerical, {});
    const double scale = std::pow(10.0, j - 2);
    for (std::size_t i = 0; i < kRows; ++i) c.values.push_back(rng.normal(0.0, scale));
  }
  for (int j = 0; j < 5; ++j) {
    Column& c = add(std::string("int").append(std::to_string(j)), ColumnType::Integer, {});
    const auto range = static_cast<std::uint64_t>(std::pow(10.0, j + 1));
    for (std::size_t i = 0; i < kRows; ++i) c.values.push_back(static_cast<double>(rng.uniform_int(range)));
  }
  for (int j = 0; j < 4; ++j) {
    Column& c = add(std::string("bin").append(std::to_string(j)), ColumnType::Binary, {"0", "1"});
    for (std::size_t i = 0; i < kRows; ++i) c.values.push_back(rng.bernoulli(0.3) ? 1.0 : 0.0);
  }
  const std::vector<std::string> levels[] = {{"black", "hispanic", "white"},
                                             {"A", "B", "C", "D", "E", "F"},
                                             {"high school", "some college", "graduate", "none"}};
  for (int j = 0; j < 3; ++j) {
    Column& c = add(std::string("cat").append(std::to_string(j)), ColumnType::Categorical, levels[j]);
    for (std::size_t i = 0; i < kRows; ++i)
      c.values.push_back(static_cast<double>(rng.uniform_int(levels[j].size())));
  }
  return table;
}

const Table& mixed_table() {
  static const Table table = make_mixed_table();
  return table;
}

std::string bench_path() {
  return (std::filesystem::temp_directory_path() / "causalmix_csv_bench.csv").string();
}

void BM_WriteCsvToMemory(benchmark::State& state) {
  const Table& table = mixed_table();
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string text = to_csv(table);
    bytes += text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_WriteCsvFile(benchmark::State& state) {
  const Table& table = mixed_table();
  std::size_t bytes = 0;
  for (auto _ : state) {
    write_csv(table, bench_path());
    bytes += std::filesystem::file_size(bench_path());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_ReadCsvFile(benchmark::State& state) {
  write_csv(mixed_table(), bench_path());
  const auto size = std::filesystem::file_size(bench_path());
  for (auto _ : state) {
    Table table = read_csv(bench_path());
    if (table.rows() != kRows || table.cols() != 20) state.SkipWithError("wrong shape read back");
    benchmark::DoNotOptimize(table.columns.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(size * state.iterations()));
  if (!std::getenv("CSV_BENCH_KEEP")) std::remove(bench_path().c_str());
}

BENCHMARK(BM_WriteCsvToMemory)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_WriteCsvFile)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_ReadCsvFile)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace causalmix

BENCHMARK_MAIN();
