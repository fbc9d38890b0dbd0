#include <cmath>

#include "causalmix/expr.hpp"

namespace causalmix {

// Mean and sd over the present (non-missing) values; two passes so the variance does not
// lose precision on large values like incomes. A column with fewer than two present values
// has no sd and gets no entry (z() of it is then an error that names it).
Standardization Standardization::fit(const Table& table) {
  Standardization out;
  for (const auto& column : table.columns) {
    if (column.discrete()) continue;
    double sum = 0.0;
    std::size_t count = 0;
    for (double v : column.values)
      if (!std::isnan(v)) sum += v, ++count;
    if (count < 2) continue;
    const double mean = sum / static_cast<double>(count);
    double squares = 0.0;
    for (double v : column.values)
      if (!std::isnan(v)) squares += (v - mean) * (v - mean);
    out.mean_sd[column.name] = {mean, std::sqrt(squares / static_cast<double>(count - 1))};
  }
  return out;
}

}  // namespace causalmix
