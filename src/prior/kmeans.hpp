// Hard k-means clustering (greedy k-means++ seeding, then Lloyd iterations), used only to
// start the variational mixture: its labels become the initial responsibilities.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "causalmix/rng.hpp"
#include "prior/coordinates.hpp"

namespace causalmix::prior {

struct KMeansOptions {
  int max_iterations = 300;
  // Stop when the centres move (summed squared shift) by at most this share of the mean
  // per-dimension variance of the data (scikit-learn's KMeans tol).
  double relative_tolerance = 1e-4;
};

// Cluster labels in {0, …, clusters − 1} for the columns of `points` (d × n, one point per
// column). Needs 1 ≤ clusters ≤ n. Clusters may end up empty when points coincide.
std::vector<int> kmeans_labels(const Coordinates& points, int clusters, Rng& rng,
                               const KMeansOptions& options = {});

}  // namespace causalmix::prior
