// The exact, invertible map between a table in original units and the numbers the networks
// see: level codes for discrete columns, z-scores (ddof 1) for numerical and integer ones,
// and a one-hot expansion for network inputs.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "causalmix/table.hpp"

namespace causalmix {

struct ColumnEncoding {
  ColumnSpec spec;
  double mean = 0.0;   // numerical/integer: training mean
  double scale = 1.0;  // numerical/integer: training sd (ddof 1), 1 for a constant column
  // Bounds in standardised units: the spec's bounds if given, else the training min/max.
  double lower_z = 0.0, upper_z = 0.0;
  int level_count() const { return static_cast<int>(spec.levels.size()); }
  // Width of this column in the one-hot network input: 1, or the level count for a
  // categorical column with more than two levels.
  int one_hot_width() const;
};

class Encoding {
 public:
  // Fit on the training table. A constant numerical column gets scale 1 and a warning.
  static Encoding fit(const Table& table, std::vector<std::string>* warnings = nullptr);

  // rows × columns: z-score or code per cell, columns in this encoding's order (looked up
  // by name in `table`, so extra columns are ignored; a missing one is an Error).
  Eigen::MatrixXd encode(const Table& table) const;
  // The inverse: integer columns rounded, codes clamped to valid levels, labels restored.
  Table decode(const Eigen::MatrixXd& encoded) const;
  // Network input: z-scores as they are, binary codes as 0/1, categorical one-hot.
  Eigen::MatrixXf one_hot(const Eigen::MatrixXd& encoded) const;
  int one_hot_width() const;

  const std::vector<ColumnEncoding>& columns() const { return columns_; }
  std::vector<ColumnEncoding>& columns() { return columns_; }
  std::size_t size() const { return columns_.size(); }
  const ColumnEncoding& column(const std::string& name) const;

  // Build from stored parts (model file).
  explicit Encoding(std::vector<ColumnEncoding> columns = {}) : columns_(std::move(columns)) {}

 private:
  std::vector<ColumnEncoding> columns_;
};

}  // namespace causalmix
