// How the metrics see a table's rows: which columns are compared, discrete codes matched by
// label across tables, the numeric encoding (z-scores + one-hot, fitted on the real table)
// that the detection, distance and privacy metrics share, and seeded row subsampling.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "causalmix/rng.hpp"
#include "causalmix/table.hpp"

namespace causalmix::eval {

// True for the generator's truth columns (truth.hpp), with or without an "_<outcome>" suffix.
bool is_truth_column(const std::string& name);

// The real table's columns that the synthetic table also has, in the real table's order,
// without truth columns and `exclude`. A column whose kind (numerical vs discrete) differs
// between the tables is an Error naming it.
std::vector<std::string> compared_columns(const Table& real, const Table& synthetic,
                                          const std::vector<std::string>& exclude);

// Each value's index in `levels` by label; −1 for a label not in `levels`, −2 for missing.
// Tables read with different schemas still compare label to label.
std::vector<int> codes_by_label(const Column& column, const std::vector<std::string>& levels);

// Numerical and integer columns become z-scores (population sd of the reference; missing →
// 0, the reference mean); discrete columns become one-hot over the reference's levels
// (missing or unseen labels → all zeros).
class FeatureEncoder {
 public:
  static FeatureEncoder fit(const Table& reference, const std::vector<std::string>& columns);
  // rows × width(); `rows` selects rows (all when empty).
  Eigen::MatrixXd encode(const Table& table, const std::vector<std::size_t>& rows = {}) const;
  int width() const { return width_; }
  // One name per feature: "age", "race=black", …
  std::vector<std::string> feature_names() const;

 private:
  struct Part {
    std::string name;
    bool discrete = false;
    double mean = 0.0, scale = 1.0;
    std::vector<std::string> levels;
  };
  std::vector<Part> parts_;
  int width_ = 0;
};

// `limit` row indices drawn without replacement (sorted), or every row when n ≤ limit.
std::vector<std::size_t> subsample_rows(std::size_t n, std::size_t limit, Rng& rng);

}  // namespace causalmix::eval
