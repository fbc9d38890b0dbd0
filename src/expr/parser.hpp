// The parser of the expression language: tokens → syntax tree by precedence climbing.
// Everything that can be checked without a schema is checked here.
#pragma once

#include <string>

#include "expr/node.hpp"

namespace causalmix {

// Precedence, loosest first: or; and; not; comparisons (which do not chain); + −; * /;
// unary −; ^ (right-associative, so 2^3^2 = 2^9 and −2^2 = −4). Throws Error with a caret
// under the fault; `what` names the knob in the message.
NodePtr parse_expression(const std::string& text, const std::string& what);

}  // namespace causalmix
