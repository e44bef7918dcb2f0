#pragma once
// Lost acknowledged writes: what LWW under clock skew, sloppy quorums and volatile
// writes can do (DESIGN.md; Kingsbury's Jepsen analyses; Kleppmann, DDIA ch. 8).
// Vocabulary in checker/write_order.h.
//
// Input: the ops and the final state per key, what the converged replicas hold at the
// end (the caller reads it off the nodes): a value, or nullopt for a missing or deleted
// key. Keys absent from the map are not checked. Ops without a key are the key "".
// A final value matches the writes of the same string value (Value::string).
//
// Definition: the final value names its writes (nil: the initial state and every
// delete; any value written, by an acknowledged or an open write). An acknowledged
// write or delete w is lost when the final state could not have come from w or a write
// that superseded it: every write the final value names is older than w (returned
// before w was invoked). A final value that no write wrote loses every acknowledged
// write on the key. A delete counts as a write of nil, so a deleted key that came back
// (a resurrection) is a lost delete.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checker/write_order.h"
#include "histories/history.h"

namespace qc {

using FinalState = std::map<std::string, std::optional<std::string>>;

struct LostWrite {
  std::string key;
  std::int32_t write = kNoOp;  // the lost write or delete (position in the operations vector)
  std::optional<std::string> final_value;  // what the key held instead
  // The (latest-invoked) write of the final value; kInitialState when the key was never
  // written; kNoOp when no write wrote it.
  std::int32_t final_write = kNoOp;
  std::string explanation;
  std::vector<std::int32_t> involved_ops;  // write and final_write, when an op
};

struct LostWritesResult {
  std::size_t keys_checked = 0;
  std::size_t keys_unchecked = 0;        // with ops but no final state given
  std::size_t acknowledged_writes = 0;   // on the checked keys, deletes included
  std::vector<LostWrite> lost;           // by key, then by invocation
  bool none_lost() const { return lost.empty(); }
};

// Op references in the result are positions in `operations`.
LostWritesResult check_lost_writes(const std::vector<Operation>& operations,
                                   const FinalState& final_state);

}  // namespace qc
