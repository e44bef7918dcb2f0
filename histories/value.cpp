#include "histories/value.h"

#include <nlohmann/json.hpp>

namespace qc {

std::string Value::to_string() const {
  if (is_nil()) return "nil";
  if (is_integer()) return std::to_string(as_integer());
  if (is_string()) {
    return nlohmann::json(as_string()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string text = "[";
  for (const Value& item : as_list()) {
    if (text.size() > 1) text += ' ';
    text += item.to_string();
  }
  return text + "]";
}

}  // namespace qc
