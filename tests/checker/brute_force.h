#pragma once
// A deliberately naive linearizability checker for the differential test: it tries
// every order of the ops that real time permits, with its own register semantics,
// sharing no code with the real checker beyond the history model.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "histories/history.h"

namespace qc::testing {

enum class BruteNil { empty, any };

// Keys are independent registers (each starting at `initial`).
inline bool brute_force_linearizable(const std::vector<Operation>& all, const Value& initial,
                                     BruteNil nil_read) {
  std::vector<const Operation*> ops;
  for (const Operation& op : all) {
    if (op.outcome != Outcome::fail && !(op.outcome == Outcome::open && op.f == "read")) {
      ops.push_back(&op);
    }
  }
  const std::size_t count = ops.size();
  // One register per key, by key name; the state is a list of (key, value).
  struct Register { std::optional<std::string> key; Value value; };
  std::vector<Register> registers;
  for (const Operation* op : ops) {
    bool known = false;
    for (const auto& r : registers) known = known || r.key == op->key;
    if (!known) registers.push_back({op->key, initial});
  }
  std::vector<bool> placed(count, false);
  auto value_of = [&](const Operation& op) -> Value& {
    for (auto& r : registers) if (r.key == op.key) return r.value;
    return registers.front().value;
  };
  std::function<bool()> search = [&]() -> bool {
    bool all_ok_placed = true;
    for (std::size_t i = 0; i < count; ++i) {
      if (!placed[i] && ops[i]->outcome == Outcome::ok) all_ok_placed = false;
    }
    if (all_ok_placed) return true;
    for (std::size_t i = 0; i < count; ++i) {
      if (placed[i]) continue;
      bool ready = true;  // every op that returned before i was called is placed
      for (std::size_t j = 0; j < count; ++j) {
        if (!placed[j] && j != i && ops[j]->return_index < ops[i]->call_index) ready = false;
      }
      if (!ready) continue;
      const Operation& op = *ops[i];
      Value& current = value_of(op);
      const Value before = current;
      bool legal = true;
      if (op.f == "read") {
        legal = (op.output.is_nil() && nil_read == BruteNil::any) || op.output == current;
      } else if (op.f == "write") {
        current = op.input;
      } else if (op.f == "delete") {
        current = Value();
      } else if (op.f == "cas") {
        legal = current == op.input.as_list()[0];  // an open cas that finds another value
        if (legal) current = op.input.as_list()[1];  // is the same as one never placed
      }
      if (legal) {
        placed[i] = true;
        if (search()) return true;
        placed[i] = false;
      }
      current = before;
    }
    return false;
  };
  return search();
}

}  // namespace qc::testing
