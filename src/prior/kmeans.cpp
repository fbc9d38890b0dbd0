#include "prior/kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "causalmix/error.hpp"

namespace causalmix::prior {
namespace {

// Squared distances of every point to `centre`, into `out`.
void squared_distances(const Coordinates& points, const Eigen::VectorXd& centre,
                       Eigen::ArrayXd& out) {
  out.setZero(points.cols());
  for (Eigen::Index j = 0; j < points.rows(); ++j)
    out += (points.row(j).transpose().array() - centre[j]).square();
}

// Greedy k-means++ (Arthur & Vassilvitskii 2007, with the 2 + ln k local trials that
// scikit-learn uses): each new centre is the best of a few D²-weighted candidates.
Eigen::MatrixXd plus_plus_centres(const Coordinates& points, int clusters, Rng& rng) {
  const Eigen::Index n = points.cols();
  Eigen::MatrixXd centres(points.rows(), clusters);
  const int local_trials = 2 + static_cast<int>(std::log(static_cast<double>(clusters)));

  const auto first = static_cast<Eigen::Index>(rng.uniform_int(static_cast<std::uint64_t>(n)));
  centres.col(0) = points.col(first);
  Eigen::ArrayXd closest;
  squared_distances(points, centres.col(0), closest);
  double potential = closest.sum();

  std::vector<double> cumulative(static_cast<std::size_t>(n));
  Eigen::ArrayXd candidate_distances, best_distances;
  for (int c = 1; c < clusters; ++c) {
    std::partial_sum(closest.begin(), closest.end(), cumulative.begin());
    double best_potential = std::numeric_limits<double>::infinity();
    Eigen::Index best_index = 0;
    for (int trial = 0; trial < local_trials; ++trial) {
      const double target = rng.uniform() * potential;
      // First point whose cumulative weight reaches the target (numpy's searchsorted).
      auto it = std::lower_bound(cumulative.begin(), cumulative.end(), target);
      Eigen::Index index = std::min<Eigen::Index>(it - cumulative.begin(), n - 1);
      squared_distances(points, points.col(index), candidate_distances);
      candidate_distances = candidate_distances.min(closest);
      const double candidate_potential = candidate_distances.sum();
      if (candidate_potential < best_potential) {
        best_potential = candidate_potential;
        best_index = index;
        best_distances.swap(candidate_distances);
      }
    }
    centres.col(c) = points.col(best_index);
    closest.swap(best_distances);
    potential = best_potential;
  }
  return centres;
}

// Assigns each point to its nearest centre, leaving the squared distance in `nearest`.
void assign(const Coordinates& points, const Eigen::MatrixXd& centres, std::vector<int>& labels,
            Eigen::ArrayXd& nearest, Eigen::ArrayXd& scratch) {
  const Eigen::Index n = points.cols();
  nearest.setConstant(n, std::numeric_limits<double>::infinity());
  for (Eigen::Index c = 0; c < centres.cols(); ++c) {
    squared_distances(points, centres.col(c), scratch);
    for (Eigen::Index i = 0; i < n; ++i) {
      if (scratch[i] < nearest[i]) {  // strict: ties go to the lower-numbered centre
        nearest[i] = scratch[i];
        labels[static_cast<std::size_t>(i)] = static_cast<int>(c);
      }
    }
  }
}

}  // namespace

std::vector<int> kmeans_labels(const Coordinates& points, int clusters, Rng& rng,
                               const KMeansOptions& options) {
  const Eigen::Index n = points.cols();
  if (clusters < 1 || clusters > n)
    throw Error("k-means: need 1 <= clusters <= points, got " + std::to_string(clusters) +
                " clusters for " + std::to_string(n) + " points");

  Eigen::MatrixXd centres = plus_plus_centres(points, clusters, rng);
  const Eigen::VectorXd data_mean = points.rowwise().mean();
  const double mean_variance =
      (points.colwise() - data_mean).squaredNorm() / static_cast<double>(n * points.rows());
  const double tolerance = options.relative_tolerance * mean_variance;

  std::vector<int> labels(static_cast<std::size_t>(n), 0), previous(labels.size(), -1);
  Eigen::ArrayXd nearest(n), scratch(n);
  Eigen::MatrixXd sums(points.rows(), clusters);
  Eigen::VectorXd counts(clusters);
  bool labels_stable = false;
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    assign(points, centres, labels, nearest, scratch);
    sums.setZero();
    counts.setZero();
    for (Eigen::Index i = 0; i < n; ++i) {
      const int c = labels[static_cast<std::size_t>(i)];
      sums.col(c) += points.col(i);
      counts[c] += 1.0;
    }
    // An empty cluster takes the point farthest from its centre (as scikit-learn does), so
    // that k clusters stay in play whenever there are k distinct points.
    std::vector<Eigen::Index> by_distance;
    std::size_t next_farthest = 0;
    for (int c = 0; c < clusters; ++c) {
      if (counts[c] > 0) continue;
      if (by_distance.empty()) {
        by_distance.resize(static_cast<std::size_t>(n));
        std::iota(by_distance.begin(), by_distance.end(), Eigen::Index{0});
        std::stable_sort(by_distance.begin(), by_distance.end(),
                         [&](Eigen::Index a, Eigen::Index b) { return nearest[a] > nearest[b]; });
      }
      for (; next_farthest < by_distance.size(); ++next_farthest) {
        const Eigen::Index i = by_distance[next_farthest];
        const int from = labels[static_cast<std::size_t>(i)];
        if (counts[from] <= 1.0) continue;  // do not empty another cluster
        sums.col(from) -= points.col(i);
        counts[from] -= 1.0;
        sums.col(c) = points.col(i);
        counts[c] = 1.0;
        ++next_farthest;
        break;
      }
    }
    Eigen::MatrixXd updated = centres;
    for (int c = 0; c < clusters; ++c)
      if (counts[c] > 0) updated.col(c) = sums.col(c) / counts[c];

    if (labels == previous) {
      labels_stable = true;
      break;
    }
    previous = labels;
    const double shift = (updated - centres).squaredNorm();
    centres.swap(updated);
    if (shift <= tolerance) break;
  }
  // Labels that match the final centres.
  if (!labels_stable) assign(points, centres, labels, nearest, scratch);
  return labels;
}

}  // namespace causalmix::prior
