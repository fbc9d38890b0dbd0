#include "causalmix/expr.hpp"

#include <algorithm>

#include "causalmix/error.hpp"
#include "expr/binder.hpp"
#include "expr/diagnostics.hpp"
#include "expr/evaluator.hpp"
#include "expr/node.hpp"
#include "expr/parser.hpp"

namespace causalmix {

Expression Expression::parse(const std::string& text, const std::string& what) {
  Expression expression;
  expression.text_ = text;
  expression.what_ = what;
  expression.root_ = parse_expression(text, what);
  return expression;
}

namespace {

const Expression::Node& parsed_root(const std::shared_ptr<const Expression::Node>& root,
                                    const std::string& what) {
  if (!root) throw Error(expression_label(what) + ": used before Expression::parse");
  return *root;
}

}  // namespace

void Expression::bind(const Schema& schema, const std::string& treatment) const {
  bind_expression(parsed_root(root_, what_), Source{text_, what_}, ColumnCatalog(schema),
                  treatment);
}

std::vector<double> Expression::evaluate(const Table& table, const std::string& treatment,
                                         const Standardization& standardization) const {
  const Node& root = parsed_root(root_, what_);
  const Source source{text_, what_};
  bind_expression(root, source, ColumnCatalog(table), treatment);
  return evaluate_expression(root, source, table, treatment, standardization);
}

bool Expression::uses_treatment() const {
  bool found = false;
  if (root_)
    for_each_node(*root_, [&](const Node& node) { found = found || node.kind == NodeKind::Treatment; });
  return found;
}

bool Expression::is_constant() const {
  bool constant = true;
  if (root_)
    for_each_node(*root_, [&](const Node& node) {
      if (node.kind == NodeKind::Column || node.kind == NodeKind::Treatment) constant = false;
    });
  return constant;
}

std::vector<std::string> Expression::columns() const {
  std::vector<std::string> names;
  if (root_)
    for_each_node(*root_, [&](const Node& node) {
      if (node.kind == NodeKind::Column &&
          std::find(names.begin(), names.end(), node.name) == names.end())
        names.push_back(node.name);
    });
  return names;
}

}  // namespace causalmix
