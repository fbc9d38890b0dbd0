#include "expr/diagnostics.hpp"

#include "causalmix/error.hpp"

namespace causalmix {

std::string expression_label(const std::string& what) {
  return what.empty() || what == "expression" ? std::string("expression") : what + " expression";
}

std::size_t display_column(const std::string& text, std::size_t position) {
  std::size_t column = 1;
  for (std::size_t i = 0; i < position && i < text.size(); ++i) {
    // UTF-8 continuation bytes (10xxxxxx) do not start a character.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  if (position > text.size()) column += position - text.size();
  return column;
}

std::string pointed_message(const std::string& what, const std::string& text,
                            std::size_t position, const std::string& message) {
  // The echoed expression must stay on one line for the caret to line up under it.
  std::string echoed(text);
  for (char& c : echoed)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return expression_label(what) + ": " + message + "\n  " + echoed + "\n  " +
         std::string(display_column(text, position) - 1, ' ') + "^";
}

void fail_at(const std::string& what, const std::string& text, std::size_t position,
             const std::string& message) {
  throw Error(pointed_message(what, text, position, message));
}

}  // namespace causalmix
