#include "sandbox/overlap_levels.hpp"

#include <algorithm>

#include "causalmix/error.hpp"

namespace causalmix::sandbox {

vae::RowMatrixF alpha_at_levels(const CompiledKnobs& knobs, Table table, const std::string& treatment,
                                const Standardization& standardization, std::optional<double> treatment_rate,
                                const vae::HeadLayout& layout, const std::vector<double>& observed) {
  const auto [columns, width] = vae::discrete_levels(layout);
  const auto mentioned = knobs.alpha_columns();
  const auto n = static_cast<Eigen::Index>(observed.size());
  vae::RowMatrixF out(n, width);
  const Eigen::Map<const Eigen::VectorXd> observed_alpha(observed.data(), n);
  const int first = layout.gaussian + layout.hurdle;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const vae::VariableHead& head = layout.heads[static_cast<std::size_t>(first) + j];
    const bool used = std::find(mentioned.begin(), mentioned.end(), head.name) != mentioned.end();
    Column& column = table.columns[static_cast<std::size_t>(head.encoded_column)];
    const std::vector<double> kept = column.values;
    for (std::size_t k = 0; k < columns[j].size(); ++k) {
      auto target = out.col(columns[j][k]);
      target = observed_alpha.cast<float>();
      if (!used) continue;
      std::fill(column.values.begin(), column.values.end(), static_cast<double>(k));
      try {
        const auto alpha = knobs.alpha(table, treatment, standardization, treatment_rate);
        for (Eigen::Index i = 0; i < n; ++i) target(i) = static_cast<float>(alpha[static_cast<std::size_t>(i)]);
      } catch (const Error&) {
        // Not finite somewhere at this level: keep the observed targets (see the header).
      }
    }
    column.values = kept;
  }
  return out;
}

}  // namespace causalmix::sandbox
