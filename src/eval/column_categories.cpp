#include "eval/column_categories.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "eval/statistics.hpp"

namespace causalmix::eval {

std::vector<double> quantile_edges(const std::vector<double>& real_values, int bins) {
  std::vector<double> sorted = finite_values(real_values);
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> edges;
  if (sorted.empty()) return edges;
  for (int k = 1; k < bins; ++k) {
    const double edge = quantile_sorted(sorted, static_cast<double>(k) / bins);
    if (edges.empty() || edge > edges.back()) edges.push_back(edge);
  }
  return edges;
}

int bin_of(double x, const std::vector<double>& edges) {
  return static_cast<int>(std::lower_bound(edges.begin(), edges.end(), x) - edges.begin());
}

namespace {

// Labels of a discrete column's codes, extended into `index` (the union of levels).
std::vector<int> label_categories(const Column& column, std::unordered_map<std::string, int>& index,
                                  std::vector<std::string>& labels) {
  std::vector<int> translate(column.levels.size());
  for (std::size_t k = 0; k < column.levels.size(); ++k) {
    auto [it, inserted] = index.emplace(column.levels[k], static_cast<int>(labels.size()));
    if (inserted) labels.push_back(column.levels[k]);
    translate[k] = it->second;
  }
  std::vector<int> out(column.values.size(), -1);
  for (std::size_t i = 0; i < column.values.size(); ++i) {
    const double v = column.values[i];
    if (!std::isfinite(v) || v < 0) continue;
    const auto code = static_cast<std::size_t>(v);
    if (code < translate.size()) out[i] = translate[code];
  }
  return out;
}

}  // namespace

SharedCategories shared_categories(const Column& real, const Column& synthetic, int bins) {
  SharedCategories out;
  if (real.discrete()) {
    std::unordered_map<std::string, int> index;
    out.real = label_categories(real, index, out.labels);
    out.synthetic = label_categories(synthetic, index, out.labels);
    return out;
  }
  const std::vector<double> edges = quantile_edges(real.values, bins);
  for (std::size_t k = 0; k <= edges.size(); ++k) {
    const std::string lower = k == 0 ? "-inf" : std::to_string(edges[k - 1]);
    const std::string upper = k == edges.size() ? "inf" : std::to_string(edges[k]);
    out.labels.push_back("(" + lower + ", " + upper + "]");
  }
  auto assign = [&](const Column& column) {
    std::vector<int> categories(column.values.size(), -1);
    for (std::size_t i = 0; i < column.values.size(); ++i)
      if (std::isfinite(column.values[i])) categories[i] = bin_of(column.values[i], edges);
    return categories;
  };
  out.real = assign(real);
  out.synthetic = assign(synthetic);
  return out;
}

}  // namespace causalmix::eval
