// The quadratic part of the evaluation: sums of RBF kernel values and Euclidean distances
// over all pairs of two row sets (for MMD² and energy distance), the median pairwise
// distance (the kernel bandwidth), and brute-force nearest neighbours (for privacy).
// Computed in blocks through matrix products, so memory stays O(block × rows).
#pragma once

#include <Eigen/Core>
#include <vector>

namespace causalmix::eval {

// Sums over pairs (i in a, j in b) split by the strata of i and j (each in 0..strata−1, or
// −1 to leave a row out of the stratified sums; every row counts in the overall sums).
struct PairSums {
  int strata = 0;
  double kernel = 0.0, distance = 0.0, pairs = 0.0;            // overall
  double diagonal_kernel = 0.0;  // Σ k(a_i, b_i) over i = j (row positions), when not skipped
  std::vector<double> kernel_by, distance_by, pairs_by;         // [s_i * strata + s_j]
};

// k(x, y) = exp(−‖x − y‖² / (2 h²)). With `skip_diagonal` (a and b the same set) the i = j
// pairs are left out, as the unbiased estimators need.
PairSums pair_sums(const Eigen::MatrixXd& a, const std::vector<int>& strata_a,
                   const Eigen::MatrixXd& b, const std::vector<int>& strata_b, int strata,
                   double bandwidth, bool skip_diagonal);

// Median of ‖x_i − x_j‖ over i < j.
double median_pairwise_distance(const Eigen::MatrixXd& rows);

struct Neighbours {
  std::vector<double> nearest, second;  // per query row; second is +inf with one reference row
};
Neighbours nearest_two(const Eigen::MatrixXd& queries, const Eigen::MatrixXd& reference);

}  // namespace causalmix::eval
