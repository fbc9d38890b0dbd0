// Privacy (metrics.md): how near the synthetic rows come to the real training rows.
// Nearest neighbours by brute force on at most `row_limit` rows of each table; exact copies
// on every row by hashing.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_set>

#include "causalmix/error.hpp"
#include "causalmix/metrics.hpp"
#include "eval/json_number.hpp"
#include "eval/pairwise.hpp"
#include "eval/statistics.hpp"
#include "eval/table_features.hpp"

namespace causalmix {

namespace {

enum Stream : std::uint64_t { kSynthetic = 11, kTrain = 12, kHoldout = 13 };

// A row as bytes: numbers bit for bit, discrete cells by label (so tables read with
// different level sets still match). Missing cells are a fixed marker.
std::vector<std::string> row_keys(const Table& table, const std::vector<std::string>& names) {
  std::vector<std::string> keys(table.rows());
  for (const auto& name : names) {
    const Column& column = table.column(name);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const double v = column.values[i];
      std::string& key = keys[i];
      if (!std::isfinite(v)) {
        key += "\x01NA\x02";
      } else if (column.discrete()) {
        const auto code = static_cast<std::size_t>(v);
        key += code < column.levels.size() ? column.levels[code] : "?";
        key += '\x02';
      } else {
        const double normalised = v == 0.0 ? 0.0 : v;  // −0 and +0 are the same value
        char bytes[sizeof(double)];
        std::memcpy(bytes, &normalised, sizeof(double));
        key.append(bytes, sizeof(double));
      }
    }
  }
  return keys;
}

}  // namespace

PrivacyReport privacy(const Table& train, const Table* holdout, const Table& synthetic,
                      const EvalOptions& options) {
  PrivacyReport report;
  const auto names = eval::compared_columns(train, synthetic, options.exclude);
  if (train.rows() == 0 || synthetic.rows() == 0) {
    report.notes.push_back("privacy needs rows in both tables");
    return report;
  }
  {
    const auto train_keys = row_keys(train, names);
    const std::unordered_set<std::string> seen(train_keys.begin(), train_keys.end());
    std::size_t copies = 0;
    for (const auto& key : row_keys(synthetic, names)) copies += seen.count(key);
    report.exact_copy_share = static_cast<double>(copies) / static_cast<double>(synthetic.rows());
  }

  const auto encoder = eval::FeatureEncoder::fit(train, names);
  Rng synthetic_rng = Rng(options.seed).derive(kSynthetic);
  Rng train_rng = Rng(options.seed).derive(kTrain);
  const auto synthetic_rows = eval::subsample_rows(synthetic.rows(), options.row_limit, synthetic_rng);
  const auto train_rows = eval::subsample_rows(train.rows(), options.row_limit, train_rng);
  report.synthetic_rows = synthetic_rows.size();
  report.train_rows = train_rows.size();
  const Eigen::MatrixXd queries = encoder.encode(synthetic, synthetic_rows);
  const auto neighbours = eval::nearest_two(queries, encoder.encode(train, train_rows));

  std::vector<double> dcr = neighbours.nearest;
  std::sort(dcr.begin(), dcr.end());
  report.dcr_median = eval::quantile_sorted(dcr, 0.5);
  report.dcr_p05 = eval::quantile_sorted(dcr, 0.05);
  if (train_rows.size() >= 2) {
    std::vector<double> ratios(neighbours.nearest.size());
    for (std::size_t i = 0; i < ratios.size(); ++i) {
      const double second = neighbours.second[i];
      // An exact copy of a duplicated real row has 0/0: count it as the closest (0).
      ratios[i] = second > 0 ? neighbours.nearest[i] / second : 0.0;
    }
    std::sort(ratios.begin(), ratios.end());
    report.nndr_median = eval::quantile_sorted(ratios, 0.5);
  }

  if (holdout && holdout->rows() > 0) {
    eval::compared_columns(*holdout, synthetic, options.exclude);  // same columns or an Error
    // Equal sizes, so a synthetic row is a priori as likely to be nearer to either set.
    std::size_t size = std::min(train.rows(), holdout->rows());
    if (options.row_limit > 0) size = std::min(size, options.row_limit);
    Rng share_train_rng = Rng(options.seed).derive(kTrain);
    Rng share_holdout_rng = Rng(options.seed).derive(kHoldout);
    const auto t_rows = eval::subsample_rows(train.rows(), size, share_train_rng);
    const auto h_rows = eval::subsample_rows(holdout->rows(), size, share_holdout_rng);
    report.holdout_rows = h_rows.size();
    const auto to_train = eval::nearest_two(queries, encoder.encode(train, t_rows));
    const auto to_holdout = eval::nearest_two(queries, encoder.encode(*holdout, h_rows));
    double closer = 0.0;
    for (std::size_t i = 0; i < to_train.nearest.size(); ++i) {
      if (to_train.nearest[i] < to_holdout.nearest[i]) closer += 1.0;
      else if (to_train.nearest[i] == to_holdout.nearest[i]) closer += 0.5;
    }
    report.dcr_share = closer / static_cast<double>(to_train.nearest.size());
    if (size < train.rows())
      report.notes.push_back("DCR share: training rows subsampled to the holdout's size (" + std::to_string(size) + ")");
  }
  report.subsampled = synthetic_rows.size() < synthetic.rows() || train_rows.size() < train.rows();
  if (report.subsampled)
    report.notes.push_back("nearest-neighbour distances on " + std::to_string(report.synthetic_rows) +
                           " synthetic and " + std::to_string(report.train_rows) +
                           " real rows drawn with seed " + std::to_string(options.seed) + " (row limit " +
                           std::to_string(options.row_limit) + "); exact copies over all rows");
  return report;
}

nlohmann::json PrivacyReport::to_json() const {
  using eval::json_number;
  return {{"dcr_median", json_number(dcr_median)},
          {"dcr_p05", json_number(dcr_p05)},
          {"dcr_share", json_number(dcr_share)},
          {"exact_copy_share", json_number(exact_copy_share)},
          {"nndr_median", json_number(nndr_median)},
          {"train_rows", train_rows},
          {"holdout_rows", holdout_rows},
          {"synthetic_rows", synthetic_rows},
          {"subsampled", subsampled},
          {"notes", notes}};
}

}  // namespace causalmix
