// The layout the mixture works in: points as a d × n row-major matrix, so that each
// coordinate across all points is one contiguous row and every inner loop is a vector op.
#pragma once

#include <Eigen/Core>

namespace causalmix::prior {

using Coordinates = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace causalmix::prior
