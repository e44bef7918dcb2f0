#pragma once
// The checker's models (see model.h for the interface):
// - RegisterModel: a register of values; read, write, delete and (if allowed) cas
//   [from to]. Values are interned to small integers once, so states are 4 bytes.
// - KvAppendModel: a string per key; get, put, append; a missing key reads "".
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "checker/model.h"

namespace qc {

class RegisterModel {
 public:
  enum class Kind : std::uint8_t { read, write, cas, erase };
  struct Input {
    Kind kind = Kind::read;
    bool open = false;      // info or never completed: the outcome is unknown
    bool read_any = false;  // a nil read under NilRead::any
    std::int32_t first = 0;   // read: the value seen; write: the value; cas: from
    std::int32_t second = 0;  // cas: to
  };
  using State = std::int32_t;

  RegisterModel(const ModelOptions& options, bool allow_cas);

  State init() const { return initial_; }
  bool step(const State& state, const Input& input, State& next) const;
  std::uint64_t hash(const State& state) const { return mix_hash(static_cast<std::uint64_t>(state)); }
  std::string describe(const State& state) const { return values_[static_cast<std::size_t>(state)].to_string(); }
  Result<Input> compile(const Operation& operation);
  void observe(const Input& input);
  bool droppable(const Input& input) const;

 private:
  std::int32_t intern(const Value& value);
  ModelOptions options_;
  bool allow_cas_;
  std::int32_t initial_ = 0;
  // Value ids: integers by number (most histories write integers), others by their text.
  std::unordered_map<std::int64_t, std::int32_t> integer_ids_;
  std::unordered_map<std::string, std::int32_t> text_ids_;
  std::vector<Value> values_;  // by id
  std::vector<bool> observed_;  // by value id: some op's outcome depends on this value
};

class KvAppendModel {
 public:
  enum class Kind : std::uint8_t { get, put, append };
  struct Input {
    Kind kind = Kind::get;
    bool open = false;
    std::string text;  // get: the string seen; put/append: the argument
  };
  using State = std::string;

  State init() const { return {}; }
  bool step(const State& state, const Input& input, State& next) const;
  std::uint64_t hash(const State& state) const;
  std::string describe(const State& state) const;
  Result<Input> compile(const Operation& operation);
  void observe(const Input&) {}
  bool droppable(const Input& input) const { return input.open && input.kind == Kind::get; }
};

// "read" / "get" / ... as the models accept them, for error messages.
std::string describe_operation(const Operation& operation);

}  // namespace qc
