#include "eval/pairwise.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace causalmix::eval {

namespace {
constexpr Eigen::Index kBlock = 512;

// Squared distances between a block of rows of `a` and all rows of `b` (clamped at 0:
// the expansion ‖x‖² + ‖y‖² − 2xy can round below zero).
void block_squared_distances(const Eigen::MatrixXd& a, Eigen::Index start, Eigen::Index size,
                             const Eigen::MatrixXd& b, const Eigen::VectorXd& b_norms,
                             Eigen::MatrixXd& out) {
  const auto block = a.middleRows(start, size);
  out.noalias() = -2.0 * block * b.transpose();
  const Eigen::VectorXd a_norms = block.rowwise().squaredNorm();
  out.colwise() += a_norms;
  out.rowwise() += b_norms.transpose();
  out = out.cwiseMax(0.0);
}
}  // namespace

PairSums pair_sums(const Eigen::MatrixXd& a, const std::vector<int>& strata_a,
                   const Eigen::MatrixXd& b, const std::vector<int>& strata_b, int strata,
                   double bandwidth, bool skip_diagonal) {
  PairSums sums;
  sums.strata = strata;
  const auto cells = static_cast<std::size_t>(strata * strata);
  sums.kernel_by.assign(cells, 0.0);
  sums.distance_by.assign(cells, 0.0);
  sums.pairs_by.assign(cells, 0.0);
  const double gamma = 1.0 / (2.0 * bandwidth * bandwidth);
  const Eigen::VectorXd b_norms = b.rowwise().squaredNorm();
  Eigen::MatrixXd squared;
  const auto width = static_cast<std::size_t>(std::max(strata, 1));
  std::vector<double> row_kernel(width), row_distance(width), row_pairs(width);
  for (Eigen::Index start = 0; start < a.rows(); start += kBlock) {
    const Eigen::Index size = std::min(kBlock, a.rows() - start);
    squared.resize(size, b.rows());
    block_squared_distances(a, start, size, b, b_norms, squared);
    for (Eigen::Index r = 0; r < size; ++r) {
      const Eigen::Index i = start + r;
      const int si = strata > 0 ? strata_a[static_cast<std::size_t>(i)] : -1;
      // Per-row partial sums keep the accumulation in double and the stratum split cheap.
      std::fill(row_kernel.begin(), row_kernel.end(), 0.0);
      std::fill(row_distance.begin(), row_distance.end(), 0.0);
      std::fill(row_pairs.begin(), row_pairs.end(), 0.0);
      double kernel = 0.0, distance = 0.0, pairs = 0.0;
      for (Eigen::Index j = 0; j < b.rows(); ++j) {
        if (skip_diagonal && i == j) continue;
        const double d2 = squared(r, j);
        const double k = std::exp(-gamma * d2);
        if (i == j) sums.diagonal_kernel += k;
        const double d = std::sqrt(d2);
        kernel += k;
        distance += d;
        pairs += 1.0;
        if (si >= 0) {
          const int sj = strata_b[static_cast<std::size_t>(j)];
          if (sj >= 0) {
            row_kernel[static_cast<std::size_t>(sj)] += k;
            row_distance[static_cast<std::size_t>(sj)] += d;
            row_pairs[static_cast<std::size_t>(sj)] += 1.0;
          }
        }
      }
      sums.kernel += kernel;
      sums.distance += distance;
      sums.pairs += pairs;
      if (si >= 0)
        for (int sj = 0; sj < strata; ++sj) {
          const auto cell = static_cast<std::size_t>(si * strata + sj);
          sums.kernel_by[cell] += row_kernel[static_cast<std::size_t>(sj)];
          sums.distance_by[cell] += row_distance[static_cast<std::size_t>(sj)];
          sums.pairs_by[cell] += row_pairs[static_cast<std::size_t>(sj)];
        }
    }
  }
  return sums;
}

double median_pairwise_distance(const Eigen::MatrixXd& rows) {
  const Eigen::Index n = rows.rows();
  if (n < 2) return 0.0;
  std::vector<double> distances;
  distances.reserve(static_cast<std::size_t>(n * (n - 1) / 2));
  const Eigen::VectorXd norms = rows.rowwise().squaredNorm();
  Eigen::MatrixXd squared;
  for (Eigen::Index start = 0; start < n; start += kBlock) {
    const Eigen::Index size = std::min(kBlock, n - start);
    squared.resize(size, n);
    block_squared_distances(rows, start, size, rows, norms, squared);
    for (Eigen::Index r = 0; r < size; ++r)
      for (Eigen::Index j = start + r + 1; j < n; ++j) distances.push_back(std::sqrt(squared(r, j)));
  }
  // The median of an even count is the mean of the two middle values (as numpy).
  const std::size_t m = distances.size();
  auto middle = distances.begin() + static_cast<std::ptrdiff_t>(m / 2);
  std::nth_element(distances.begin(), middle, distances.end());
  const double upper = *middle;
  if (m % 2 == 1) return upper;
  const double lower = *std::max_element(distances.begin(), middle);
  return 0.5 * (lower + upper);
}

Neighbours nearest_two(const Eigen::MatrixXd& queries, const Eigen::MatrixXd& reference) {
  Neighbours out;
  const Eigen::Index n = queries.rows();
  out.nearest.assign(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  out.second.assign(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  const Eigen::VectorXd norms = reference.rowwise().squaredNorm();
  Eigen::MatrixXd squared;
  for (Eigen::Index start = 0; start < n; start += kBlock) {
    const Eigen::Index size = std::min(kBlock, n - start);
    squared.resize(size, reference.rows());
    block_squared_distances(queries, start, size, reference, norms, squared);
    for (Eigen::Index r = 0; r < size; ++r) {
      double best = std::numeric_limits<double>::infinity(), next = best;
      Eigen::Index best_j = -1, next_j = -1;
      for (Eigen::Index j = 0; j < reference.rows(); ++j) {
        const double d2 = squared(r, j);
        if (d2 < best) {
          next = best;
          next_j = best_j;
          best = d2;
          best_j = j;
        } else if (d2 < next) {
          next = d2;
          next_j = j;
        }
      }
      // Recompute the two winners directly: the expansion loses exact zeros to rounding,
      // and an exact copy must show distance 0.
      const auto row = queries.row(start + r);
      if (best_j >= 0) out.nearest[static_cast<std::size_t>(start + r)] = (row - reference.row(best_j)).norm();
      if (next_j >= 0) out.second[static_cast<std::size_t>(start + r)] = (row - reference.row(next_j)).norm();
      if (out.second[static_cast<std::size_t>(start + r)] < out.nearest[static_cast<std::size_t>(start + r)])
        std::swap(out.second[static_cast<std::size_t>(start + r)], out.nearest[static_cast<std::size_t>(start + r)]);
    }
  }
  return out;
}

}  // namespace causalmix::eval
