// k-means as the mixture's starting point: pure clusters on separated blobs, determinism,
// and coincident points that leave clusters empty without failing.
#include <gtest/gtest.h>

#include <set>

#include "causalmix/error.hpp"
#include "prior/kmeans.hpp"

using causalmix::Rng;
using causalmix::prior::kmeans_labels;

namespace {

// Four blobs of 50 points around (±5, ±5), sd 0.5; point i belongs to blob i / 50.
Eigen::MatrixXd four_blobs(Rng& rng) {
  const double centres[4][2] = {{-5, -5}, {5, -5}, {-5, 5}, {5, 5}};
  Eigen::MatrixXd points(2, 200);
  for (int i = 0; i < 200; ++i)
    for (int t = 0; t < 2; ++t) points(t, i) = centres[i / 50][t] + 0.5 * rng.normal();
  return points;
}

}  // namespace

TEST(KMeans, SeparatedBlobsGetOneLabelEach) {
  Rng data_rng(3);
  const Eigen::MatrixXd points = four_blobs(data_rng);
  Rng rng(11);
  const std::vector<int> labels = kmeans_labels(points, 4, rng);
  std::set<int> seen;
  for (int blob = 0; blob < 4; ++blob) {
    const int label = labels[static_cast<std::size_t>(blob * 50)];
    for (int i = 0; i < 50; ++i) EXPECT_EQ(labels[static_cast<std::size_t>(blob * 50 + i)], label);
    seen.insert(label);
  }
  EXPECT_EQ(seen.size(), 4u);
}

TEST(KMeans, SameSeedGivesSameLabels) {
  Rng data_rng(4);
  Eigen::MatrixXd points = Eigen::MatrixXd::Zero(3, 300);
  for (Eigen::Index i = 0; i < points.size(); ++i) points.data()[i] = data_rng.normal();
  Rng a(5), b(5);
  EXPECT_EQ(kmeans_labels(points, 6, a), kmeans_labels(points, 6, b));
}

TEST(KMeans, CoincidentPointsDoNotFail) {
  // Two distinct points, each repeated: with four clusters two must stay empty or share.
  Eigen::MatrixXd points(1, 6);
  points << 0, 0, 0, 1, 1, 1;
  Rng rng(1);
  const std::vector<int> labels = kmeans_labels(points, 4, rng);
  ASSERT_EQ(labels.size(), 6u);
  EXPECT_EQ(labels[0], labels[1]);
  EXPECT_EQ(labels[3], labels[4]);
  EXPECT_NE(labels[0], labels[3]);
  for (int label : labels) EXPECT_TRUE(label >= 0 && label < 4);
}

TEST(KMeans, MoreClustersThanPointsIsAnError) {
  Eigen::MatrixXd points = Eigen::MatrixXd::Zero(2, 3);
  Rng rng(1);
  EXPECT_THROW(kmeans_labels(points, 4, rng), causalmix::Error);
}
