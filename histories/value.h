#pragma once
// A value in a history, as Jepsen and JSON know them: nil, an integer, a string, or a
// list (a cas carries [from to]). Keywords such as :timed-out read as strings.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace qc {

class Value {
 public:
  using List = std::vector<Value>;

  Value() = default;  // nil
  static Value integer(std::int64_t number) { return Value(Content(number)); }
  static Value string(std::string text) { return Value(Content(std::move(text))); }
  static Value list(List items) { return Value(Content(std::move(items))); }

  bool is_nil() const { return std::holds_alternative<std::monostate>(content_); }
  bool is_integer() const { return std::holds_alternative<std::int64_t>(content_); }
  bool is_string() const { return std::holds_alternative<std::string>(content_); }
  bool is_list() const { return std::holds_alternative<List>(content_); }
  std::int64_t as_integer() const { return std::get<std::int64_t>(content_); }
  const std::string& as_string() const { return std::get<std::string>(content_); }
  const List& as_list() const { return std::get<List>(content_); }

  // Compact text: nil, 42, "text" (JSON-quoted), [1 2].
  std::string to_string() const;

  friend bool operator==(const Value&, const Value&) = default;

 private:
  using Content = std::variant<std::monostate, std::int64_t, std::string, List>;
  explicit Value(Content content) : content_(std::move(content)) {}
  Content content_;
};

}  // namespace qc
