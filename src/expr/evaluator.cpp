#include "expr/evaluator.hpp"

#include <cmath>
#include <limits>

#include "causalmix/error.hpp"
#include "expr/diagnostics.hpp"

namespace causalmix {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A node's values: one per row, or a single value shared by every row when the node does
// not depend on the data (constants), so `0.05 + 0.01*age` allocates only for `age`.
struct Values {
  bool uniform = true;
  double scalar = 0.0;
  std::vector<double> rows;

  double at(std::size_t i) const { return uniform ? scalar : rows[i]; }
};

Values uniform_value(double v) { return Values{true, v, {}}; }
Values row_values(std::vector<double> rows) { return Values{false, 0.0, std::move(rows)}; }

// Elementwise f over one operand, in place.
template <class F>
Values map1(Values a, F f) {
  if (a.uniform) {
    a.scalar = f(a.scalar);
  } else {
    for (double& v : a.rows) v = f(v);
  }
  return a;
}

// Elementwise f over two operands, writing into whichever holds rows (broadcasting a
// uniform one), so a binary node reuses an operand's buffer instead of allocating.
template <class F>
Values map2(Values a, Values b, F f) {
  if (a.uniform && b.uniform) return uniform_value(f(a.scalar, b.scalar));
  if (a.uniform) {
    const double x = a.scalar;
    for (double& v : b.rows) v = f(x, v);
    return b;
  }
  const std::size_t n = a.rows.size();
  double* out = a.rows.data();
  if (b.uniform) {
    const double y = b.scalar;
    for (std::size_t i = 0; i < n; ++i) out[i] = f(out[i], y);
  } else {
    const double* right = b.rows.data();
    for (std::size_t i = 0; i < n; ++i) out[i] = f(out[i], right[i]);
  }
  return a;
}

// Comparisons and logic give 1 or 0, but NaN (a missing value) stays NaN so that it is
// reported rather than silently read as "false".
double truth(bool b) { return b ? 1.0 : 0.0; }

template <class Compare>
auto comparison(Compare compare) {
  return [compare](double x, double y) {
    return std::isnan(x) || std::isnan(y) ? kNaN : truth(compare(x, y));
  };
}

double stable_sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

double nan_min(double x, double y) { return std::isnan(x) || std::isnan(y) ? kNaN : (y < x ? y : x); }
double nan_max(double x, double y) { return std::isnan(x) || std::isnan(y) ? kNaN : (y > x ? y : x); }

class Evaluator {
 public:
  Evaluator(const Source& source, const Table& table, const std::string& treatment,
            const Standardization& standardization)
      : source_(source), table_(table), treatment_(treatment),
        standardization_(standardization), catalog_(table) {}

  Values evaluate(const Expression::Node& node) const {
    switch (node.kind) {
      case NodeKind::Number: return uniform_value(node.number);
      case NodeKind::String: break;  // only inside a label comparison, handled there
      case NodeKind::Column: return column_values(table_.column(node.name));
      case NodeKind::Treatment: return treatment_codes(node);
      case NodeKind::Negate: return map1(evaluate(*node.operands[0]), [](double x) { return -x; });
      case NodeKind::Not:
        return map1(evaluate(*node.operands[0]),
                    [](double x) { return std::isnan(x) ? kNaN : truth(x == 0.0); });
      case NodeKind::Binary: return binary(node);
      case NodeKind::Call: return call(node);
    }
    throw Error(expression_label(source_.what) + " '" + source_.text +
                "': a string stands where a value is needed");
  }

 private:
  const Source& source_;
  const Table& table_;
  const std::string& treatment_;
  const Standardization& standardization_;
  ColumnCatalog catalog_;

  // Numbers as they are; a discrete column as the number its label stands for ("0"/"1",
  // "2.5") or else its level code.
  Values column_values(const Column& column) const {
    std::vector<double> out(column.values);
    if (!column.discrete()) return row_values(std::move(out));
    std::vector<double> by_code(column.levels.size());
    bool identity = true;
    for (std::size_t code = 0; code < by_code.size(); ++code) {
      by_code[code] = column.level_value(code);
      identity = identity && by_code[code] == static_cast<double>(code);
    }
    if (identity) return row_values(std::move(out));
    const double levels = static_cast<double>(by_code.size());
    for (double& v : out)
      if (v >= 0 && v < levels) v = by_code[static_cast<std::size_t>(v)];
    return row_values(std::move(out));
  }

  Values treatment_codes(const Expression::Node& node) const {
    treatment_spec(source_, node.position, catalog_, treatment_);
    return row_values(table_.column(treatment_).values);
  }

  // `col == "label"` / `col != "label"` (either order): compares level codes.
  Values label_comparison(const Expression::Node& node) const {
    const bool label_first = node.operands[0]->kind == NodeKind::String;
    const auto& label = *node.operands[label_first ? 0 : 1];
    const auto& subject = *node.operands[label_first ? 1 : 0];
    const Column& column = subject.kind == NodeKind::Treatment
                               ? table_.column(treatment_)
                               : table_.column(subject.name);
    const double code = static_cast<double>(level_code(source_, label.position, column, label.name));
    const bool equal = node.op == BinaryOp::Equal;
    std::vector<double> out(column.values.size());
    const double* in = column.values.data();
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = std::isnan(in[i]) ? kNaN : truth((in[i] == code) == equal);
    return row_values(std::move(out));
  }

  Values binary(const Expression::Node& node) const {
    if (node.operands[0]->kind == NodeKind::String || node.operands[1]->kind == NodeKind::String)
      return label_comparison(node);
    Values a = evaluate(*node.operands[0]);
    Values b = evaluate(*node.operands[1]);
    switch (node.op) {
      case BinaryOp::Add: return map2(std::move(a), std::move(b), [](double x, double y) { return x + y; });
      case BinaryOp::Subtract: return map2(std::move(a), std::move(b), [](double x, double y) { return x - y; });
      case BinaryOp::Multiply: return map2(std::move(a), std::move(b), [](double x, double y) { return x * y; });
      case BinaryOp::Divide: return map2(std::move(a), std::move(b), [](double x, double y) { return x / y; });
      case BinaryOp::Power: return map2(std::move(a), std::move(b), [](double x, double y) { return std::pow(x, y); });
      case BinaryOp::Less: return map2(std::move(a), std::move(b), comparison([](double x, double y) { return x < y; }));
      case BinaryOp::LessEqual: return map2(std::move(a), std::move(b), comparison([](double x, double y) { return x <= y; }));
      case BinaryOp::Greater: return map2(std::move(a), std::move(b), comparison([](double x, double y) { return x > y; }));
      case BinaryOp::GreaterEqual: return map2(std::move(a), std::move(b), comparison([](double x, double y) { return x >= y; }));
      case BinaryOp::Equal: return map2(std::move(a), std::move(b), comparison([](double x, double y) { return x == y; }));
      case BinaryOp::NotEqual: return map2(std::move(a), std::move(b), comparison([](double x, double y) { return x != y; }));
      case BinaryOp::And: return map2(std::move(a), std::move(b), comparison([](double x, double y) { return x != 0.0 && y != 0.0; }));
      case BinaryOp::Or: return map2(std::move(a), std::move(b), comparison([](double x, double y) { return x != 0.0 || y != 0.0; }));
    }
    return a;
  }

  Values call(const Expression::Node& node) const {
    switch (node.function) {
      case Function::If: return select(node);
      case Function::Z: return standardized(node);
      default: break;
    }
    Values a = evaluate(*node.operands[0]);
    switch (node.function) {
      case Function::Exp: return map1(std::move(a), [](double x) { return std::exp(x); });
      case Function::Log: return map1(std::move(a), [](double x) { return std::log(x); });
      case Function::Tanh: return map1(std::move(a), [](double x) { return std::tanh(x); });
      case Function::Sigmoid: return map1(std::move(a), stable_sigmoid);
      case Function::Abs: return map1(std::move(a), [](double x) { return std::abs(x); });
      case Function::Sqrt: return map1(std::move(a), [](double x) { return std::sqrt(x); });
      case Function::Pow:
        return map2(std::move(a), evaluate(*node.operands[1]),
                    [](double x, double y) { return std::pow(x, y); });
      case Function::Min:
      case Function::Max: {
        const bool is_min = node.function == Function::Min;
        for (std::size_t k = 1; k < node.operands.size(); ++k)
          a = is_min ? map2(std::move(a), evaluate(*node.operands[k]), nan_min)
                     : map2(std::move(a), evaluate(*node.operands[k]), nan_max);
        return a;
      }
      default: break;
    }
    return a;
  }

  // if(c, a, b): both branches are computed for every row (that is what keeps it a tight
  // loop); a branch's non-finite values only matter on the rows that select it.
  Values select(const Expression::Node& node) const {
    Values condition = evaluate(*node.operands[0]);
    Values if_true = evaluate(*node.operands[1]);
    Values if_false = evaluate(*node.operands[2]);
    auto pick = [](double c, double t, double f) { return std::isnan(c) ? kNaN : (c != 0.0 ? t : f); };
    if (condition.uniform && if_true.uniform && if_false.uniform)
      return uniform_value(pick(condition.scalar, if_true.scalar, if_false.scalar));
    const std::size_t n = table_.rows();
    if (!condition.uniform) {  // reuse the condition's buffer: row i is read before written
      std::vector<double> out = std::move(condition.rows);
      for (std::size_t i = 0; i < n; ++i) out[i] = pick(out[i], if_true.at(i), if_false.at(i));
      return row_values(std::move(out));
    }
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i)
      out[i] = pick(condition.scalar, if_true.at(i), if_false.at(i));
    return row_values(std::move(out));
  }

  Values standardized(const Expression::Node& node) const {
    const auto& argument = *node.operands[0];
    const auto found = standardization_.mean_sd.find(argument.name);
    if (found == standardization_.mean_sd.end())
      fail_at(source_.what, source_.text, node.position,
              "z(" + argument.name + ") has no training mean and sd for column '" +
                  argument.name + "'");
    const auto [mean, sd] = found->second;
    if (!(sd > 0.0) || !std::isfinite(mean) || !std::isfinite(sd))
      fail_at(source_.what, source_.text, node.position,
              "z(" + argument.name + ") is undefined: column '" + argument.name +
                  "' has standard deviation " + std::to_string(sd) + " in the training table");
    return map1(column_values(table_.column(argument.name)),
                [mean, sd](double x) { return (x - mean) / sd; });
  }
};

std::string format_value(double v) {
  if (std::isnan(v)) return "nan";
  return v > 0 ? "inf" : "-inf";
}

// The first missing entry among the expression's columns at `row`, for the message.
std::string missing_hint(const Expression::Node& root, const Table& table,
                         const std::string& treatment, std::size_t row) {
  std::string hint;
  for_each_node(root, [&](const Expression::Node& node) {
    if (!hint.empty()) return;
    std::string name;
    if (node.kind == NodeKind::Column) name = node.name;
    else if (node.kind == NodeKind::Treatment) name = treatment;
    else return;
    const auto index = table.find(name);
    if (index && std::isnan(table.columns[*index].values[row]))
      hint = " (column '" + name + "' is missing there)";
  });
  return hint;
}

}  // namespace

std::vector<double> evaluate_expression(const Expression::Node& root, const Source& source,
                                        const Table& table, const std::string& treatment,
                                        const Standardization& standardization) {
  Values values = Evaluator(source, table, treatment, standardization).evaluate(root);
  const std::string label = expression_label(source.what) + " '" + source.text + "'";
  if (values.uniform) {
    if (!std::isfinite(values.scalar))
      throw Error(label + " is " + format_value(values.scalar) + " on every row");
    return std::vector<double>(table.rows(), values.scalar);
  }
  for (std::size_t i = 0; i < values.rows.size(); ++i) {
    if (!std::isfinite(values.rows[i]))
      throw Error(label + " is " + format_value(values.rows[i]) + " at data row " +
                  std::to_string(i + 1) + missing_hint(root, table, treatment, i));
  }
  return std::move(values.rows);
}

}  // namespace causalmix
