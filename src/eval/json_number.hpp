// Numbers into JSON: NaN and infinities become null, so a figure that does not exist reads
// as missing (JSON has no NaN), and reading back gives NaN again.
#pragma once

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace causalmix::eval {

inline nlohmann::json json_number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

// The number at `key`, NaN when absent or null.
inline double number_at(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return std::numeric_limits<double>::quiet_NaN();
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::numeric_limits<double>::quiet_NaN();
  return it->get<double>();
}

}  // namespace causalmix::eval
