// Columns as categories shared by two tables: discrete columns by label over the union of
// their levels, numerical columns by quantile bins fitted on the real column. The common
// ground of the TV and contingency similarities.
#pragma once

#include <string>
#include <vector>

#include "causalmix/table.hpp"

namespace causalmix::eval {

struct SharedCategories {
  std::vector<int> real, synthetic;  // category per row, −1 for missing
  std::vector<std::string> labels;   // one per category
  int count() const { return static_cast<int>(labels.size()); }
};

// Inner quantiles k/bins (k = 1..bins−1, numpy's linear interpolation) of the finite real
// values, duplicates removed: a point mass merges bins instead of leaving empty ones.
std::vector<double> quantile_edges(const std::vector<double>& real_values, int bins);
// Bin of x among `edges`: the number of edges strictly below x (intervals closed on the
// right, as pandas.qcut).
int bin_of(double x, const std::vector<double>& edges);

SharedCategories shared_categories(const Column& real, const Column& synthetic, int bins);

}  // namespace causalmix::eval
