#include "table/csv_lexer.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "causalmix/error.hpp"

namespace causalmix::table_detail {
namespace {

// One table lookup per character instead of three comparisons in the unquoted-field loop.
constexpr auto kEndsField = [] {
  std::array<bool, 256> ends{};
  ends[static_cast<unsigned char>(',')] = ends[static_cast<unsigned char>('\n')] =
      ends[static_cast<unsigned char>('\r')] = true;
  return ends;
}();

}  // namespace

CsvLexer::CsvLexer(std::string_view text, std::string source_name)
    : text_(text), source_name_(std::move(source_name)) {
  if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") offset_ = 3;
}

std::string CsvLexer::field_name(std::size_t index) const {
  if (names_ && index < names_->size()) return "column '" + (*names_)[index] + "'";
  return "field " + std::to_string(index + 1);
}

bool CsvLexer::next(std::vector<CsvField>& fields) {
  fields.clear();
  if (offset_ >= text_.size()) return false;
  unescaped_.clear();
  unescaped_spans_.clear();
  record_line_ = line_;
  const char* const begin = text_.data();
  const char* const end = begin + text_.size();
  const char* p = begin + offset_;

  for (;;) {
    CsvField field;
    if (p < end && *p == '"') {
      const std::size_t open_line = line_;
      const char* start = ++p;
      bool has_doubled_quote = false;
      const char* close = nullptr;
      while (!close) {
        const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
        if (!q)
          throw Error(source_name_ + ":" + std::to_string(open_line) + ": " +
                      field_name(fields.size()) +
                      ": unterminated quote (the quoted field opened on this line never closes)");
        line_ += static_cast<std::size_t>(std::count(p, q, '\n'));
        if (q + 1 < end && q[1] == '"') {
          has_doubled_quote = true;
          p = q + 2;
        } else {
          close = q;
          p = q + 1;
        }
      }
      field.quoted = true;
      if (has_doubled_quote) {
        const std::size_t at = unescaped_.size();
        for (const char* c = start; c < close; ++c) {
          unescaped_ += *c;
          if (*c == '"') ++c;  // the second of a doubled pair
        }
        unescaped_spans_.push_back({fields.size(), at, unescaped_.size() - at});
      } else {
        field.text = std::string_view(start, static_cast<std::size_t>(close - start));
      }
      if (p < end && *p != ',' && *p != '\n' && *p != '\r')
        throw Error(source_name_ + ":" + std::to_string(line_) + ": " + field_name(fields.size()) +
                    ": unexpected text after a closing quote (a quote inside a quoted field "
                    "must be doubled)");
    } else {
      const char* start = p;
      while (p < end && !kEndsField[static_cast<unsigned char>(*p)]) ++p;
      field.text = std::string_view(start, static_cast<std::size_t>(p - start));
    }
    fields.push_back(field);
    if (p >= end) break;
    if (*p == ',') {
      ++p;
      if (p >= end) {  // a trailing comma at the very end: one more empty field
        fields.push_back(CsvField{});
        break;
      }
      continue;
    }
    if (*p == '\r') ++p;
    if (p < end && *p == '\n') ++p;
    ++line_;
    break;
  }
  offset_ = static_cast<std::size_t>(p - begin);
  for (const auto& span : unescaped_spans_)
    fields[span.field].text = std::string_view(unescaped_.data() + span.offset, span.size);
  return true;
}

}  // namespace causalmix::table_detail
