// The built program on bad tables: exit code 2, one line on stderr naming file, line and
// column, and no output file. Also the happy paths of `toy` and `schema`.
#include "cli_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "causalmix/csv.hpp"
#include "causalmix/schema.hpp"

namespace fs = std::filesystem;

namespace {

class CliTable : public causalmix::testing::CliTest {
 protected:
  // A bad table given to `schema -o out.yaml`: exit 2, one line containing `expected`,
  // nothing written.
  void expect_rejected(const std::string& args, const std::string& expected) {
    expect_one_line_error(args + " -o '" + path("out.yaml") + "'", expected);
    EXPECT_FALSE(fs::exists(path("out.yaml")));
    for (const auto& entry : fs::directory_iterator(dir_))
      EXPECT_EQ(entry.path().filename().string().find("out.yaml"), std::string::npos) << entry.path();
  }
};

TEST_F(CliTable, MissingFile) {
  expect_rejected("schema '" + path("nope.csv") + "'", path("nope.csv") + ": cannot open file");
}

TEST_F(CliTable, EmptyFile) {
  write("empty.csv", "");
  expect_rejected("schema '" + path("empty.csv") + "'", path("empty.csv") + ": the file is empty");
}

TEST_F(CliTable, HeaderOnly) {
  write("h.csv", "a,b\n");
  expect_rejected("schema '" + path("h.csv") + "'", "h.csv: the file has a header but no data rows");
}

TEST_F(CliTable, DuplicateColumnNames) {
  write("d.csv", "a,b,a\n1,2,3\n");
  expect_rejected("schema '" + path("d.csv") + "'", "d.csv:1: duplicate column name 'a' (columns 1 and 3)");
}

TEST_F(CliTable, RaggedRow) {
  write("r.csv", "a,b\n1,2\n3,4\n5\n");
  expect_rejected("schema '" + path("r.csv") + "'", "r.csv:4: line 4 has 1 field, header has 2");
}

TEST_F(CliTable, UnterminatedQuote) {
  write("q.csv", "a,b\n1,x\n2,\"y\n3,z\n");
  expect_rejected("schema '" + path("q.csv") + "'", "q.csv:3: column 'b': unterminated quote");
}

TEST_F(CliTable, TextInADeclaredNumericalColumn) {
  write("t.csv", "a,b\n1,2\n3,abc\n");
  expect_rejected("schema '" + path("t.csv") + "' --numerical b",
                  "t.csv:3: column 'b': \"abc\" is not a number");
}

TEST_F(CliTable, FlagNamingAMissingColumnListsCloseMatches) {
  write("m.csv", "age,educ\n1,2\n3,4\n5,6\n");
  expect_rejected("schema '" + path("m.csv") + "' --integer agee",
                  "declared column 'agee' is not in the file (did you mean 'age'?)");
}

TEST_F(CliTable, MissingValuesWithoutDropMissing) {
  write("n.csv", "age,race\n1,a\nNA,b\n3,\n");
  expect_rejected("schema '" + path("n.csv") + "'",
                  "n.csv: missing values in age (1 row), race (1 row); use --drop-missing to drop those rows");
}

TEST_F(CliTable, DropMissingNotesTheCount) {
  write("n.csv", "age,race\n1,a\nNA,b\n3,\n4,c\n");
  EXPECT_EQ(run("schema '" + path("n.csv") + "' --drop-missing"), 0) << stderr_;
  EXPECT_NE(stderr_.find("dropped 2 of 4 rows with missing values"), std::string::npos) << stderr_;
  EXPECT_NE(stdout_.find("levels: [a, c]"), std::string::npos) << stdout_;
}

TEST_F(CliTable, ToyThenSchemaThenSchemaBack) {
  ASSERT_EQ(run("toy -n 50 --seed 42 -o '" + path("toy.csv") + "'"), 0) << stderr_;
  const causalmix::Table toy = causalmix::read_csv(path("toy.csv"));
  EXPECT_EQ(toy.rows(), 50u);
  EXPECT_EQ(toy.cols(), 13u);
  ASSERT_EQ(run("toy -n 50 --seed 42"), 0);
  EXPECT_EQ(stdout_, slurp(path("toy.csv")));  // stdout and file agree; the seed fixes the table

  ASSERT_EQ(run("schema '" + path("toy.csv") + "' -o '" + path("toy.yaml") + "'"), 0) << stderr_;
  const causalmix::Schema schema = causalmix::read_schema_file(path("toy.yaml"));
  ASSERT_EQ(schema.size(), 13u);
  EXPECT_EQ(schema[1].levels, (std::vector<std::string>{"A", "B", "C"}));
  ASSERT_EQ(run("schema '" + path("toy.csv") + "' --schema '" + path("toy.yaml") + "'"), 0) << stderr_;
  EXPECT_EQ(stdout_, slurp(path("toy.yaml")));
}

TEST_F(CliTable, BadSchemaFileNamesItsLine) {
  write("a.csv", "x\n1\n2\n3\n");
  write("s.yaml", "columns:\n  - name: x\n    type: nmerical\n");
  expect_rejected("schema '" + path("a.csv") + "' --schema '" + path("s.yaml") + "'",
                  "s.yaml:3: column 'x': unknown column type 'nmerical'");
}

TEST_F(CliTable, MalformedBoundsFlag) {
  write("a.csv", "x\n1\n2\n3\n");
  expect_rejected("schema '" + path("a.csv") + "' --bounds x=0-10",
                  "--bounds 'x=0-10': expected COLUMN=LOWER:UPPER");
}

}  // namespace
