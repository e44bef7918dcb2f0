#pragma once
// The guarantee strict quorums (R + W > N) give: a regular register (Lamport, "On
// interprocess communication", 1986; for multiple writers as in Attiya, Bar-Noy and
// Dolev, "Sharing memory robustly in message-passing systems", JACM 1995).
//
// Definition (per key; vocabulary in checker/write_order.h). Every ok read r returns the
// value of a write w that was either
//   - acknowledged before r began and not superseded before r began, or
//   - concurrent with r (invoked before r returned, not acknowledged before r began;
//     an open write counts from its invocation on).
// w is superseded before r began when some write w' newer than w (w returned before
// w' was invoked) was acknowledged before r began. The initial state (nil) is a write
// acknowledged before everything, so a nil read is superseded by any write
// acknowledged before the read began — unless a delete it may have seen is allowed.
// Unlike linearizability, two reads may disagree about concurrent writes, in either
// order (the new-old inversion is regular).
//
// Violations reported, one per offending read:
//   superseded        - every write the value names was superseded before r began;
//   value_from_future - the value's writes were all invoked after r returned;
//   unwritten_value   - no write (not failed) on the key wrote the value.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/write_order.h"
#include "histories/history.h"

namespace qc {

enum class RegularViolationKind : std::uint8_t { superseded, value_from_future, unwritten_value };

const char* to_string(RegularViolationKind kind);

struct RegularViolation {
  RegularViolationKind kind = RegularViolationKind::superseded;
  std::optional<std::string> key;
  std::int32_t read = kNoOp;           // positions in the checked operations vector
  Value value;                         // what the read returned
  std::int32_t write = kNoOp;          // the write of that value; kInitialState for nil
                                       // from the initial state; kNoOp when none
  std::int32_t superseded_by = kNoOp;  // superseded: the newer write acknowledged most
                                       // recently before the read began
  std::string explanation;             // one line, for people
  std::vector<std::int32_t> involved_ops;  // read, write, superseded_by (those that exist)
};

struct RegularResult {
  std::size_t keys = 0;
  std::size_t reads_checked = 0;  // ok reads
  std::vector<RegularViolation> violations;  // by key, then by read invocation
  bool regular() const { return violations.empty(); }
};

// `operations` as pair_operations returns them; op references in the result are
// positions in this vector (equal to Operation::id for pair_operations' output).
RegularResult check_regular(const std::vector<Operation>& operations);

}  // namespace qc
