// The functions of the expression language: names, how many arguments each takes, and
// what the arguments are (for the wrong-arity message).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "expr/node.hpp"

namespace causalmix {

struct FunctionInfo {
  const char* name;
  Function function;
  std::size_t min_arguments;
  std::size_t max_arguments;  // SIZE_MAX for "any number from min"
  const char* arguments;      // "(condition, if_true, if_false)", shown on misuse
};

const std::vector<FunctionInfo>& functions();
std::optional<FunctionInfo> find_function(const std::string& name);
std::vector<std::string> function_names();

}  // namespace causalmix
