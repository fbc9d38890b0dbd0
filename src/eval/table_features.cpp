#include "eval/table_features.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "causalmix/error.hpp"
#include "causalmix/truth.hpp"
#include "eval/statistics.hpp"

namespace causalmix::eval {

bool is_truth_column(const std::string& name) {
  for (const char* truth_name : {truth::kY0, truth::kY1, truth::kMu0, truth::kMu1, truth::kTau,
                                 truth::kKappa, truth::kLogDensityRatio, truth::kPropensity}) {
    const std::string base = truth_name;
    if (name == base || name.rfind(base + "_", 0) == 0) return true;
  }
  return false;
}

std::vector<std::string> compared_columns(const Table& real, const Table& synthetic,
                                          const std::vector<std::string>& exclude) {
  std::vector<std::string> out;
  for (const Column& column : real.columns) {
    if (is_truth_column(column.name)) continue;
    if (std::find(exclude.begin(), exclude.end(), column.name) != exclude.end()) continue;
    const auto other = synthetic.find(column.name);
    if (!other) continue;
    const Column& s = synthetic.columns[*other];
    if (column.discrete() != s.discrete())
      throw Error("column '" + column.name + "' is " + to_string(column.type) +
                  " in the real table but " + to_string(s.type) +
                  " in the synthetic one (read both with the same schema)");
    out.push_back(column.name);
  }
  if (out.empty()) throw Error("the real and synthetic tables have no column in common to compare");
  return out;
}

std::vector<int> codes_by_label(const Column& column, const std::vector<std::string>& levels) {
  std::unordered_map<std::string, int> index;
  for (std::size_t k = 0; k < levels.size(); ++k) index.emplace(levels[k], static_cast<int>(k));
  // Translate the column's own levels once, then each code.
  std::vector<int> translate(column.levels.size(), -1);
  for (std::size_t k = 0; k < column.levels.size(); ++k) {
    auto it = index.find(column.levels[k]);
    if (it != index.end()) translate[k] = it->second;
  }
  std::vector<int> out(column.values.size());
  for (std::size_t i = 0; i < column.values.size(); ++i) {
    const double v = column.values[i];
    if (!std::isfinite(v)) {
      out[i] = -2;
      continue;
    }
    const auto code = static_cast<std::size_t>(v);
    out[i] = code < translate.size() ? translate[code] : -1;
  }
  return out;
}

FeatureEncoder FeatureEncoder::fit(const Table& reference, const std::vector<std::string>& columns) {
  FeatureEncoder encoder;
  for (const std::string& name : columns) {
    const Column& column = reference.column(name);
    Part part;
    part.name = name;
    part.discrete = column.discrete();
    if (part.discrete) {
      part.levels = column.levels;
      encoder.width_ += static_cast<int>(part.levels.size());
    } else {
      const auto values = finite_values(column.values);
      part.mean = values.empty() ? 0.0 : mean(values);
      const double sd = values.empty() ? 0.0 : population_sd(values);
      part.scale = sd > 0 ? sd : 1.0;  // a constant column stays centred, unscaled
      encoder.width_ += 1;
    }
    encoder.parts_.push_back(std::move(part));
  }
  return encoder;
}

Eigen::MatrixXd FeatureEncoder::encode(const Table& table, const std::vector<std::size_t>& rows) const {
  std::vector<std::size_t> selected = rows;
  if (selected.empty()) {
    selected.resize(table.rows());
    std::iota(selected.begin(), selected.end(), 0);
  }
  const auto n = static_cast<Eigen::Index>(selected.size());
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(n, width_);
  Eigen::Index offset = 0;
  for (const Part& part : parts_) {
    const Column& column = table.column(part.name);
    if (part.discrete) {
      const std::vector<int> codes = codes_by_label(column, part.levels);
      for (Eigen::Index i = 0; i < n; ++i) {
        const int code = codes[selected[i]];
        if (code >= 0) out(i, offset + code) = 1.0;
      }
      offset += static_cast<Eigen::Index>(part.levels.size());
    } else {
      for (Eigen::Index i = 0; i < n; ++i) {
        const double v = column.values[selected[i]];
        out(i, offset) = std::isfinite(v) ? (v - part.mean) / part.scale : 0.0;
      }
      offset += 1;
    }
  }
  return out;
}

std::vector<std::string> FeatureEncoder::feature_names() const {
  std::vector<std::string> out;
  for (const Part& part : parts_) {
    if (!part.discrete) {
      out.push_back(part.name);
      continue;
    }
    for (const auto& level : part.levels) out.push_back(part.name + "=" + level);
  }
  return out;
}

std::vector<std::size_t> subsample_rows(std::size_t n, std::size_t limit, Rng& rng) {
  std::vector<std::size_t> index(n);
  std::iota(index.begin(), index.end(), 0);
  if (limit == 0 || n <= limit) return index;
  // Partial Fisher–Yates: the first `limit` slots become a uniform sample.
  for (std::size_t i = 0; i < limit; ++i) {
    const std::size_t j = i + rng.uniform_int(n - i);
    std::swap(index[i], index[j]);
  }
  index.resize(limit);
  std::sort(index.begin(), index.end());
  return index;
}

}  // namespace causalmix::eval
