// Reading CSV: RFC 4180 details, type inference, declared types and missing values.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "causalmix/csv.hpp"
#include <charconv>

#include "causalmix/error.hpp"
#include "causalmix/rng.hpp"

namespace causalmix {
namespace {

std::string label(const Column& column, std::size_t row) {
  return column.levels.at(static_cast<std::size_t>(column.values.at(row)));
}

TEST(CsvReader, QuotedFieldsWithCommasNewlinesAndDoubledQuotes) {
  const Table t = parse_csv(
      "name,note\n"
      "a,\"x, y\"\n"
      "b,\"say \"\"hi\"\"\"\n"
      "c,\"two\nlines\"\n",
      "t.csv", {});
  ASSERT_EQ(t.rows(), 3u);
  const Column& note = t.column("note");
  EXPECT_EQ(note.type, ColumnType::Categorical);
  EXPECT_EQ(label(note, 0), "x, y");
  EXPECT_EQ(label(note, 1), "say \"hi\"");
  EXPECT_EQ(label(note, 2), "two\nlines");
}

TEST(CsvReader, CrlfBomAndMissingFinalNewline) {
  const Table t = parse_csv("\xEF\xBB\xBFx,y\r\n1,2.5\r\n3,4.25\r\n5,\"a\r\nb\"", "t.csv", {});
  ASSERT_EQ(t.names(), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(t.rows(), 3u);
  EXPECT_EQ(t.column("x").values, (std::vector<double>{1, 3, 5}));
  // A line break inside quotes is kept as written.
  EXPECT_EQ(t.column("y").levels, (std::vector<std::string>{"2.5", "4.25", "a\r\nb"}));
}

TEST(CsvReader, LineNumbersCountLinesInsideQuotedFields) {
  // The bad record starts on line 5 because the one before it spans two lines.
  try {
    parse_csv("a,b\n1,\"x\"\n2,\"p\nq\"\n3,y,extra\n", "t.csv", {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "t.csv:5: line 5 has 3 fields, header has 2");
  }
}

TEST(CsvReader, InfersEachType) {
  const Table t = parse_csv(
      "num,int,bin,cat,yesno\n"
      "1.5,3,0,red,yes\n"
      "2,-4,1,green,no\n"
      "-0.25,10,1,blue,yes\n",
      "t.csv", {});
  EXPECT_EQ(t.column("num").type, ColumnType::Numerical);
  EXPECT_EQ(t.column("int").type, ColumnType::Integer);
  EXPECT_EQ(t.column("bin").type, ColumnType::Binary);
  EXPECT_EQ(t.column("bin").levels, (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(t.column("cat").type, ColumnType::Categorical);
  EXPECT_EQ(t.column("cat").levels, (std::vector<std::string>{"blue", "green", "red"}));
  EXPECT_EQ(t.column("cat").values, (std::vector<double>{2, 1, 0}));
  EXPECT_EQ(t.column("yesno").type, ColumnType::Binary);
  EXPECT_EQ(t.column("yesno").values, (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(t.column("int").values, (std::vector<double>{3, -4, 10}));
}

TEST(CsvReader, TextAfterNumbersMakesTheColumnCategoricalWithNumericLabelsKept) {
  const Table t = parse_csv("v\n10\n9\nabc\n10\n", "t.csv", {});
  const Column& v = t.column("v");
  EXPECT_EQ(v.type, ColumnType::Categorical);
  EXPECT_EQ(v.levels, (std::vector<std::string>{"10", "9", "abc"}));  // bytewise: not all numbers
  EXPECT_EQ(v.values, (std::vector<double>{0, 1, 2, 0}));
}

TEST(CsvReader, NumericLevelsSortNumerically) {
  ReadOptions options;
  options.declared.push_back({"grade", ColumnType::Categorical, {}, {}, {}});
  const Table t = parse_csv("grade\n10\n9\n100\n9\n", "t.csv", options);
  EXPECT_EQ(t.column("grade").levels, (std::vector<std::string>{"9", "10", "100"}));
  EXPECT_EQ(t.column("grade").values, (std::vector<double>{1, 0, 2, 0}));
}

TEST(CsvReader, MissingTokensAreErrorsListingColumnsAndCounts) {
  const std::string text = "age,race,x\n1,NA,1\n,a,2\nNaN,b,null\n4,\"NA\",3\n";
  try {
    parse_csv(text, "data.csv", {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "data.csv: missing values in age (2 rows), race (1 row), x (1 row); use "
              "--drop-missing to drop those rows");
  }
}

TEST(CsvReader, DropMissingDropsRowsAndReportsTheCount) {
  const std::string text = "age,race,x\n1,NA,1\n,a,2\nNaN,b,null\n4,\"NA\",3\n5,c,4.5\n6,c,5\n";
  ReadOptions options;
  options.drop_missing = true;
  ReadReport report;
  const Table t = parse_csv(text, "data.csv", options, &report);
  EXPECT_EQ(report.rows_read, 6u);
  EXPECT_EQ(report.rows_dropped, 3u);
  ASSERT_EQ(t.rows(), 3u);
  EXPECT_EQ(t.column("age").type, ColumnType::Integer);
  EXPECT_EQ(t.column("age").values, (std::vector<double>{4, 5, 6}));
  // A quoted "NA" is a label; levels seen only in dropped rows are gone.
  EXPECT_EQ(t.column("race").levels, (std::vector<std::string>{"NA", "c"}));
  EXPECT_EQ(t.column("race").type, ColumnType::Binary);
  EXPECT_EQ(t.column("x").type, ColumnType::Numerical);
  EXPECT_EQ(t.column("x").values, (std::vector<double>{3, 4.5, 5}));
}

TEST(CsvReader, DeclaredTypesOverrideInference) {
  ReadOptions options;
  options.declared.push_back({"a", ColumnType::Numerical, {}, {}, {}});
  options.declared.push_back({"b", ColumnType::Categorical, {}, {}, {}});
  options.declared.push_back({"c", ColumnType::Integer, {}, 0.0, 100.0});
  const Table t = parse_csv("a,b,c\n0,1,5\n1,2,7\n", "t.csv", options);
  EXPECT_EQ(t.column("a").type, ColumnType::Numerical);  // would be binary
  EXPECT_EQ(t.column("b").type, ColumnType::Categorical);
  EXPECT_EQ(t.column("b").levels, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(t.column("c").type, ColumnType::Integer);
  EXPECT_EQ(t.column("c").lower, 0.0);
  EXPECT_EQ(t.column("c").upper, 100.0);
}

TEST(CsvReader, BoundsOnAnInferredColumnKeepItAQuantity) {
  ReadOptions options;
  options.bounds["n"] = {0.0, std::nullopt};
  const Table t = parse_csv("n\n0\n3\n0\n", "t.csv", options);
  EXPECT_EQ(t.column("n").type, ColumnType::Integer);
  EXPECT_EQ(t.column("n").lower, 0.0);
  EXPECT_FALSE(t.column("n").upper.has_value());
}

TEST(CsvReader, DeclaredLevelsFixTheLevelListAndMatchNumbersByValue) {
  ReadOptions options;
  options.declared.push_back({"g", ColumnType::Categorical, {"3", "1", "2"}, {}, {}});
  const Table t = parse_csv("g\n1.0\n3\n", "t.csv", options);
  EXPECT_EQ(t.column("g").levels, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(t.column("g").values, (std::vector<double>{0, 2}));
}

TEST(CsvReader, NumbersParseExactly) {
  const Table t = parse_csv("x\n0.1\n1e-300\n-17.125\n +2.5 \n123456789012345678\n", "t.csv", {});
  const auto& v = t.column("x").values;
  EXPECT_EQ(v[0], 0.1);
  EXPECT_EQ(v[1], 1e-300);
  EXPECT_EQ(v[2], -17.125);
  EXPECT_EQ(v[3], 2.5);
  EXPECT_EQ(v[4], 123456789012345678.0);
}

TEST(CsvReader, BlankLinesAreSkipped) {
  const Table t = parse_csv("a,b\n1,x\n\n2,y\n\n", "t.csv", {});
  EXPECT_EQ(t.rows(), 2u);
}

TEST(CsvReader, ReadsLalonde) {
  ReadReport report;
  const Table t = read_csv(std::string(CAUSALMIX_SOURCE_DIR) + "/data/lalonde.csv", {}, &report);
  EXPECT_EQ(t.rows(), 614u);
  EXPECT_EQ(report.rows_read, 614u);
  EXPECT_EQ(t.column("treat").type, ColumnType::Binary);
  EXPECT_EQ(t.column("age").type, ColumnType::Integer);
  EXPECT_EQ(t.column("educ").type, ColumnType::Integer);
  EXPECT_EQ(t.column("race").levels, (std::vector<std::string>{"black", "hispan", "white"}));
  EXPECT_EQ(t.column("married").type, ColumnType::Binary);
  EXPECT_EQ(t.column("re78").type, ColumnType::Numerical);
  EXPECT_EQ(t.column("re78").values[0], 9930.046);
  double treated = 0;
  for (double v : t.column("treat").values) treated += v;
  EXPECT_EQ(treated, 185.0);
}

}  // namespace
}  // namespace causalmix

namespace causalmix {
namespace {

// The reader parses short plain decimals itself; it must agree with from_chars exactly.
TEST(CsvReader, ShortDecimalsParseExactlyLikeFromChars) {
  Rng rng(11);
  std::string text = "x\n";
  std::vector<std::string> cells;
  for (int i = 0; i < 20000; ++i) {
    const int digits = 1 + static_cast<int>(rng.uniform_int(15));
    std::string cell;
    if (rng.bernoulli(0.5)) cell += '-';
    for (int d = 0; d < digits; ++d) cell += static_cast<char>('0' + rng.uniform_int(10));
    if (rng.bernoulli(0.8)) cell.insert(cell.size() - rng.uniform_int(static_cast<std::uint64_t>(digits) + 1), 1, '.');
    if (cell == "-." || cell == "." || cell.back() == '-') continue;
    cells.push_back(cell);
    text += cell;
    text += '\n';
  }
  ReadOptions options;
  options.declared.push_back({"x", ColumnType::Numerical, {}, {}, {}});
  const Table t = parse_csv(text, "t.csv", options);
  ASSERT_EQ(t.rows(), cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    double expected = 0.0;
    std::from_chars(cells[i].data(), cells[i].data() + cells[i].size(), expected);
    ASSERT_EQ(t.columns[0].values[i], expected) << cells[i];
  }
}

}  // namespace
}  // namespace causalmix

namespace causalmix {
namespace {

TEST(CsvReader, ColumnsTurningToTextAtDifferentRowsKeepEveryEarlierCell) {
  const Table t = parse_csv(
      "a,b,c\n"
      "1,\"2\",3.5\n"
      "\"x \"\"q\"\"\",4,4.5\n"
      "2,5,\n"
      "3,six,5.5\n",
      "t.csv", [] {
        ReadOptions options;
        options.drop_missing = true;
        return options;
      }());
  ASSERT_EQ(t.rows(), 3u);  // the row with an empty c is dropped
  const Column& a = t.column("a");
  EXPECT_EQ(a.type, ColumnType::Categorical);
  EXPECT_EQ(a.levels, (std::vector<std::string>{"1", "3", "x \"q\""}));
  EXPECT_EQ(a.values, (std::vector<double>{0, 2, 1}));
  const Column& b = t.column("b");
  EXPECT_EQ(b.levels, (std::vector<std::string>{"2", "4", "six"}));
  EXPECT_EQ(b.values, (std::vector<double>{0, 1, 2}));
  EXPECT_EQ(t.column("c").values, (std::vector<double>{3.5, 4.5, 5.5}));
}

}  // namespace
}  // namespace causalmix
