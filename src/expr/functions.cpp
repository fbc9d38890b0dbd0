#include "expr/functions.hpp"

#include <cstdint>

namespace causalmix {

const std::vector<FunctionInfo>& functions() {
  static const std::vector<FunctionInfo> table = {
      {"if", Function::If, 3, 3, "if(condition, value_if_true, value_if_false)"},
      {"z", Function::Z, 1, 1, "z(column)"},
      {"exp", Function::Exp, 1, 1, "exp(x)"},
      {"log", Function::Log, 1, 1, "log(x)"},
      {"tanh", Function::Tanh, 1, 1, "tanh(x)"},
      {"sigmoid", Function::Sigmoid, 1, 1, "sigmoid(x)"},
      {"abs", Function::Abs, 1, 1, "abs(x)"},
      {"min", Function::Min, 2, SIZE_MAX, "min(a, b, ...)"},
      {"max", Function::Max, 2, SIZE_MAX, "max(a, b, ...)"},
      {"sqrt", Function::Sqrt, 1, 1, "sqrt(x)"},
      {"pow", Function::Pow, 2, 2, "pow(base, exponent)"},
  };
  return table;
}

std::optional<FunctionInfo> find_function(const std::string& name) {
  for (const auto& info : functions())
    if (name == info.name) return info;
  return std::nullopt;
}

std::vector<std::string> function_names() {
  std::vector<std::string> names;
  for (const auto& info : functions()) names.emplace_back(info.name);
  return names;
}

}  // namespace causalmix
