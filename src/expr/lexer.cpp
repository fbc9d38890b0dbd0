#include "expr/lexer.hpp"

#include <charconv>

#include "expr/diagnostics.hpp"

namespace causalmix {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Bytes ≥ 0x80 belong to UTF-8 characters: accepted as letters so names like `âge` work.
bool is_name_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}

bool is_name_char(char c) { return is_name_start(c) || is_digit(c) || c == '.'; }

class Lexer {
 public:
  Lexer(const std::string& text, const std::string& what) : text_(text), what_(what) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      skip_space();
      if (at_ >= text_.size()) break;
      tokens.push_back(next());
    }
    Token end;
    end.position = text_.size();
    tokens.push_back(end);
    return tokens;
  }

 private:
  const std::string& text_;
  const std::string& what_;
  std::size_t at_ = 0;

  char peek(std::size_t ahead = 0) const {
    return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
  }

  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }

  [[noreturn]] void fail(std::size_t position, const std::string& message) const {
    fail_at(what_, text_, position,
            message + " at column " + std::to_string(display_column(text_, position)));
  }

  Token make(TokenKind kind, std::size_t start, std::string text) const {
    Token token;
    token.kind = kind;
    token.text = std::move(text);
    token.position = start;
    token.length = at_ - start;
    return token;
  }

  Token next() {
    const std::size_t start = at_;
    const char c = peek();
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return number();
    if (is_name_start(c) && !is_unicode_minus()) return name();
    if (c == '"') return string();
    if (c == '`') return quoted_name();
    if (c == '(') return ++at_, make(TokenKind::LeftParen, start, "(");
    if (c == ')') return ++at_, make(TokenKind::RightParen, start, ")");
    if (c == ',') return ++at_, make(TokenKind::Comma, start, ",");
    return op();
  }

  // U+2212 MINUS SIGN, as in typeset formulas pasted into a scenario file.
  bool is_unicode_minus() const {
    return peek() == '\xE2' && peek(1) == '\x88' && peek(2) == '\x92';
  }

  Token number() {
    const std::size_t start = at_;
    while (is_digit(peek())) ++at_;
    if (peek() == '.') {
      ++at_;
      while (is_digit(peek())) ++at_;
    }
    if (peek() == 'e' || peek() == 'E') {
      std::size_t exponent = at_ + 1;
      if (exponent < text_.size() && (text_[exponent] == '+' || text_[exponent] == '-'))
        ++exponent;
      if (exponent >= text_.size() || !is_digit(text_[exponent])) {
        while (is_name_char(peek()) || peek() == '+' || peek() == '-') ++at_;
        fail(start, "malformed number '" + text_.substr(start, at_ - start) + "'");
      }
      at_ = exponent;
      while (is_digit(peek())) ++at_;
    }
    Token token = make(TokenKind::Number, start, text_.substr(start, at_ - start));
    const char* first = text_.data() + start;
    const char* last = text_.data() + at_;
    auto [ptr, ec] = std::from_chars(first, last, token.number);
    if (ec == std::errc::result_out_of_range) fail(start, "number '" + token.text + "' is out of range");
    if (ec != std::errc() || ptr != last) fail(start, "malformed number '" + token.text + "'");
    return token;
  }

  Token name() {
    const std::size_t start = at_;
    while (at_ < text_.size() && is_name_char(text_[at_]) && !is_unicode_minus()) ++at_;
    std::string word = text_.substr(start, at_ - start);
    if (word == "and" || word == "or" || word == "not")
      return make(TokenKind::Operator, start, std::move(word));
    return make(TokenKind::Name, start, std::move(word));
  }

  Token string() {
    const std::size_t start = at_++;
    std::string label;
    while (true) {
      if (at_ >= text_.size()) fail(start, "unterminated string (no closing '\"')");
      const char c = text_[at_++];
      if (c == '"') break;
      if (c == '\\' && at_ < text_.size() && (text_[at_] == '"' || text_[at_] == '\\')) {
        label += text_[at_++];
        continue;
      }
      label += c;
    }
    return make(TokenKind::String, start, std::move(label));
  }

  Token quoted_name() {
    const std::size_t start = at_++;
    const std::size_t close = text_.find('`', at_);
    if (close == std::string::npos) fail(start, "unterminated column name (no closing '`')");
    std::string column = text_.substr(at_, close - at_);
    at_ = close + 1;
    if (column.empty()) fail(start, "empty column name ``");
    return make(TokenKind::QuotedName, start, std::move(column));
  }

  Token op() {
    const std::size_t start = at_;
    if (is_unicode_minus()) {
      at_ += 3;
      return make(TokenKind::Operator, start, "-");
    }
    const char c = peek();
    const char d = peek(1);
    auto two = [&](const char* canonical) {
      at_ += 2;
      return make(TokenKind::Operator, start, canonical);
    };
    auto one = [&](const char* canonical) {
      at_ += 1;
      return make(TokenKind::Operator, start, canonical);
    };
    if (c == '<' && d == '=') return two("<=");
    if (c == '>' && d == '=') return two(">=");
    if (c == '=' && d == '=') return two("==");
    if (c == '!' && d == '=') return two("!=");
    if (c == '&' && d == '&') return two("and");
    if (c == '|' && d == '|') return two("or");
    switch (c) {
      case '+': return one("+");
      case '-': return one("-");
      case '*': return one("*");
      case '/': return one("/");
      case '^': return one("^");
      case '<': return one("<");
      case '>': return one(">");
      case '!': return one("not");
      case '=': fail(start, "unexpected '=' (use '==' to compare)");
      case '&': fail(start, "unexpected '&' (use 'and' or '&&')");
      case '|': fail(start, "unexpected '|' (use 'or' or '||')");
      default: break;
    }
    const auto u = static_cast<unsigned char>(c);
    // (Appending rather than "'" + ... sidesteps a false -Wrestrict in GCC 12.)
    std::string shown = "unexpected ";
    if (u < 0x20 || u == 0x7F) {
      shown += "character code " + std::to_string(u);
    } else {
      shown += '\'';
      shown += c;
      shown += '\'';
    }
    fail(start, shown);
  }
};

}  // namespace

std::vector<Token> tokenize(const std::string& text, const std::string& what) {
  return Lexer(text, what).run();
}

std::string describe(const Token& token, const std::string& source) {
  switch (token.kind) {
    case TokenKind::Number: return "number " + token.text;
    case TokenKind::String: return "string \"" + token.text + "\"";
    case TokenKind::Name: return "name '" + token.text + "'";
    case TokenKind::QuotedName: return "column name `" + token.text + "`";
    case TokenKind::Operator: {
      std::string quoted(1, '\'');
      quoted.append(source, token.position, token.length).push_back('\'');
      return quoted;
    }
    case TokenKind::LeftParen: return "'('";
    case TokenKind::RightParen: return "')'";
    case TokenKind::Comma: return "','";
    case TokenKind::End: return "end of expression";
  }
  return "token";
}

}  // namespace causalmix
