// The one error type of causalmix: a one-line message that says what is wrong and where
// (file:line, column name, or an expression with a caret). The command line maps it to exit 2.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace causalmix {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Names among `candidates` that are close to `name` (edit distance, case-insensitive),
// best first, at most `limit`. For "did you mean" hints.
std::vector<std::string> close_matches(const std::string& name,
                                       const std::vector<std::string>& candidates,
                                       std::size_t limit = 3);

// " (did you mean 'a', 'b'?)" or "" when nothing is close; then the list of all names
// when there are few enough to print.
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace causalmix
