#pragma once
// Session guarantees (Terry, Demers, Petersen, Spreitzer, Theimer, Welch, "Session
// guarantees for weakly consistent replicated data", PDIS 1994), per key, with a
// process as the session. Vocabulary in checker/write_order.h. A process's ops are
// sequential; a process whose op ended in info continues under a new id (Jepsen), so
// its session ends there.
//
// - Read-your-writes: once a process's write w (or delete) is acknowledged, each later
//   ok read of that process returns w or a write not older than w. A write older than
//   w is one that returned before w was invoked (the initial state is older than all).
// - Monotonic reads: an ok read never returns a write older than the write some earlier
//   read of the same process returned.
//
// A value that names several writes (nil: the initial state and every delete) breaks a
// guarantee only when every named write does; as the earlier read of a monotonic-reads
// pair, such a read counts as having seen the named write invoked first among those
// that keep both guarantees so far, the one that constrains later reads least. Writes invoked after the read returned cannot be what
// it saw and are not considered; a read with no possible write (a regular-register
// violation, see regular.h) is skipped here.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/write_order.h"
#include "histories/history.h"

namespace qc {

enum class SessionGuarantee : std::uint8_t { read_your_writes, monotonic_reads };

const char* to_string(SessionGuarantee guarantee);

struct SessionViolation {
  SessionGuarantee guarantee = SessionGuarantee::read_your_writes;
  std::optional<std::string> key;
  std::int64_t process = 0;
  std::int32_t read = kNoOp;        // the offending read (positions in the operations vector)
  Value value;                      // what it returned
  std::int32_t read_write = kNoOp;  // the (latest-invoked) write that value names
  // read-your-writes: the process's own acknowledged write, earlier_read = kNoOp.
  // monotonic reads: the write the earlier read returned, and that read.
  std::int32_t earlier_write = kNoOp;
  std::int32_t earlier_read = kNoOp;
  std::string explanation;
  std::vector<std::int32_t> involved_ops;  // the ops above that exist, in history order
};

struct SessionResult {
  std::size_t keys = 0;
  std::size_t reads_checked = 0;  // ok reads with a possible write
  std::vector<SessionViolation> violations;  // by key, then by read invocation
  std::size_t count(SessionGuarantee guarantee) const;
  bool holds(SessionGuarantee guarantee) const { return count(guarantee) == 0; }
};

// Op references in the result are positions in `operations`.
SessionResult check_sessions(const std::vector<Operation>& operations);

}  // namespace qc
