// The tape: node construction (shape checks, preallocation) and, in run(), each op's
// forward and backward side by side.
#include "nn/graph.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "causalmix/error.hpp"

namespace causalmix::nn {
namespace {

std::string shape(long rows, long cols) { return std::to_string(rows) + "×" + std::to_string(cols); }

// σ(x) split on the sign so that exp never overflows.
template <class S>
S stable_sigmoid(S x) {
  if (x >= S(0)) return S(1) / (S(1) + std::exp(-x));
  const S e = std::exp(x);
  return e / (S(1) + e);
}

// log(1 + eˣ) = max(x, 0) + log1p(e^−|x|): exact for large |x|, no overflow.
template <class S>
S stable_softplus(S x) {
  return std::max(x, S(0)) + std::log1p(std::exp(-std::abs(x)));
}

// Visit out(i, j) with the matching element of a broadcast operand b: b's element index is
// i·row_stride + j·col_stride (a stride of 0 repeats b along that axis).
template <class S, class F>
void for_each_broadcast(long rows, long cols, int row_stride, int col_stride, F&& f) {
  for (long i = 0; i < rows; ++i)
    for (long j = 0; j < cols; ++j) f(i * cols + j, i * row_stride + j * col_stride);
}

// out = a·b or out += a·b, through Eigen's blocked GEMM. (Measured at batch 10: the
// coefficient-based lazyProduct is slower for every product of a Linear step, and
// catastrophically so for xᵀ·g.)
template <class Out, class A, class B>
void multiply_add(Out& out, const A& a, const B& b, bool accumulate) {
  if (accumulate) out.noalias() += a * b;
  else out.noalias() = a * b;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Graph: access

template <class S>
typename Graph<S>::Mat& Graph<S>::val(int id) {
  Node& n = nodes_[static_cast<std::size_t>(id)];
  return n.op == Op::Param ? n.param->value : n.value;
}

template <class S>
typename Graph<S>::Mat& Graph<S>::grad_target(int id) {
  Node& n = nodes_[static_cast<std::size_t>(id)];
  return n.op == Op::Param ? n.param->grad : n.grad;
}

template <class S>
const typename Graph<S>::Node& Graph<S>::node(Var v, const char* where) const {
  if (v.id < 0 || static_cast<std::size_t>(v.id) >= nodes_.size())
    throw Error(std::string("nn::Graph::") + where + ": operand " + std::to_string(v.id) +
                " is not a node of this graph (" + std::to_string(nodes_.size()) + " nodes)");
  return nodes_[static_cast<std::size_t>(v.id)];
}

template <class S>
typename Graph<S>::Mat& Graph<S>::value(Var v) {
  node(v, "value");
  return val(v.id);
}

template <class S>
const typename Graph<S>::Mat& Graph<S>::value(Var v) const {
  const Node& n = node(v, "value");
  return n.op == Op::Param ? n.param->value : n.value;
}

template <class S>
const typename Graph<S>::Mat& Graph<S>::grad(Var v) const {
  const Node& n = node(v, "grad");
  return n.op == Op::Param ? n.param->grad : n.grad;
}

template <class S>
int Graph<S>::rows(Var v) const {
  return static_cast<int>(value(v).rows());
}

template <class S>
int Graph<S>::cols(Var v) const {
  return static_cast<int>(value(v).cols());
}

template <class S>
Var Graph<S>::push(Node n) {
  // Param nodes use their Parameter's storage; every other node owns its value and grad.
  if (n.op != Op::Param) n.grad = Mat::Zero(n.value.rows(), n.value.cols());
  nodes_.push_back(std::move(n));
  return Var{static_cast<int>(nodes_.size()) - 1};
}

// ---------------------------------------------------------------------------------------
// Graph: construction

template <class S>
Var Graph<S>::input(int rows, int cols) {
  if (rows <= 0 || cols <= 0) throw Error("nn::Graph::input: empty shape " + shape(rows, cols));
  Node n;
  n.op = Op::Input;
  n.value = Mat::Zero(rows, cols);
  n.i0 = rows;
  n.i1 = cols;
  return push(std::move(n));
}

template <class S>
Var Graph<S>::param(Parameter<S>& p) {
  if (p.value.size() == 0)
    throw Error("nn::Graph::param: parameter '" + p.name + "' has no value");
  if (p.grad.rows() != p.value.rows() || p.grad.cols() != p.value.cols())
    p.grad = Mat::Zero(p.value.rows(), p.value.cols());
  Node n;
  n.op = Op::Param;
  n.param = &p;
  n.needs_grad = true;
  return push(std::move(n));
}

template <class S>
Var Graph<S>::constant(const Mat& value) {
  if (value.size() == 0) throw Error("nn::Graph::constant: empty matrix");
  Node n;
  n.op = Op::Constant;
  n.value = value;
  return push(std::move(n));
}

template <class S>
Var Graph<S>::matmul(Var a, Var b) {
  node(a, "matmul");
  node(b, "matmul");
  if (cols(a) != rows(b))
    throw Error("nn::Graph::matmul: cannot multiply " + shape(rows(a), cols(a)) + " by " +
                shape(rows(b), cols(b)));
  Node n;
  n.op = Op::MatMul;
  n.a = a.id;
  n.b = b.id;
  n.needs_grad = needs(a.id) || needs(b.id);
  n.value = Mat::Zero(rows(a), cols(b));
  return push(std::move(n));
}

template <class S>
Var Graph<S>::linear(Var x, Parameter<S>& weight, Parameter<S>& bias) {
  node(x, "linear");
  if (weight.value.rows() != cols(x) || bias.value.rows() != 1 ||
      bias.value.cols() != weight.value.cols())
    throw Error("nn::Graph::linear: input " + shape(rows(x), cols(x)) + ", weight '" +
                weight.name + "' " + shape(weight.value.rows(), weight.value.cols()) +
                ", bias '" + bias.name + "' " + shape(bias.value.rows(), bias.value.cols()) +
                " do not fit x·W + b");
  for (Parameter<S>* p : {&weight, &bias})
    if (p->grad.rows() != p->value.rows() || p->grad.cols() != p->value.cols())
      p->grad = Mat::Zero(p->value.rows(), p->value.cols());
  Node n;
  n.op = Op::Linear;
  n.a = x.id;
  n.param = &weight;
  n.bias = &bias;
  n.needs_grad = true;
  n.value = Mat::Zero(rows(x), weight.value.cols());
  return push(std::move(n));
}

template <class S>
Var Graph<S>::elementwise(Op op, Var a, Var b, const char* where) {
  node(a, where);
  node(b, where);
  const int r = rows(a), c = cols(a), br = rows(b), bc = cols(b);
  Node n;
  n.op = op;
  n.a = a.id;
  n.b = b.id;
  if (br == r && bc == c) {
    n.i0 = c, n.i1 = 1;
  } else if (br == 1 && bc == 1) {
    n.i0 = 0, n.i1 = 0;
  } else if (br == 1 && bc == c) {
    n.i0 = 0, n.i1 = 1;
  } else if (br == r && bc == 1) {
    n.i0 = 1, n.i1 = 0;
  } else {
    throw Error(std::string("nn::Graph::") + where + ": cannot broadcast " + shape(br, bc) +
                " onto " + shape(r, c) + " (b must be r×c, 1×c, r×1 or 1×1)");
  }
  n.needs_grad = needs(a.id) || needs(b.id);
  n.value = Mat::Zero(r, c);
  return push(std::move(n));
}

template <class S>
Var Graph<S>::add(Var a, Var b) { return elementwise(Op::Add, a, b, "add"); }
template <class S>
Var Graph<S>::sub(Var a, Var b) { return elementwise(Op::Sub, a, b, "sub"); }
template <class S>
Var Graph<S>::mul(Var a, Var b) { return elementwise(Op::Mul, a, b, "mul"); }
template <class S>
Var Graph<S>::div(Var a, Var b) { return elementwise(Op::Div, a, b, "div"); }
template <class S>
Var Graph<S>::smooth_l1(Var a, Var b, S beta) {
  if (!(beta >= S(0))) throw Error("nn::Graph::smooth_l1: beta must be non-negative");
  Var v = elementwise(Op::SmoothL1, a, b, "smooth_l1");
  nodes_.back().s0 = beta;
  return v;
}

template <class S>
Var Graph<S>::one_operand(Op op, Var a, int out_rows, int out_cols, const char* where) {
  node(a, where);
  Node n;
  n.op = op;
  n.a = a.id;
  n.needs_grad = needs(a.id);
  n.value = Mat::Zero(out_rows, out_cols);
  return push(std::move(n));
}

template <class S>
Var Graph<S>::unary(Op op, Var a, S attribute, const char* where) {
  Var v = one_operand(op, a, rows(a), cols(a), where);
  nodes_.back().s0 = attribute;
  return v;
}

template <class S>
Var Graph<S>::scale(Var a, S factor) { return unary(Op::Scale, a, factor, "scale"); }
template <class S>
Var Graph<S>::add_scalar(Var a, S value) { return unary(Op::AddScalar, a, value, "add_scalar"); }
template <class S>
Var Graph<S>::leaky_relu(Var a, S slope) { return unary(Op::LeakyRelu, a, slope, "leaky_relu"); }
template <class S>
Var Graph<S>::sigmoid(Var a) { return unary(Op::Sigmoid, a, S(0), "sigmoid"); }
template <class S>
Var Graph<S>::tanh(Var a) { return unary(Op::Tanh, a, S(0), "tanh"); }
template <class S>
Var Graph<S>::softplus(Var a) { return unary(Op::Softplus, a, S(0), "softplus"); }
template <class S>
Var Graph<S>::exp(Var a) { return unary(Op::Exp, a, S(0), "exp"); }
template <class S>
Var Graph<S>::log(Var a) { return unary(Op::Log, a, S(0), "log"); }
template <class S>
Var Graph<S>::square(Var a) { return unary(Op::Square, a, S(0), "square"); }

template <class S>
Var Graph<S>::slice_cols(Var a, int start, int count) {
  node(a, "slice_cols");
  if (start < 0 || count <= 0 || start + count > cols(a))
    throw Error("nn::Graph::slice_cols: columns [" + std::to_string(start) + ", " +
                std::to_string(start + count) + ") are not within " + shape(rows(a), cols(a)));
  Node n;
  n.op = Op::SliceCols;
  n.a = a.id;
  n.i0 = start;
  n.i1 = count;
  n.needs_grad = needs(a.id);
  n.value = Mat::Zero(rows(a), count);
  return push(std::move(n));
}

template <class S>
Var Graph<S>::concat_cols(const std::vector<Var>& parts) {
  if (parts.empty()) throw Error("nn::Graph::concat_cols: no parts");
  Node n;
  n.op = Op::ConcatCols;
  int total = 0;
  for (Var p : parts) {
    node(p, "concat_cols");
    if (rows(p) != rows(parts[0]))
      throw Error("nn::Graph::concat_cols: part of " + shape(rows(p), cols(p)) +
                  " does not match the first part's " + std::to_string(rows(parts[0])) + " rows");
    total += cols(p);
    n.parts.push_back(p.id);
    n.needs_grad = n.needs_grad || needs(p.id);
  }
  n.value = Mat::Zero(rows(parts[0]), total);
  return push(std::move(n));
}

template <class S>
Var Graph<S>::blend(Var t, Var a, Var b) {
  node(t, "blend");
  node(a, "blend");
  node(b, "blend");
  if (cols(t) != 1 || rows(t) != rows(a) || rows(a) != rows(b) || cols(a) != cols(b))
    throw Error("nn::Graph::blend: t " + shape(rows(t), cols(t)) + ", a " + shape(rows(a), cols(a)) +
                ", b " + shape(rows(b), cols(b)) + " (need t r×1, a and b r×c)");
  Node n;
  n.op = Op::Blend;
  n.a = a.id;
  n.b = b.id;
  n.c = t.id;
  n.needs_grad = needs(a.id) || needs(b.id) || needs(t.id);
  n.value = Mat::Zero(rows(a), cols(a));
  return push(std::move(n));
}

template <class S>
Var Graph<S>::sum_rows(Var a) { return one_operand(Op::SumRows, a, 1, cols(a), "sum_rows"); }
template <class S>
Var Graph<S>::mean_rows(Var a) { return one_operand(Op::MeanRows, a, 1, cols(a), "mean_rows"); }
template <class S>
Var Graph<S>::sum_cols(Var a) { return one_operand(Op::SumCols, a, rows(a), 1, "sum_cols"); }
template <class S>
Var Graph<S>::sum_all(Var a) { return one_operand(Op::SumAll, a, 1, 1, "sum_all"); }
template <class S>
Var Graph<S>::mean_all(Var a) { return one_operand(Op::MeanAll, a, 1, 1, "mean_all"); }

template <class S>
Var Graph<S>::var_rows(Var a) {
  Var v = one_operand(Op::VarRows, a, 1, cols(a), "var_rows");
  nodes_.back().scratch = Mat::Zero(1, cols(a));  // the column means
  return v;
}

template <class S>
Var Graph<S>::softmax_cross_entropy(Var logits, Var targets) {
  node(logits, "softmax_cross_entropy");
  node(targets, "softmax_cross_entropy");
  if (cols(targets) != 1 || rows(targets) != rows(logits))
    throw Error("nn::Graph::softmax_cross_entropy: targets " + shape(rows(targets), cols(targets)) +
                " must be " + shape(rows(logits), 1) + " class codes for logits " +
                shape(rows(logits), cols(logits)));
  if (needs(targets.id))
    throw Error("nn::Graph::softmax_cross_entropy: targets are class codes and cannot depend "
                "on parameters");
  Node n;
  n.op = Op::SoftmaxCrossEntropy;
  n.a = logits.id;
  n.b = targets.id;
  n.needs_grad = needs(logits.id);
  n.value = Mat::Zero(rows(logits), 1);
  n.scratch = Mat::Zero(rows(logits), cols(logits));
  return push(std::move(n));
}

template <class S>
Var Graph<S>::log_softmax(Var logits) {
  Var v = unary(Op::LogSoftmax, logits, S(0), "log_softmax");
  nodes_.back().scratch = Mat::Zero(rows(logits), cols(logits));
  return v;
}

template <class S>
Var Graph<S>::bce_with_logits(Var logits, Var targets) {
  node(logits, "bce_with_logits");
  node(targets, "bce_with_logits");
  if (rows(targets) != rows(logits) || cols(targets) != cols(logits))
    throw Error("nn::Graph::bce_with_logits: targets " + shape(rows(targets), cols(targets)) +
                " do not match logits " + shape(rows(logits), cols(logits)));
  Node n;
  n.op = Op::BceWithLogits;
  n.a = logits.id;
  n.b = targets.id;
  n.needs_grad = needs(logits.id) || needs(targets.id);
  n.value = Mat::Zero(rows(logits), cols(logits));
  return push(std::move(n));
}

template <class S>
Var Graph<S>::gaussian_nll(Var y, Var mean, Var logvar) {
  node(y, "gaussian_nll");
  node(mean, "gaussian_nll");
  node(logvar, "gaussian_nll");
  if (rows(mean) != rows(y) || cols(mean) != cols(y) || rows(logvar) != rows(y) ||
      cols(logvar) != cols(y))
    throw Error("nn::Graph::gaussian_nll: y " + shape(rows(y), cols(y)) + ", mean " +
                shape(rows(mean), cols(mean)) + ", logvar " + shape(rows(logvar), cols(logvar)) +
                " must have the same shape");
  Node n;
  n.op = Op::GaussianNll;
  n.a = y.id;
  n.b = mean.id;
  n.c = logvar.id;
  n.needs_grad = needs(y.id) || needs(mean.id) || needs(logvar.id);
  n.value = Mat::Zero(rows(y), cols(y));
  return push(std::move(n));
}

// ---------------------------------------------------------------------------------------
// Graph: running

template <class S>
void Graph<S>::forward() {
  for (Node& n : nodes_) run(n, false);
}

template <class S>
void Graph<S>::forward_from(Var first) {
  node(first, "forward_from");
  for (std::size_t i = static_cast<std::size_t>(first.id); i < nodes_.size(); ++i) run(nodes_[i], false);
}

template <class S>
void Graph<S>::backward(Var loss) {
  const Node& l = node(loss, "backward");
  const Mat& lv = l.op == Op::Param ? l.param->value : l.value;
  if (lv.rows() != 1 || lv.cols() != 1)
    throw Error("nn::Graph::backward: the loss must be 1×1, got " + shape(lv.rows(), lv.cols()));
  const auto last = static_cast<std::size_t>(loss.id);
  for (std::size_t i = 0; i <= last; ++i)
    if (nodes_[i].needs_grad && nodes_[i].op != Op::Param) nodes_[i].grad.setZero();
  grad_target(loss.id)(0, 0) += S(1);
  for (std::size_t i = last + 1; i-- > 0;)
    if (nodes_[i].needs_grad) run(nodes_[i], true);
}

// Each case computes the op's value (forward) or adds its output gradient `g` into the
// gradients of the operands that need one (backward). Operand values are read from the
// forward pass, so backward must follow forward without changes to inputs in between.
template <class S>
void Graph<S>::run(Node& n, bool back) {
  Mat& out = n.value;
  const Mat& g = n.grad;
  const long r = out.rows(), c = out.cols();
  switch (n.op) {
    case Op::Input:
      if (!back && (out.rows() != n.i0 || out.cols() != n.i1))
        throw Error("nn::Graph::forward: an input built as " + shape(n.i0, n.i1) +
                    " was resized to " + shape(out.rows(), out.cols()));
      break;
    case Op::Param:
    case Op::Constant:
      break;

    case Op::MatMul: {
      const Mat& a = val(n.a);
      const Mat& b = val(n.b);
      if (!back) {
        multiply_add(out, a, b, false);
      } else {
        if (needs(n.a)) multiply_add(grad_target(n.a), g, b.transpose(), true);
        if (needs(n.b)) multiply_add(grad_target(n.b), a.transpose(), g, true);
      }
      break;
    }

    case Op::Linear: {
      const Mat& x = val(n.a);
      if (!back) {
        multiply_add(out, x, n.param->value, false);
        out.rowwise() += n.bias->value.row(0);
      } else {
        if (needs(n.a)) multiply_add(grad_target(n.a), g, n.param->value.transpose(), true);
        multiply_add(n.param->grad, x.transpose(), g, true);
        for (long i = 0; i < r; ++i) n.bias->grad.row(0) += g.row(i);
      }
      break;
    }

    // Elementwise binary ops: b's element for out(i, j) sits at i·i0 + j·i1, so one loop
    // serves every broadcast shape and the backward sums over broadcast axes by itself.
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::SmoothL1: {
      const S* a = val(n.a).data();
      const S* b = val(n.b).data();
      S* o = out.data();
      const Op op = n.op;
      const S beta = n.s0;
      const bool same_shape = n.i0 == c && n.i1 == 1;
      if (same_shape && op != Op::SmoothL1) {  // the common case, vectorised
        const auto av = val(n.a).array();
        const auto bv = val(n.b).array();
        if (!back) {
          switch (op) {
            case Op::Add: out.array() = av + bv; break;
            case Op::Sub: out.array() = av - bv; break;
            case Op::Mul: out.array() = av * bv; break;
            default: out.array() = av / bv; break;
          }
        } else {
          const auto gv = g.array();
          if (needs(n.a)) {
            auto ga = grad_target(n.a).array();
            switch (op) {
              case Op::Add: case Op::Sub: ga += gv; break;
              case Op::Mul: ga += gv * bv; break;
              default: ga += gv / bv; break;
            }
          }
          if (needs(n.b)) {
            auto gb = grad_target(n.b).array();
            switch (op) {
              case Op::Add: gb += gv; break;
              case Op::Sub: gb -= gv; break;
              case Op::Mul: gb += gv * av; break;
              default: gb -= gv * out.array() / bv; break;
            }
          }
        }
        break;
      }
      if (!back) {
        for_each_broadcast<S>(r, c, n.i0, n.i1, [&](long k, long kb) {
          switch (op) {
            case Op::Add: o[k] = a[k] + b[kb]; break;
            case Op::Sub: o[k] = a[k] - b[kb]; break;
            case Op::Mul: o[k] = a[k] * b[kb]; break;
            case Op::Div: o[k] = a[k] / b[kb]; break;
            default: {  // SmoothL1 (PyTorch): ½d²/β inside |d| < β, |d| − ½β outside
              const S d = a[k] - b[kb];
              const S ad = std::abs(d);
              o[k] = ad < beta ? S(0.5) * d * d / beta : ad - S(0.5) * beta;
            }
          }
        });
      } else {
        const S* gp = g.data();
        S* ga = needs(n.a) ? grad_target(n.a).data() : nullptr;
        S* gb = needs(n.b) ? grad_target(n.b).data() : nullptr;
        for_each_broadcast<S>(r, c, n.i0, n.i1, [&](long k, long kb) {
          S da, db;  // ∂out/∂a, ∂out/∂b
          switch (op) {
            case Op::Add: da = S(1), db = S(1); break;
            case Op::Sub: da = S(1), db = S(-1); break;
            case Op::Mul: da = b[kb], db = a[k]; break;
            case Op::Div: da = S(1) / b[kb], db = -o[k] / b[kb]; break;
            default: {
              const S d = a[k] - b[kb];
              da = std::abs(d) < beta ? d / beta : (d > S(0) ? S(1) : (d < S(0) ? S(-1) : S(0)));
              db = -da;
            }
          }
          if (ga) ga[k] += gp[k] * da;
          if (gb) gb[kb] += gp[k] * db;
        });
      }
      break;
    }

    // Elementwise unary ops: backward uses the saved output where it is cheaper.
    case Op::Scale: {
      if (!back) out.array() = n.s0 * val(n.a).array();
      else grad_target(n.a).array() += n.s0 * g.array();
      break;
    }
    case Op::AddScalar: {
      if (!back) out.array() = val(n.a).array() + n.s0;
      else grad_target(n.a) += g;
      break;
    }
    case Op::LeakyRelu: {
      const Mat& x = val(n.a);
      const S slope = n.s0;
      // Branch-free and in SIMD packets: the signs are random, so a branch would mispredict
      // half the time, and this op follows every hidden layer. Both forms are exact.
      if (!back) {
        out.array() = x.array().max(S(0)) + slope * x.array().min(S(0));
      } else {
        namespace ei = Eigen::internal;
        using Packet = typename ei::packet_traits<S>::type;
        constexpr long kWidth = ei::packet_traits<S>::size;
        const S* xv = x.data();
        const S* gv = g.data();
        S* ga = grad_target(n.a).data();
        const long size = x.size();
        const Packet zero = ei::pset1<Packet>(S(0)), one = ei::pset1<Packet>(S(1));
        const Packet slope_p = ei::pset1<Packet>(slope);
        long k = 0;
        for (; k + kWidth <= size; k += kWidth) {
          const Packet factor = ei::pselect(ei::pcmp_lt(zero, ei::ploadu<Packet>(xv + k)), one, slope_p);
          ei::pstoreu(ga + k, ei::padd(ei::ploadu<Packet>(ga + k), ei::pmul(ei::ploadu<Packet>(gv + k), factor)));
        }
        for (; k < size; ++k) ga[k] += gv[k] * (xv[k] > S(0) ? S(1) : slope);
      }
      break;
    }
    case Op::Sigmoid: {
      if (!back) out = val(n.a).unaryExpr([](S v) { return stable_sigmoid(v); });
      else grad_target(n.a).array() += g.array() * out.array() * (S(1) - out.array());
      break;
    }
    case Op::Tanh: {
      if (!back) out.array() = val(n.a).array().tanh();  // Eigen's vectorised tanh
      else grad_target(n.a).array() += g.array() * (S(1) - out.array().square());
      break;
    }
    case Op::Softplus: {
      const Mat& x = val(n.a);
      if (!back) out = x.unaryExpr([](S v) { return stable_softplus(v); });
      else
        grad_target(n.a) += x.binaryExpr(g, [](S v, S gv) { return gv * stable_sigmoid(v); });
      break;
    }
    case Op::Exp: {
      if (!back) out.array() = val(n.a).array().exp();
      else grad_target(n.a).array() += g.array() * out.array();
      break;
    }
    case Op::Log: {
      if (!back) out.array() = val(n.a).array().log();
      else grad_target(n.a).array() += g.array() / val(n.a).array();
      break;
    }
    case Op::Square: {
      if (!back) out.array() = val(n.a).array().square();
      else grad_target(n.a).array() += S(2) * g.array() * val(n.a).array();
      break;
    }

    case Op::SliceCols: {
      if (!back) out = val(n.a).middleCols(n.i0, n.i1);
      else grad_target(n.a).middleCols(n.i0, n.i1) += g;
      break;
    }
    case Op::ConcatCols: {
      long offset = 0;
      for (int part : n.parts) {
        const long w = val(part).cols();
        if (!back) out.middleCols(offset, w) = val(part);
        else if (needs(part)) grad_target(part) += g.middleCols(offset, w);
        offset += w;
      }
      break;
    }
    case Op::Blend: {  // t·a + (1 − t)·b, t a column
      const Mat& a = val(n.a);
      const Mat& b = val(n.b);
      const Mat& t = val(n.c);
      if (!back) {
        for (long i = 0; i < r; ++i) out.row(i) = t(i, 0) * a.row(i) + (S(1) - t(i, 0)) * b.row(i);
      } else {
        for (long i = 0; i < r; ++i) {
          if (needs(n.a)) grad_target(n.a).row(i) += t(i, 0) * g.row(i);
          if (needs(n.b)) grad_target(n.b).row(i) += (S(1) - t(i, 0)) * g.row(i);
          if (needs(n.c)) grad_target(n.c)(i, 0) += g.row(i).dot(a.row(i) - b.row(i));
        }
      }
      break;
    }

    // Reductions accumulate in double: batch sums of floats lose digits otherwise.
    case Op::SumRows:
    case Op::MeanRows: {
      const Mat& a = val(n.a);
      const long ar = a.rows();
      if (!back) {
        for (long j = 0; j < c; ++j) {
          double s = 0.0;
          for (long i = 0; i < ar; ++i) s += static_cast<double>(a(i, j));
          out(0, j) = static_cast<S>(n.op == Op::MeanRows ? s / static_cast<double>(ar) : s);
        }
      } else {
        const S f = n.op == Op::MeanRows ? S(1) / static_cast<S>(ar) : S(1);
        Mat& ga = grad_target(n.a);
        for (long i = 0; i < ar; ++i) ga.row(i) += f * g.row(0);
      }
      break;
    }
    case Op::SumCols: {
      const Mat& a = val(n.a);
      if (!back) {
        for (long i = 0; i < r; ++i) {
          double s = 0.0;
          for (long j = 0; j < a.cols(); ++j) s += static_cast<double>(a(i, j));
          out(i, 0) = static_cast<S>(s);
        }
      } else {
        Mat& ga = grad_target(n.a);
        for (long i = 0; i < r; ++i) ga.row(i).array() += g(i, 0);
      }
      break;
    }
    case Op::SumAll:
    case Op::MeanAll: {
      const Mat& a = val(n.a);
      if (!back) {
        double s = 0.0;
        for (long k = 0; k < a.size(); ++k) s += static_cast<double>(a.data()[k]);
        out(0, 0) = static_cast<S>(n.op == Op::MeanAll ? s / static_cast<double>(a.size()) : s);
      } else {
        const S f = n.op == Op::MeanAll ? S(1) / static_cast<S>(a.size()) : S(1);
        grad_target(n.a).array() += f * g(0, 0);
      }
      break;
    }
    case Op::VarRows: {  // population variance; scratch holds the column means
      const Mat& a = val(n.a);
      const long ar = a.rows();
      if (!back) {
        for (long j = 0; j < c; ++j) {
          double s = 0.0;
          for (long i = 0; i < ar; ++i) s += static_cast<double>(a(i, j));
          const double mean = s / static_cast<double>(ar);
          double ss = 0.0;
          for (long i = 0; i < ar; ++i) {
            const double d = static_cast<double>(a(i, j)) - mean;
            ss += d * d;
          }
          n.scratch(0, j) = static_cast<S>(mean);
          out(0, j) = static_cast<S>(ss / static_cast<double>(ar));
        }
      } else {
        // ∂var_j/∂a_ij = 2(a_ij − m_j)/r: the mean's own dependence sums to zero.
        Mat& ga = grad_target(n.a);
        const S f = S(2) / static_cast<S>(ar);
        for (long i = 0; i < ar; ++i)
          ga.row(i).array() += f * g.row(0).array() * (a.row(i).array() - n.scratch.row(0).array());
      }
      break;
    }

    case Op::SoftmaxCrossEntropy: {  // log-sum-exp − logit of the target; scratch = softmax
      const Mat& x = val(n.a);
      const long k = x.cols();
      if (!back) {
        const Mat& t = val(n.b);
        for (long i = 0; i < r; ++i) {
          const S code = t(i, 0);
          const long target = static_cast<long>(code);
          if (!(code >= S(0)) || static_cast<S>(target) != code || target >= k)
            throw Error("nn::Graph::softmax_cross_entropy: target " + std::to_string(code) +
                        " in row " + std::to_string(i) + " is not a class code in [0, " +
                        std::to_string(k) + ")");
          const S m = x.row(i).maxCoeff();
          double s = 0.0;
          for (long j = 0; j < k; ++j) s += std::exp(static_cast<double>(x(i, j) - m));
          // Shifted by the row maximum first: m + log s − x_t would lose log s to rounding
          // when |m| is large (an ulp of 1000 in float is 6e-5).
          const S log_s = static_cast<S>(std::log(s));
          out(i, 0) = (m - x(i, target)) + log_s;
          for (long j = 0; j < k; ++j) n.scratch(i, j) = std::exp((x(i, j) - m) - log_s);
        }
      } else {
        const Mat& t = val(n.b);
        Mat& gx = grad_target(n.a);
        for (long i = 0; i < r; ++i) {
          gx.row(i) += g(i, 0) * n.scratch.row(i);
          gx(i, static_cast<long>(t(i, 0))) -= g(i, 0);
        }
      }
      break;
    }
    case Op::LogSoftmax: {  // x − (m + log Σ e^(x − m)), m the row maximum; scratch = softmax
      const Mat& x = val(n.a);
      const long k = x.cols();
      if (!back) {
        for (long i = 0; i < r; ++i) {
          const S m = x.row(i).maxCoeff();
          double s = 0.0;
          for (long j = 0; j < k; ++j) s += std::exp(static_cast<double>(x(i, j) - m));
          const S log_s = static_cast<S>(std::log(s));
          for (long j = 0; j < k; ++j) {
            out(i, j) = (x(i, j) - m) - log_s;
            n.scratch(i, j) = std::exp(out(i, j));
          }
        }
      } else {
        // ∂out_j/∂x_l = [j = l] − softmax_l
        Mat& gx = grad_target(n.a);
        for (long i = 0; i < r; ++i) gx.row(i) += g.row(i) - g.row(i).sum() * n.scratch.row(i);
      }
      break;
    }
    case Op::BceWithLogits: {  // max(x, 0) − x·t + log1p(e^−|x|)
      const Mat& x = val(n.a);
      const Mat& t = val(n.b);
      if (!back) {
        out = x.binaryExpr(t, [](S xv, S tv) {
          return std::max(xv, S(0)) - xv * tv + std::log1p(std::exp(-std::abs(xv)));
        });
      } else {
        if (needs(n.a))
          grad_target(n.a) += x.binaryExpr(t, [](S xv, S tv) { return stable_sigmoid(xv) - tv; })
                                  .cwiseProduct(g);
        if (needs(n.b)) grad_target(n.b).array() -= g.array() * x.array();
      }
      break;
    }
    case Op::GaussianNll: {  // ½(e^−v (y−μ)² + v + log 2π)
      const auto y = val(n.a).array();
      const auto mu = val(n.b).array();
      const auto v = val(n.c).array();
      if (!back) {
        const S log_2pi = static_cast<S>(std::log(2.0 * std::numbers::pi));
        out.array() = S(0.5) * ((-v).exp() * (y - mu).square() + v + log_2pi);
      } else {
        // ∂/∂y = e^−v (y−μ), ∂/∂μ = −e^−v (y−μ), ∂/∂v = ½(1 − e^−v (y−μ)²)
        const auto ga = g.array();
        if (needs(n.a)) grad_target(n.a).array() += ga * (-v).exp() * (y - mu);
        if (needs(n.b)) grad_target(n.b).array() -= ga * (-v).exp() * (y - mu);
        if (needs(n.c))
          grad_target(n.c).array() += S(0.5) * ga * (S(1) - (-v).exp() * (y - mu).square());
      }
      break;
    }
  }
}

template class Graph<float>;
template class Graph<double>;

}  // namespace causalmix::nn
