// The terminal summary: headline figures per group as mean ± sd, and the notes.
#include <cmath>
#include <cstdio>
#include <set>

#include "causalmix/report.hpp"
#include "eval/summary_rows.hpp"
#include "eval/svg_plot.hpp"

namespace causalmix {

namespace {
using nlohmann::json;


std::string pad(const std::string& text, std::size_t width) {
  // Width in code points, so labels with κ or ² line up.
  std::size_t points = 0;
  for (unsigned char c : text) points += (c & 0xC0) != 0x80;
  return text + std::string(width > points ? width - points : 1, ' ');
}
}  // namespace

std::string render_report_text(const json& report) {
  const json& groups = report["groups"];
  const auto& rows = eval::summary_rows();

  constexpr std::size_t kLabel = 28, kCell = 22;
  std::string out = pad("", kLabel);
  for (const auto& g : groups)
    out += pad(g["name"].get<std::string>() + " (" + std::to_string(g["replicates"].get<int>()) + ")", kCell);
  out += "\n";
  for (const auto& row : rows) {
    std::string line = pad(row.label, kLabel);
    bool any = false;
    for (const auto& g : groups) {
      const json& mean = eval::json_at_path(g["mean"], row.path);
      const json& sd = eval::json_at_path(g["sd"], row.path);
      std::string cell = "-";
      if (mean.is_number()) {
        any = true;
        cell = eval::format_number(mean.get<double>());
        if (sd.is_number()) cell += " ± " + eval::format_number(sd.get<double>(), 2);
      }
      line += pad(cell, kCell);
    }
    if (any) out += line + "\n";
  }
  if (report.contains("real") && report["real"]["data_overlap"].is_object()) {
    const json& o = report["real"]["data_overlap"];
    out += pad("real: propensity AUC", kLabel) + eval::format_number(o.value("auc", std::nan(""))) +
           ", overlap coefficient " + eval::format_number(o["overlap_coefficient"].is_number() ? o["overlap_coefficient"].get<double>() : std::nan("")) + "\n";
  }
  std::set<std::string> seen;
  for (const auto& g : groups)
    for (const char* part : {"fidelity", "privacy", "causal"}) {
      const json& notes = eval::json_at_path(g["mean"], {part, "notes"});
      if (notes.is_array())
        for (const auto& n : notes)
          if (n.is_string() && seen.insert(n.get<std::string>()).second) out += "note: " + n.get<std::string>() + "\n";
    }
  return out;
}

}  // namespace causalmix
