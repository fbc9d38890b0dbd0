// Error messages of the expression language: a self-contained first line, then the
// expression and a caret under the fault, so the user sees where to fix it.
#pragma once

#include <cstddef>
#include <string>

namespace causalmix {

// "effect expression" for what = "effect"; just "expression" for the generic name.
std::string expression_label(const std::string& what);

// 1-based column of byte offset `position` in `text`, counting UTF-8 characters.
std::size_t display_column(const std::string& text, std::size_t position);

// "<label>: <message>\n  <text>\n  <spaces>^" with the caret under `position`.
std::string pointed_message(const std::string& what, const std::string& text,
                            std::size_t position, const std::string& message);

// Throws Error(pointed_message(...)).
[[noreturn]] void fail_at(const std::string& what, const std::string& text,
                          std::size_t position, const std::string& message);

}  // namespace causalmix
