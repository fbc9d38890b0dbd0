// The lexer of the expression language: text → tokens, each with its byte offset so that
// the parser's errors can put a caret under it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace causalmix {

enum class TokenKind {
  Number,      // 12, 0.5, .5, 1e-3
  String,      // "label" (text holds the label, escapes resolved)
  Name,        // a bare identifier: letters, digits, _ and . (not starting with a digit)
  QuotedName,  // `any column name` (always a column, never T or a function)
  Operator,    // + - * / ^ < <= > >= == != and or not (&&, ||, ! spelled as the words)
  LeftParen,
  RightParen,
  Comma,
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;       // operator, name or label; "" for End
  double number = 0.0;    // Number only
  std::size_t position = 0;  // byte offset of the first character
  std::size_t length = 0;    // bytes in the source text
};

// The tokens of `text`, ending with one End token at text.size(). Throws Error (caret
// under the fault) on a character that starts no token, an unterminated string or quoted
// name, or a malformed number.
std::vector<Token> tokenize(const std::string& text, const std::string& what);

// How a token reads in an error message: "')'", "number 3", "name 'age'", "end of expression";
// operators as the user spelled them in `source` ("&&", not "and").
std::string describe(const Token& token, const std::string& source);

}  // namespace causalmix
