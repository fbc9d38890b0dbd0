// Bad input: each problem is one Error naming the file, the line and the column.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "causalmix/csv.hpp"
#include "causalmix/error.hpp"

namespace causalmix {
namespace {

std::string error_of(const std::string& text, const ReadOptions& options = {}) {
  try {
    parse_csv(text, "data.csv", options);
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    return message;
  }
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

ReadOptions declare(const std::string& name, ColumnType type) {
  ReadOptions options;
  options.declared.push_back({name, type, {}, {}, {}});
  return options;
}

TEST(CsvErrors, MissingFile) {
  try {
    read_csv("/nonexistent/dir/data.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/dir/data.csv: cannot open file (No such file or directory)");
  }
}

TEST(CsvErrors, DirectoryIsNotAFile) {
  const auto dir = std::filesystem::temp_directory_path();
  try {
    read_csv(dir.string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos);
  }
}

TEST(CsvErrors, EmptyFile) {
  EXPECT_EQ(error_of(""), "data.csv: the file is empty");
  EXPECT_EQ(error_of("\xEF\xBB\xBF\r\n\n"), "data.csv: the file is empty");
}

TEST(CsvErrors, HeaderOnly) {
  EXPECT_EQ(error_of("a,b,c\n"), "data.csv: the file has a header but no data rows");
  EXPECT_EQ(error_of("a,b,c"), "data.csv: the file has a header but no data rows");
}

TEST(CsvErrors, DuplicateColumnNames) {
  EXPECT_EQ(error_of("age,x,age\n1,2,3\n"), "data.csv:1: duplicate column name 'age' (columns 1 and 3)");
}

TEST(CsvErrors, EmptyColumnName) {
  EXPECT_EQ(error_of("a,,c\n1,2,3\n"), "data.csv:1: column 2 of the header has no name");
}

TEST(CsvErrors, RaggedRow) {
  EXPECT_EQ(error_of("a,b,c\n1,2,3\n4,5\n"), "data.csv:3: line 3 has 2 fields, header has 3");
  EXPECT_EQ(error_of("a,b\n1,2\r\n4,5,6,7\r\n"), "data.csv:3: line 3 has 4 fields, header has 2");
}

TEST(CsvErrors, UnterminatedQuoteNamesTheLineWhereItOpened) {
  EXPECT_EQ(error_of("a,b\n1,x\n2,\"open\n3,y\n4,z\n"),
            "data.csv:3: column 'b': unterminated quote (the quoted field opened on this line "
            "never closes)");
}

TEST(CsvErrors, TextAfterClosingQuote) {
  EXPECT_NE(error_of("a,b\n1,\"x\"y\n").find("data.csv:2: column 'b': unexpected text after a closing quote"),
            std::string::npos);
}

TEST(CsvErrors, TextInADeclaredNumericalColumn) {
  EXPECT_EQ(error_of("id,x\n1,2.5\n2,abc\n", declare("x", ColumnType::Numerical)),
            "data.csv:3: column 'x': \"abc\" is not a number (the column is declared numerical)");
}

TEST(CsvErrors, FractionInADeclaredIntegerColumn) {
  EXPECT_EQ(error_of("x\n1\n2.5\n", declare("x", ColumnType::Integer)),
            "data.csv:3: column 'x': 2.5 is not a whole number (the column is declared integer)");
}

TEST(CsvErrors, DeclaredColumnThatDoesNotExistListsCloseMatches) {
  EXPECT_EQ(error_of("age,educ,race\n1,2,a\n", declare("agee", ColumnType::Integer)),
            "data.csv: declared column 'agee' is not in the file (did you mean 'age'?); columns "
            "are: age, educ, race");
  ReadOptions options;
  options.bounds["rae"] = {0.0, 1.0};
  EXPECT_NE(error_of("age,educ,race\n1,2,a\n", options).find("column 'rae' is not in the file (did you mean 'race'"),
            std::string::npos);
}

TEST(CsvErrors, DeclaredBinaryWithAThirdValue) {
  EXPECT_EQ(error_of("t\n0\n1\n2\n", declare("t", ColumnType::Binary)),
            "data.csv:4: column 't': declared binary but has a third value \"2\" (besides \"0\" and \"1\")");
}

TEST(CsvErrors, ValueOutsideDeclaredLevels) {
  ReadOptions options;
  options.declared.push_back({"race", ColumnType::Categorical, {"black", "white"}, {}, {}});
  EXPECT_EQ(error_of("race\nblack\nwhite\nwhtie\n", options),
            "data.csv:4: column 'race': \"whtie\" is not one of the declared levels (black, white)");
}

TEST(CsvErrors, ValueOutsideBounds) {
  ReadOptions options;
  options.bounds["age"] = {0.0, 120.0};
  EXPECT_EQ(error_of("age\n30\n130\n", options), "data.csv:3: column 'age': 130 is above the upper bound 120");
  options.bounds["age"] = {18.0, std::nullopt};
  EXPECT_EQ(error_of("age\n30\n-1\n", options), "data.csv:3: column 'age': -1 is below the lower bound 18");
}

TEST(CsvErrors, TooManyLevelsSuggestsDeclaringTheColumn) {
  std::string text = "id,x\n";
  for (int i = 0; i < 150; ++i) {
    text += 'p';  // appended piece by piece: "p" + to_string trips a GCC 12 -Wrestrict false alarm
    text += std::to_string(i) + "," + std::to_string(i % 2) + "\n";
  }
  const std::string message = error_of(text);
  EXPECT_EQ(message,
            "data.csv: column 'id' has more than 100 distinct labels, too many for a categorical "
            "column; declare its type, e.g. --numerical id or --categorical id, or in a schema "
            "(--schema FILE)");
}

TEST(CsvErrors, TooManyLevelsAfterNumbersPointsAtTheFirstText) {
  std::string text = "income\n";
  for (int i = 0; i < 150; ++i) text += std::to_string(i) + ".5\n";
  text += "unknown\n";
  EXPECT_NE(error_of(text).find("(its first non-numeric value is \"unknown\" on line 152)"), std::string::npos);
}

TEST(CsvErrors, DeclaringMoreLevelsLiftsTheLimit) {
  std::string text = "id\n";
  for (int i = 0; i < 150; ++i) {
    text += 'p';
    text += std::to_string(i) + "\n";
  }
  const Table t = parse_csv(text, "data.csv", declare("id", ColumnType::Categorical));
  EXPECT_EQ(t.column("id").levels.size(), 150u);
}

TEST(CsvErrors, EveryRowMissingWithDropMissing) {
  ReadOptions options;
  options.drop_missing = true;
  EXPECT_EQ(error_of("a,b\n1,\n,2\n", options),
            "data.csv: every row has a missing value; nothing is left after dropping them");
}

TEST(CsvErrors, BoundsOnADeclaredCategoricalColumn) {
  ReadOptions options = declare("race", ColumnType::Categorical);
  options.bounds["race"] = {0.0, 1.0};
  EXPECT_NE(error_of("race\na\nb\n", options).find("bounds apply to numerical and integer columns"),
            std::string::npos);
}

}  // namespace
}  // namespace causalmix
