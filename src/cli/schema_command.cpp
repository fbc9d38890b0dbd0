// `causalmix schema`: read a table with the shared table flags and print its schema as YAML,
// for the user to edit and pass back with --schema.
#include <iostream>
#include <memory>

#include "causalmix/csv.hpp"
#include "causalmix/schema.hpp"
#include "cli/command.hpp"
#include "cli/table_options.hpp"

namespace causalmix::cli {
namespace {

struct SchemaArguments {
  std::string data, output;
  TableOptions table;
};

void run_schema(const SchemaArguments& args) {
  const Table table = args.table.read(args.data);
  const std::string yaml = schema_to_yaml(table);
  if (args.output.empty()) {
    std::cout << yaml;
  } else {
    write_file_atomic(args.output, yaml);
    if (!global_options().quiet) std::cerr << "wrote " << args.output << "\n";
  }
}

const CommandRegistration registration(10, [](CLI::App& app) {
  auto args = std::make_shared<SchemaArguments>();
  CLI::App* command = app.add_subcommand(
      "schema", "Print the inferred schema of a table (YAML) to edit and pass back with --schema");
  command->add_option("data", args->data, "The table (CSV)")->required();
  command->add_option("-o,--output", args->output, "Write the schema here instead of to stdout");
  args->table.add_to(command);
  command->callback([args] { run_schema(*args); });
});

}  // namespace
}  // namespace causalmix::cli
