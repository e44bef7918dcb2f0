#pragma once
// What a linearizability check decides, with the evidence a person needs to see why.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qc {

enum class Verdict : std::uint8_t { linearizable, not_linearizable, unknown };

const char* to_string(Verdict verdict);

// The deepest point the search reached in one key's sub-history before it had to give
// up: ops are ids into the checked list of operations.
struct Violation {
  std::optional<std::string> key;
  std::vector<std::int32_t> longest_prefix;  // a linearizable order of these ops
  std::string state;                         // the model state after that prefix
  std::int32_t blocking_op = -1;             // returned before it could be placed
  std::vector<std::int32_t> candidate_ops;   // could be placed next; each was tried
  // Set instead of the above when the zone check (zones.h) decided: why, and the ops
  // that show it.
  std::string explanation;
  std::vector<std::int32_t> involved_ops;
};

struct CheckResult {
  Verdict verdict = Verdict::linearizable;
  std::string unknown_reason;             // which budget ran out, and on which key
  std::vector<Violation> violations;      // one per non-linearizable key
  std::size_t keys = 0;
  std::size_t operations = 0;             // ok and open ops considered
  std::size_t operations_dropped = 0;     // open ops that could never be observed
  std::uint64_t search_steps = 0;
  std::uint64_t visited_max = 0;          // largest memo table on one key
  std::size_t keys_by_zones = 0;          // keys decided by the zone check, not the search
  std::size_t keys_left_unchecked = 0;    // after the first violation (CheckOptions::all_keys off)
};

}  // namespace qc
