#include "vae/heads.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace causalmix::vae {

BoundKind VariableHead::bound_kind() const {
  const bool lo = std::isfinite(lower), hi = std::isfinite(upper);
  if (lo && hi) return BoundKind::Both;
  if (lo) return BoundKind::LowerOnly;
  if (hi) return BoundKind::UpperOnly;
  return BoundKind::None;
}

int HeadLayout::arm_width() const {
  int width = 2 * gaussian + 3 * hurdle + binary;
  for (const auto& h : heads)
    if (h.kind == HeadKind::Categorical) width += h.levels;
  return width;
}

namespace {

std::vector<HeadLayout::Run> runs_of(const std::vector<VariableHead>& group) {
  std::vector<HeadLayout::Run> runs;
  for (int i = 0; i < static_cast<int>(group.size()); ++i) {
    const BoundKind k = group[i].bound_kind();
    if (!runs.empty() && runs.back().kind == k)
      ++runs.back().count;
    else
      runs.push_back({k, i, 1});
  }
  return runs;
}

}  // namespace

HeadLayout make_head_layout(const Encoding& encoding, const std::vector<int>& columns,
                            const Eigen::MatrixXd& encoded, double point_mass_share) {
  std::vector<VariableHead> gaussian, hurdle, binary, categorical;
  const double rows = static_cast<double>(encoded.rows());
  for (int c : columns) {
    const ColumnEncoding& col = encoding.columns()[c];
    VariableHead head;
    head.name = col.spec.name;
    head.encoded_column = c;
    switch (col.spec.type) {
      case ColumnType::Binary:
        head.kind = HeadKind::Binary;
        head.levels = 2;
        binary.push_back(head);
        break;
      case ColumnType::Categorical:
        if (col.level_count() <= 2) {
          head.kind = HeadKind::Binary;
          head.levels = 2;
          binary.push_back(head);
        } else {
          head.kind = HeadKind::Categorical;
          head.levels = col.level_count();
          categorical.push_back(head);
        }
        break;
      case ColumnType::Numerical:
      case ColumnType::Integer: {
        head.kind = HeadKind::Gaussian;
        head.lower = col.lower_z;
        head.upper = col.upper_z;
        const auto values = encoded.col(c);
        const double lo = values.minCoeff(), hi = values.maxCoeff();
        const double at_min = (values.array() == lo).cast<double>().sum() / rows;
        const double at_max = (values.array() == hi).cast<double>().sum() / rows;
        // A point mass at an end of the range: the larger of the two ends, if it holds
        // enough rows and the column is not constant.
        if (lo < hi && std::max(at_min, at_max) >= point_mass_share) {
          head.kind = HeadKind::Hurdle;
          head.atom_is_minimum = at_min >= at_max;
          head.atom = head.atom_is_minimum ? lo : hi;
          hurdle.push_back(head);
        } else {
          gaussian.push_back(head);
        }
        break;
      }
    }
  }
  auto by_bound = [](const VariableHead& a, const VariableHead& b) {
    return static_cast<int>(a.bound_kind()) < static_cast<int>(b.bound_kind());
  };
  std::stable_sort(gaussian.begin(), gaussian.end(), by_bound);
  std::stable_sort(hurdle.begin(), hurdle.end(), by_bound);

  std::vector<VariableHead> ordered;
  for (auto* group : {&gaussian, &hurdle, &binary, &categorical})
    ordered.insert(ordered.end(), group->begin(), group->end());
  return layout_from_heads(std::move(ordered));
}

HeadLayout layout_from_heads(std::vector<VariableHead> heads) {
  HeadLayout layout;
  std::vector<VariableHead> gaussian, hurdle;
  for (const auto& h : heads) {
    switch (h.kind) {
      case HeadKind::Gaussian: ++layout.gaussian; gaussian.push_back(h); break;
      case HeadKind::Hurdle: ++layout.hurdle; hurdle.push_back(h); break;
      case HeadKind::Binary: ++layout.binary; break;
      case HeadKind::Categorical: ++layout.categorical; break;
    }
  }
  layout.gaussian_runs = runs_of(gaussian);
  layout.hurdle_runs = runs_of(hurdle);
  layout.heads = std::move(heads);
  return layout;
}

RowMatrixF layout_targets(const HeadLayout& layout, const Eigen::MatrixXd& encoded) {
  RowMatrixF out(encoded.rows(), layout.variable_count());
  for (int v = 0; v < layout.variable_count(); ++v)
    out.col(v) = encoded.col(layout.heads[v].encoded_column).cast<float>();
  return out;
}

RowMatrixF layout_atom_mask(const HeadLayout& layout, const Eigen::MatrixXd& encoded) {
  RowMatrixF out(encoded.rows(), layout.hurdle);
  for (int h = 0; h < layout.hurdle; ++h) {
    const VariableHead& head = layout.heads[layout.gaussian + h];
    out.col(h) = (encoded.col(head.encoded_column).array() == head.atom).cast<float>();
  }
  return out;
}

}  // namespace causalmix::vae
