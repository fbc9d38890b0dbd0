#include "table/cell_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace causalmix::table_detail {
namespace {

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Plain decimals with at most 15 digits and 22 decimal places ("37", "-0.25", "9930.046"):
// the digits as an integer are exact in a double, so are powers of ten up to 1e22, and one
// IEEE division rounds correctly, so the result equals from_chars'. Most cells in real
// tables look like this, and this is several times faster. False when the cell is not of
// that form (the caller then uses from_chars).
bool parse_short_decimal(const char* first, const char* last, double& value) {
  static constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool negative = *first == '-';
  if (negative) ++first;
  std::uint64_t digits = 0;
  int digit_count = 0, decimals = 0;
  bool seen_point = false;
  for (const char* p = first; p < last; ++p) {
    const char c = *p;
    if (c >= '0' && c <= '9') {
      if (++digit_count > 15) return false;  // long numbers: leave them to from_chars early
      digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
      decimals += seen_point;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      return false;
    }
  }
  if (digit_count == 0 || decimals > 22) return false;
  const double magnitude = static_cast<double>(digits) / kPowersOfTen[decimals];
  value = negative ? -magnitude : magnitude;
  return true;
}

}  // namespace

std::optional<double> parse_number(std::string_view cell) {
  // The common case (no spaces, no sign) goes straight to from_chars.
  const char* first = cell.data();
  const char* last = first + cell.size();
  if (first != last && (*first == ' ' || *first == '\t' || last[-1] == ' ' || last[-1] == '\t')) {
    cell = trim_spaces(cell);
    first = cell.data();
    last = first + cell.size();
  }
  if (first != last && *first == '+') ++first;
  if (first == last) return std::nullopt;
  // from_chars accepts "inf" and "nan"; a number must start with a digit, '-' or '.'.
  const char c = *first;
  if (!((c >= '0' && c <= '9') || c == '-' || c == '.')) return std::nullopt;
  double value = 0.0;
  if (parse_short_decimal(first, last, value)) return value;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || !std::isfinite(value)) return std::nullopt;
  return value;
}

bool is_missing_token(std::string_view cell) {
  if (cell.empty()) return true;
  if (cell.size() > 8) return false;
  cell = trim_spaces(cell);
  return cell.empty() || cell == "NA" || cell == "N/A" || cell == "NaN" || cell == "nan" ||
         cell == "null" || cell == "NULL";
}

bool is_whole(double value) {
  return std::isfinite(value) && std::fabs(value) < 9007199254740992.0 && value == std::trunc(value);
}

char* format_number(double value, char* out) {
  if (value == 0.0) value = 0.0;  // "-0" would read back as 0 anyway; print it plainly
  return std::to_chars(out, out + 32, value).ptr;
}

std::string format_number(double value) {
  char buffer[32];
  return std::string(buffer, format_number(value, buffer));
}

char* format_integer(double value, char* out) {
  if (is_whole(value)) return std::to_chars(out, out + 32, static_cast<long long>(value)).ptr;
  return format_number(value, out);
}

std::string quote_if_needed(std::string_view label) {
  bool needs = label.empty() || is_missing_token(label) || label.front() == ' ' ||
               label.back() == ' ' || label.front() == '\t' || label.back() == '\t';
  for (char c : label)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') needs = true;
  if (!needs) return std::string(label);
  std::string out = "\"";
  for (char c : label) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void sort_levels(std::vector<std::string>& levels) {
  std::vector<std::pair<double, std::string>> keyed;
  keyed.reserve(levels.size());
  bool all_numbers = true;
  for (auto& label : levels) {
    auto value = parse_number(label);
    if (!value) all_numbers = false;
    keyed.emplace_back(value.value_or(0.0), std::move(label));
  }
  if (all_numbers) {
    std::sort(keyed.begin(), keyed.end());  // ties ("1" and "1.0") fall back to bytes
  } else {
    std::sort(keyed.begin(), keyed.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
  }
  for (std::size_t i = 0; i < levels.size(); ++i) levels[i] = std::move(keyed[i].second);
}

}  // namespace causalmix::table_detail
