// Encoding: per-column statistics fitted on the training table, the forward map to codes and
// z-scores, its inverse, and the one-hot layout the networks read.
#include "causalmix/encoding.hpp"

#include <algorithm>
#include <cmath>

#include "causalmix/error.hpp"
#include "table/cell_text.hpp"

namespace causalmix {
namespace {

using table_detail::format_number;

// Codes of `column` in `encoding`'s level order: the same when the level lists agree,
// otherwise matched by label (a table read with other levels, e.g. a real table at
// evaluation). A label the encoding never saw is an Error.
std::vector<double> codes_in(const ColumnEncoding& encoding, const Column& column) {
  if (column.levels == encoding.spec.levels) return column.values;
  std::vector<double> map(column.levels.size());
  for (std::size_t k = 0; k < column.levels.size(); ++k) {
    auto it = std::find(encoding.spec.levels.begin(), encoding.spec.levels.end(), column.levels[k]);
    map[k] = it == encoding.spec.levels.end() ? -1.0
                                                : static_cast<double>(it - encoding.spec.levels.begin());
  }
  std::vector<double> out(column.values.size());
  for (std::size_t i = 0; i < column.values.size(); ++i) {
    const double v = column.values[i];
    if (std::isnan(v) || v < 0.0 || v >= static_cast<double>(map.size())) {
      out[i] = v;  // missing, or not a code: reported by the caller
      continue;
    }
    const auto code = static_cast<std::size_t>(v);
    if (map[code] < 0.0)
      throw Error("column '" + column.name + "': level '" + column.levels[code] +
                  "' (row " + std::to_string(i + 1) + ") was not in the training data");
    out[i] = map[code];
  }
  return out;
}

}  // namespace

int ColumnEncoding::one_hot_width() const {
  return spec.type == ColumnType::Categorical && spec.levels.size() > 2 ? level_count() : 1;
}

Encoding Encoding::fit(const Table& table, std::vector<std::string>* warnings) {
  std::vector<ColumnEncoding> columns;
  columns.reserve(table.cols());
  for (const Column& column : table.columns) {
    ColumnEncoding encoding;
    encoding.spec = static_cast<const ColumnSpec&>(column);
    if (column.values.empty()) throw Error("column '" + column.name + "' has no rows to fit on");
    for (double v : column.values)
      if (std::isnan(v)) throw Error("column '" + column.name + "' has missing values; drop them first");
    if (column.discrete()) {
      encoding.lower_z = 0.0;
      encoding.upper_z = std::max(0.0, static_cast<double>(column.levels.size()) - 1.0);
      columns.push_back(std::move(encoding));
      continue;
    }
    const double n = static_cast<double>(column.values.size());
    double sum = 0.0;
    double lo = column.values.front(), hi = column.values.front();
    for (double v : column.values) {
      sum += v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    const double mean = sum / n;
    double squares = 0.0;  // two-pass variance: no cancellation for large means
    for (double v : column.values) squares += (v - mean) * (v - mean);
    double sd = n > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
    if (!(sd > 0.0) || !std::isfinite(sd)) {
      if (warnings)
        warnings->push_back("column '" + column.name + "' is constant (" + format_number(mean) +
                            "); its scale is set to 1");
      sd = 1.0;
    }
    encoding.mean = mean;
    encoding.scale = sd;
    encoding.lower_z = (column.lower.value_or(lo) - mean) / sd;
    encoding.upper_z = (column.upper.value_or(hi) - mean) / sd;
    columns.push_back(std::move(encoding));
  }
  return Encoding(std::move(columns));
}

Eigen::MatrixXd Encoding::encode(const Table& table) const {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(table.rows()), static_cast<Eigen::Index>(size()));
  for (std::size_t j = 0; j < size(); ++j) {
    const ColumnEncoding& encoding = columns_[j];
    const Column& column = table.column(encoding.spec.name);
    if (column.discrete() != encoding.spec.discrete())
      throw Error("column '" + column.name + "' is " + to_string(column.type) +
                  " here but was " + to_string(encoding.spec.type) + " in training");
    const auto jj = static_cast<Eigen::Index>(j);
    if (column.discrete()) {
      const std::vector<double> codes = codes_in(encoding, column);
      for (std::size_t i = 0; i < codes.size(); ++i) {
        if (std::isnan(codes[i]))
          throw Error("column '" + column.name + "' has a missing value in row " + std::to_string(i + 1));
        if (codes[i] < 0.0 || codes[i] >= static_cast<double>(encoding.spec.levels.size()))
          throw Error("column '" + column.name + "': value " + format_number(codes[i]) + " in row " +
                      std::to_string(i + 1) + " is not a level code");
        out(static_cast<Eigen::Index>(i), jj) = codes[i];
      }
    } else {
      for (std::size_t i = 0; i < column.values.size(); ++i) {
        const double v = column.values[i];
        if (std::isnan(v))
          throw Error("column '" + column.name + "' has a missing value in row " + std::to_string(i + 1));
        out(static_cast<Eigen::Index>(i), jj) = (v - encoding.mean) / encoding.scale;
      }
    }
  }
  return out;
}

Table Encoding::decode(const Eigen::MatrixXd& encoded) const {
  if (static_cast<std::size_t>(encoded.cols()) != size())
    throw Error("decode: " + std::to_string(encoded.cols()) + " encoded columns, the encoding has " +
                std::to_string(size()));
  Table table;
  table.columns.reserve(size());
  const auto rows = static_cast<std::size_t>(encoded.rows());
  for (std::size_t j = 0; j < size(); ++j) {
    const ColumnEncoding& encoding = columns_[j];
    Column column;
    static_cast<ColumnSpec&>(column) = encoding.spec;
    column.values.resize(rows);
    const double top = std::max(0.0, static_cast<double>(encoding.spec.levels.size()) - 1.0);
    for (std::size_t i = 0; i < rows; ++i) {
      const double z = encoded(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
      double v;
      if (std::isnan(z)) {
        v = z;
      } else if (encoding.spec.discrete()) {
        v = std::clamp(std::round(z), 0.0, top);
      } else {
        v = z * encoding.scale + encoding.mean;
        if (encoding.spec.type == ColumnType::Integer) v = std::round(v);
      }
      column.values[i] = v;
    }
    table.columns.push_back(std::move(column));
  }
  return table;
}

int Encoding::one_hot_width() const {
  int width = 0;
  for (const auto& c : columns_) width += c.one_hot_width();
  return width;
}

Eigen::MatrixXf Encoding::one_hot(const Eigen::MatrixXd& encoded) const {
  if (static_cast<std::size_t>(encoded.cols()) != size())
    throw Error("one_hot: " + std::to_string(encoded.cols()) + " encoded columns, the encoding has " +
                std::to_string(size()));
  Eigen::MatrixXf out = Eigen::MatrixXf::Zero(encoded.rows(), one_hot_width());
  Eigen::Index offset = 0;
  for (std::size_t j = 0; j < size(); ++j) {
    const ColumnEncoding& encoding = columns_[j];
    const auto jj = static_cast<Eigen::Index>(j);
    const int width = encoding.one_hot_width();
    if (width == 1) {
      out.col(offset) = encoded.col(jj).cast<float>();
    } else {
      const double top = static_cast<double>(width - 1);
      for (Eigen::Index i = 0; i < encoded.rows(); ++i) {
        if (std::isnan(encoded(i, jj))) continue;  // no level: all zeros
        const double code = std::clamp(std::round(encoded(i, jj)), 0.0, top);
        out(i, offset + static_cast<Eigen::Index>(code)) = 1.0f;
      }
    }
    offset += width;
  }
  return out;
}

const ColumnEncoding& Encoding::column(const std::string& name) const {
  for (const auto& c : columns_)
    if (c.spec.name == name) return c;
  std::vector<std::string> names;
  for (const auto& c : columns_) names.push_back(c.spec.name);
  throw Error("no column named '" + name + "' in the encoding" + did_you_mean(name, names));
}

}  // namespace causalmix
