// A define-once, run-many reverse-mode autodiff graph over dense row-major matrices
// (batch × features). Build the graph once for a batch size, then each step: fill the
// inputs, forward(), backward(loss); nothing is allocated after the first step.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace causalmix::nn {

template <class S>
using Matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// A trainable tensor. `grad` accumulates over backward() calls until zeroed.
template <class S>
struct Parameter {
  std::string name;
  Matrix<S> value;
  Matrix<S> grad;
};

// Owns parameters at stable addresses, in creation order (the order of save/load and Adam).
template <class S>
class ParameterSet {
 public:
  Parameter<S>& add(const std::string& name, int rows, int cols);
  void zero_grad();
  std::size_t size() const { return params_.size(); }
  std::size_t scalar_count() const;
  Parameter<S>& operator[](std::size_t i) { return params_[i]; }
  const Parameter<S>& operator[](std::size_t i) const { return params_[i]; }
  auto begin() { return params_.begin(); }
  auto end() { return params_.end(); }
  auto begin() const { return params_.begin(); }
  auto end() const { return params_.end(); }
  // Bit-exact: raw IEEE bytes of every value, in order, with names and shapes checked on load.
  std::vector<std::uint8_t> save() const;
  void load(const std::vector<std::uint8_t>& bytes);  // throws causalmix::Error on mismatch

 private:
  std::deque<Parameter<S>> params_;
};

// Handle to a node of a Graph.
struct Var {
  int id = -1;
};

template <class S>
class Graph {
 public:
  using Mat = Matrix<S>;

  // Leaves.
  Var input(int rows, int cols);            // fill via value(v) before forward()
  Var param(Parameter<S>& p);               // reads p.value, accumulates into p.grad
  Var constant(const Mat& value);

  // Linear algebra.
  Var matmul(Var a, Var b);                 // (r×k)·(k×c)
  Var linear(Var x, Parameter<S>& weight, Parameter<S>& bias);  // x·W + b, W in×out, b 1×out

  // Elementwise, with broadcasting of b: same shape, 1×c (row), r×1 (column) or 1×1.
  Var add(Var a, Var b);
  Var sub(Var a, Var b);
  Var mul(Var a, Var b);
  Var div(Var a, Var b);
  Var scale(Var a, S factor);               // factor·a
  Var add_scalar(Var a, S value);           // a + value
  Var leaky_relu(Var a, S slope);
  Var sigmoid(Var a);
  Var tanh(Var a);
  Var softplus(Var a);                      // stable for |a| up to 1000
  Var exp(Var a);
  Var log(Var a);
  Var square(Var a);

  // Shape.
  Var slice_cols(Var a, int start, int count);
  Var concat_cols(const std::vector<Var>& parts);
  Var blend(Var t, Var a, Var b);           // t (r×1, 0/1 or in [0,1]): t·a + (1−t)·b

  // Reductions.
  Var sum_rows(Var a);                      // r×c → 1×c
  Var mean_rows(Var a);                     // r×c → 1×c
  Var sum_cols(Var a);                      // r×c → r×1
  Var sum_all(Var a);                       // → 1×1
  Var mean_all(Var a);                      // → 1×1
  Var var_rows(Var a);                      // population variance over rows, r×c → 1×c

  // Losses, elementwise (per row for softmax), to be reduced by the caller.
  Var softmax_cross_entropy(Var logits, Var targets);  // targets r×1 class codes → r×1 (no grad
                                                       // to targets; a bad code throws in forward)
  Var bce_with_logits(Var logits, Var targets);        // same shape, stable
  Var log_softmax(Var logits);                         // r×c → r×c: logits − log Σ_row e^logits
  Var gaussian_nll(Var y, Var mean, Var logvar);       // ½(e^−v (y−μ)² + v + log 2π)
  Var smooth_l1(Var a, Var b, S beta);                 // PyTorch's SmoothL1; b broadcasts as in sub

  void forward();
  // Re-evaluates only the nodes created from `first` on: after changing inputs that only
  // later nodes read, the earlier values still hold.
  void forward_from(Var first);
  void backward(Var loss);  // loss must be 1×1; zeroes node grads, accumulates into params

  // value/grad of a param node are its Parameter's value and (accumulated) grad. Inputs must
  // keep their shape: forward() throws if one was resized.
  Mat& value(Var v);
  const Mat& value(Var v) const;
  const Mat& grad(Var v) const;
  int rows(Var v) const;
  int cols(Var v) const;
  std::size_t node_count() const { return nodes_.size(); }

 private:
  enum class Op : std::uint8_t {
    Input, Param, Constant, MatMul, Linear, Add, Sub, Mul, Div, Scale, AddScalar, LeakyRelu,
    Sigmoid, Tanh, Softplus, Exp, Log, Square, SliceCols, ConcatCols, Blend, SumRows,
    MeanRows, SumCols, SumAll, MeanAll, VarRows, SoftmaxCrossEntropy, BceWithLogits,
    GaussianNll, SmoothL1, LogSoftmax
  };
  // One tape entry. Everything an op needs at run time (value, grad, scratch) is sized here
  // when the node is created, so forward() and backward() never allocate.
  struct Node {
    Op op = Op::Input;
    bool needs_grad = false;   // some parameter lies upstream: backward visits it
    int a = -1, b = -1, c = -1;  // operand node ids
    // Integer attributes: slice start/count, the broadcast strides of operand b (row, col),
    // or an input's built shape.
    int i0 = 0, i1 = 0;
    S s0 = S(0);  // scalar attribute: factor, slope, beta
    Parameter<S>* param = nullptr;  // Param: the parameter; Linear: the weight
    Parameter<S>* bias = nullptr;   // Linear: the bias
    std::vector<int> parts;         // ConcatCols operands
    Mat value, grad;                // a Param node keeps these empty and uses its Parameter's
    Mat scratch;                    // softmax probabilities, column means of var_rows
  };
  std::vector<Node> nodes_;
  Var push(Node node);

  void run(Node& n, bool backward_pass);  // one op, forward or backward, side by side
  Mat& val(int id);
  Mat& grad_target(int id);               // node grad, or the Parameter's grad for Param
  bool needs(int id) const { return nodes_[static_cast<std::size_t>(id)].needs_grad; }
  const Node& node(Var v, const char* where) const;
  Var elementwise(Op op, Var a, Var b, const char* where);  // binary op with broadcasting
  Var one_operand(Op op, Var a, int out_rows, int out_cols, const char* where);  // value out_rows × out_cols
  Var unary(Op op, Var a, S attribute, const char* where);                     // same shape as a
};

}  // namespace causalmix::nn
