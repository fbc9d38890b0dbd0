// The decoder's output heads: one per modelled variable, by type (Gaussian with a bounded
// mean, hurdle for point masses, Bernoulli, softmax), laid out in contiguous blocks of the
// head layer so that each block is activated and scored with a few vectorised ops.
#pragma once

#include <Eigen/Core>
#include <limits>
#include <string>
#include <vector>

#include "causalmix/encoding.hpp"

namespace causalmix::vae {

enum class HeadKind { Gaussian, Hurdle, Binary, Categorical };

// How a continuous mean is squashed into its bounds (method.md §3).
enum class BoundKind { Both, LowerOnly, UpperOnly, None };

struct VariableHead {
  std::string name;
  HeadKind kind = HeadKind::Gaussian;
  int encoded_column = 0;  // index into the Encoding's columns
  // Continuous and hurdle: bounds in standardised units (±inf when absent).
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
  // Hurdle: the point mass (standardised) and whether it is the minimum (else the maximum).
  double atom = 0.0;
  bool atom_is_minimum = true;
  int levels = 0;  // categorical
  BoundKind bound_kind() const;
};

// Where each variable's outputs sit. Variables are ordered: Gaussian (sorted by bound
// kind), hurdle (same), binary, categorical; `heads` is in that order. One arm's raw head
// output is laid out as
//   [gauss mean | gauss logvar | hurdle logit | hurdle mean | hurdle logvar | binary logit |
//    categorical logits (K₁ | K₂ | …)]
// and the target matrix as [gauss | hurdle | binary | categorical codes], one column per
// variable, plus an atom mask with one column per hurdle variable.
struct HeadLayout {
  std::vector<VariableHead> heads;
  int gaussian = 0, hurdle = 0, binary = 0, categorical = 0;
  // Runs of equal bound kind within the Gaussian and hurdle groups: (kind, start, count)
  // relative to the group start.
  struct Run {
    BoundKind kind;
    int start, count;
  };
  std::vector<Run> gaussian_runs, hurdle_runs;

  int arm_width() const;  // raw outputs per arm
  int variable_count() const { return static_cast<int>(heads.size()); }
  int gaussian_offset() const { return 0; }
  int hurdle_offset() const { return 2 * gaussian; }
  int binary_offset() const { return 2 * gaussian + 3 * hurdle; }
  int categorical_offset() const { return binary_offset() + binary; }
};

// Heads for the given encoded columns. `encoded` is the training table's encoding (rows ×
// all columns), used to find point masses: a continuous column whose minimum (or maximum)
// holds at least `point_mass_share` of the rows gets a hurdle head.
HeadLayout make_head_layout(const Encoding& encoding, const std::vector<int>& columns,
                            const Eigen::MatrixXd& encoded, double point_mass_share);

// The layout of an ordered list of heads (counts and bound-kind runs); heads must already
// be in layout order. Used when a model file restores its heads.
HeadLayout layout_from_heads(std::vector<VariableHead> heads);

// Targets for a set of rows in layout order (codes for discrete variables), and the atom
// mask (1 where a hurdle variable sits at its point mass).
using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
RowMatrixF layout_targets(const HeadLayout& layout, const Eigen::MatrixXd& encoded);
RowMatrixF layout_atom_mask(const HeadLayout& layout, const Eigen::MatrixXd& encoded);

}  // namespace causalmix::vae
