#include "expr/binder.hpp"

#include <algorithm>

#include "causalmix/error.hpp"
#include "expr/diagnostics.hpp"

namespace causalmix {

ColumnCatalog::ColumnCatalog(const Schema& schema) {
  specs_.reserve(schema.size());
  for (const auto& spec : schema) specs_.push_back(&spec);
}

ColumnCatalog::ColumnCatalog(const Table& table) {
  specs_.reserve(table.columns.size());
  for (const auto& column : table.columns) specs_.push_back(&column);
}

const ColumnSpec* ColumnCatalog::find(const std::string& name) const {
  for (const auto* spec : specs_)
    if (spec->name == name) return spec;
  return nullptr;
}

std::vector<std::string> ColumnCatalog::names() const {
  std::vector<std::string> out;
  out.reserve(specs_.size());
  for (const auto* spec : specs_) out.push_back(spec->name);
  return out;
}

namespace {

bool is_binary(const ColumnSpec& spec) {
  return spec.type == ColumnType::Binary ||
         (spec.type == ColumnType::Categorical && spec.levels.size() == 2);
}

const ColumnSpec& column_spec(const Source& source, const Expression::Node& node,
                              const ColumnCatalog& columns) {
  if (const ColumnSpec* spec = columns.find(node.name)) return *spec;
  fail_at(source.what, source.text, node.position,
          "no column named '" + node.name + "'" + did_you_mean(node.name, columns.names()));
}

// `column == "label"`: the column side must be discrete and know the label.
void bind_label_comparison(const Source& source, const Expression::Node& comparison,
                           const ColumnCatalog& columns, const std::string& treatment) {
  const bool label_first = comparison.operands[0]->kind == NodeKind::String;
  const auto& label = *comparison.operands[label_first ? 0 : 1];
  const auto& subject = *comparison.operands[label_first ? 1 : 0];
  if (subject.kind == NodeKind::Treatment) {
    level_code(source, label.position, treatment_spec(source, subject.position, columns, treatment),
               label.name);
    return;
  }
  const ColumnSpec& spec = column_spec(source, subject, columns);
  if (!spec.discrete())
    fail_at(source.what, source.text, label.position,
            "column '" + spec.name + "' is " + to_string(spec.type) +
                ", so it has no labels to compare with \"" + label.name +
                "\" (compare it with a number)");
  level_code(source, label.position, spec, label.name);
}

}  // namespace

const ColumnSpec& treatment_spec(const Source& source, std::size_t position,
                                 const ColumnCatalog& columns, const std::string& treatment) {
  if (treatment.empty())
    fail_at(source.what, source.text, position,
            "T stands for the treatment, but no treatment column is set");
  const ColumnSpec* spec = columns.find(treatment);
  if (!spec)
    fail_at(source.what, source.text, position,
            "T stands for the treatment column '" + treatment + "', which is not in the table" +
                did_you_mean(treatment, columns.names()));
  if (!is_binary(*spec))
    fail_at(source.what, source.text, position,
            "T stands for the treatment column '" + treatment + "', which is " +
                to_string(spec->type) + " with " + std::to_string(spec->levels.size()) +
                " levels; it must be binary");
  return *spec;
}

std::size_t level_code(const Source& source, std::size_t position, const ColumnSpec& spec,
                       const std::string& label) {
  for (std::size_t code = 0; code < spec.levels.size(); ++code)
    if (spec.levels[code] == label) return code;
  std::string message = "\"" + label + "\" is not a level of column '" + spec.name + "'";
  const auto close = close_matches(label, spec.levels);
  if (!close.empty()) message += " (did you mean \"" + close.front() + "\"?)";
  message += "; levels are:";
  const std::size_t shown = std::min<std::size_t>(spec.levels.size(), 30);
  for (std::size_t i = 0; i < shown; ++i) message += (i ? ", \"" : " \"") + spec.levels[i] + "\"";
  if (shown < spec.levels.size())
    message += " and " + std::to_string(spec.levels.size() - shown) + " more";
  fail_at(source.what, source.text, position, message);
}

void bind_expression(const Expression::Node& root, const Source& source,
                     const ColumnCatalog& columns, const std::string& treatment) {
  for_each_node(root, [&](const Expression::Node& node) {
    switch (node.kind) {
      case NodeKind::Column: column_spec(source, node, columns); break;
      case NodeKind::Treatment: treatment_spec(source, node.position, columns, treatment); break;
      case NodeKind::Binary:
        if (node.operands[0]->kind == NodeKind::String ||
            node.operands[1]->kind == NodeKind::String)
          bind_label_comparison(source, node, columns, treatment);
        break;
      case NodeKind::Call:
        if (node.function == Function::Z) {
          const ColumnSpec& spec = column_spec(source, *node.operands[0], columns);
          if (spec.discrete())
            fail_at(source.what, source.text, node.operands[0]->position,
                    "z() needs a numerical or integer column; '" + spec.name + "' is " +
                        to_string(spec.type));
        }
        break;
      default: break;
    }
  });
}

}  // namespace causalmix
