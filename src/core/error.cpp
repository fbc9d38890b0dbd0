#include "causalmix/error.hpp"

#include <algorithm>
#include <cctype>

namespace causalmix {
namespace {

std::string lower(const std::string& s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitution});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::vector<std::string> close_matches(const std::string& name,
                                       const std::vector<std::string>& candidates,
                                       std::size_t limit) {
  const std::string key = lower(name);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& candidate : candidates) {
    const std::string c = lower(candidate);
    std::size_t d = edit_distance(key, c);
    // A prefix or substring match counts as close whatever the length difference.
    if (!key.empty() && (c.find(key) != std::string::npos || key.find(c) != std::string::npos))
      d = std::min<std::size_t>(d, 1);
    const std::size_t allowed = std::max<std::size_t>(2, key.size() / 3);
    if (d <= allowed) scored.emplace_back(d, candidate);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, c] : scored) {
    if (out.size() == limit) break;
    out.push_back(c);
  }
  return out;
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
  const auto close = close_matches(name, candidates);
  std::string out;
  if (!close.empty()) {
    out += " (did you mean ";
    for (std::size_t i = 0; i < close.size(); ++i) out += (i ? ", '" : "'") + close[i] + "'";
    out += "?)";
  }
  if (candidates.size() <= 30) {
    out += "; columns are: ";
    for (std::size_t i = 0; i < candidates.size(); ++i) out += (i ? ", " : "") + candidates[i];
  }
  return out;
}

}  // namespace causalmix
