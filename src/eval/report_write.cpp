// Writing the report directory: report.json and report.html, each atomically.
#include <filesystem>

#include "causalmix/csv.hpp"
#include "causalmix/error.hpp"
#include "causalmix/report.hpp"

namespace causalmix {

void write_report(const nlohmann::json& report, const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw Error("cannot create report directory '" + directory + "': " + error.message());
  const std::filesystem::path dir(directory);
  write_file_atomic((dir / "report.json").string(), report.dump(1) + "\n");
  write_file_atomic((dir / "report.html").string(), render_report_html(report));
}

}  // namespace causalmix
