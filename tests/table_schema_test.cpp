// The schema file: written, edited, read back; problems name the file and line.
#include <gtest/gtest.h>

#include "causalmix/csv.hpp"
#include "causalmix/error.hpp"
#include "causalmix/schema.hpp"

namespace causalmix {
namespace {

std::string error_of(const std::string& yaml) {
  try {
    schema_from_yaml(yaml, "s.yaml");
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << yaml;
  return "";
}

TEST(Schema, WritesTheDocumentedLayout) {
  Schema schema = {{"age", ColumnType::Integer, {}, 0.0, {}},
                   {"race", ColumnType::Categorical, {"black", "hispan", "white"}, {}, {}}};
  EXPECT_EQ(schema_to_yaml(schema),
            "# causalmix schema: one entry per column. Edit types (numerical, integer, binary,\n"
            "# categorical), levels and bounds (lower, upper), then pass it back with --schema FILE.\n"
            "columns:\n"
            "  - name: age\n"
            "    type: integer\n"
            "    lower: 0\n"
            "  - name: race\n"
            "    type: categorical\n"
            "    levels: [black, hispan, white]\n");
}

TEST(Schema, RoundTripsAwkwardNamesAndLabels) {
  Schema schema = {{"weird: name # x", ColumnType::Binary, {"no", "yes"}, {}, {}},
                   {"q\"uote", ColumnType::Categorical, {"-", "a, b", "null", "true", "~", "x\ty"}, {}, {}},
                   {"x", ColumnType::Numerical, {}, -0.5, 1e10},
                   {"-1", ColumnType::Categorical, {"-1", "2", "10"}, {}, {}}};
  const Schema back = schema_from_yaml(schema_to_yaml(schema), "s.yaml");
  ASSERT_EQ(back.size(), schema.size());
  for (std::size_t j = 0; j < schema.size(); ++j) {
    EXPECT_EQ(back[j].name, schema[j].name);
    EXPECT_EQ(back[j].type, schema[j].type);
    EXPECT_EQ(back[j].lower, schema[j].lower);
    EXPECT_EQ(back[j].upper, schema[j].upper);
  }
  EXPECT_EQ(back[0].levels, schema[0].levels);
  EXPECT_EQ(back[3].levels, schema[3].levels);
}

TEST(Schema, InferredSchemaFedBackReadsTheSameTable) {
  const std::string csv = "t,g,x,n\n1,b,0.5,3\n0,a,1.5,4\n1,c,2,5\n";
  const Table inferred = parse_csv(csv, "d.csv", {});
  const std::string yaml = schema_to_yaml(inferred);
  EXPECT_NE(yaml.find("type: numerical  # in the data: 0.5 to 2"), std::string::npos) << yaml;
  ReadOptions options;
  options.declared = schema_from_yaml(yaml, "s.yaml");
  const Table again = parse_csv(csv, "d.csv", options);
  for (std::size_t j = 0; j < inferred.cols(); ++j) {
    EXPECT_EQ(again.columns[j].type, inferred.columns[j].type);
    EXPECT_EQ(again.columns[j].levels, inferred.columns[j].levels);
    EXPECT_EQ(again.columns[j].values, inferred.columns[j].values);
  }
}

TEST(Schema, EditedTypeOverridesInference) {
  ReadOptions options;
  options.declared = schema_from_yaml("columns:\n  - {name: t, type: numerical, lower: -1}\n", "s.yaml");
  const Table t = parse_csv("t\n0\n1\n", "d.csv", options);
  EXPECT_EQ(t.column("t").type, ColumnType::Numerical);
  EXPECT_EQ(t.column("t").lower, -1.0);
}

TEST(Schema, ErrorsNameTheFileAndLine) {
  EXPECT_EQ(error_of("columns:\n  - name: a\n    type: integr\n"),
            "s.yaml:3: column 'a': unknown column type 'integr' (expected numerical, integer, "
            "binary or categorical)");
  EXPECT_EQ(error_of("columns:\n  - name: a\n    type: integer\n    lowr: 0\n"),
            "s.yaml:4: unknown key 'lowr' (did you mean 'lower'?); keys are name, type, levels, lower, upper");
  EXPECT_EQ(error_of("columns:\n  - name: a\n    type: integer\n    levels: [1, 2]\n"),
            "s.yaml:4: column 'a' is integer; levels apply to binary and categorical columns");
  EXPECT_EQ(error_of("columns:\n  - name: a\n    type: binary\n    levels: [x, y, z]\n"),
            "s.yaml:4: column 'a' is binary but lists 3 levels");
  EXPECT_EQ(error_of("columns:\n  - name: a\n    type: numerical\n    upper: big\n"),
            "s.yaml:4: column 'a': upper bound \"big\" is not a number");
  EXPECT_EQ(error_of("columns:\n  - name: a\n    type: binary\n  - name: a\n    type: integer\n"),
            "s.yaml:4: column 'a' is listed twice");
  EXPECT_EQ(error_of("columns:\n  - type: binary\n"), "s.yaml:2: a column has no name");
  EXPECT_NE(error_of("columns: [\n").find("s.yaml:"), std::string::npos);
  EXPECT_EQ(error_of("hello\n"), "s.yaml: a schema is a map with a 'columns' list");
}

TEST(Schema, MissingFileIsAnError) {
  EXPECT_THROW(read_schema_file("/nonexistent/schema.yaml"), Error);
}

}  // namespace
}  // namespace causalmix
