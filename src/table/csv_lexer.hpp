// Splits CSV text into records and fields per RFC 4180 (quoted fields, doubled quotes,
// embedded commas and line breaks, CRLF, a UTF-8 BOM), tracking line numbers for messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace causalmix::table_detail {

struct CsvField {
  std::string_view text;  // unquoted, doubled quotes undone; valid until the next record
  bool quoted = false;
};

class CsvLexer {
 public:
  // `text` must outlive the lexer; `source_name` stands for the file in messages.
  CsvLexer(std::string_view text, std::string source_name);

  // The next record's fields (reusing `fields`' storage). False at the end of the text.
  // Throws Error on an unterminated quote or text after a closing quote.
  bool next(std::vector<CsvField>& fields);
  // The line on which the last record started (1-based).
  std::size_t record_line() const { return record_line_; }

  // Where the next record starts, to read the body again from there.
  struct Position {
    std::size_t offset = 0, line = 1;
  };
  Position position() const { return {offset_, line_}; }
  void seek(Position position) { offset_ = position.offset, line_ = position.line; }

  // Column names for messages about a field (set once the header is read).
  void set_column_names(const std::vector<std::string>* names) { names_ = names; }

 private:
  std::string field_name(std::size_t index) const;

  std::string_view text_;
  std::string source_name_;
  std::size_t offset_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 1;
  // Fields with doubled quotes are unescaped here; records refer to it by offset until the
  // record is complete, because it may grow while the record is read.
  std::string unescaped_;
  struct UnescapedSpan {
    std::size_t field, offset, size;
  };
  std::vector<UnescapedSpan> unescaped_spans_;
  const std::vector<std::string>* names_ = nullptr;
};

}  // namespace causalmix::table_detail
