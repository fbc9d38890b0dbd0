// Mean and sd over replicate draws, leaf by leaf, so every figure of a report (per column
// and per pair too) gets its spread without a hand-written list of metrics.
#include <cmath>

#include "causalmix/metrics.hpp"
#include "eval/json_number.hpp"
#include "eval/statistics.hpp"

namespace causalmix {

namespace {

void summarize(const std::vector<const nlohmann::json*>& draws, nlohmann::json& mean, nlohmann::json& sd) {
  const nlohmann::json& first = *draws.front();
  if (first.is_object()) {
    mean = nlohmann::json::object();
    sd = nlohmann::json::object();
    for (auto it = first.begin(); it != first.end(); ++it) {
      std::vector<const nlohmann::json*> children;
      for (const auto* d : draws)
        if (d->is_object() && d->contains(it.key())) children.push_back(&(*d)[it.key()]);
      summarize(children, mean[it.key()], sd[it.key()]);
    }
    return;
  }
  if (first.is_array()) {
    mean = nlohmann::json::array();
    sd = nlohmann::json::array();
    for (std::size_t k = 0; k < first.size(); ++k) {
      std::vector<const nlohmann::json*> children;
      for (const auto* d : draws)
        if (d->is_array() && d->size() > k) children.push_back(&(*d)[k]);
      nlohmann::json m, s;
      summarize(children, m, s);
      mean.push_back(std::move(m));
      sd.push_back(std::move(s));
    }
    return;
  }
  // Leaves: numbers (and nulls standing for NaN) are summarised; anything else is copied.
  bool numeric = false;
  std::vector<double> values;
  for (const auto* d : draws) {
    if (d->is_number() && !d->is_boolean()) {
      numeric = true;
      values.push_back(d->get<double>());
    } else if (!d->is_null()) {
      numeric = false;
      values.clear();
      break;
    }
  }
  if (!numeric) {
    mean = first;
    sd = nullptr;
    return;
  }
  mean = eval::json_number(eval::mean(values));
  sd = eval::json_number(values.size() >= 2 ? eval::sample_sd(values) : kNotAvailable);
}

}  // namespace

ReplicateSummary summarize_replicates(const std::vector<nlohmann::json>& draws) {
  ReplicateSummary out;
  out.replicates = static_cast<int>(draws.size());
  if (draws.empty()) return out;
  std::vector<const nlohmann::json*> pointers;
  for (const auto& d : draws) pointers.push_back(&d);
  summarize(pointers, out.mean, out.sd);
  return out;
}

}  // namespace causalmix
