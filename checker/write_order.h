#pragma once
// Shared vocabulary of the register property checkers (regular.h, sessions.h,
// lost_writes.h, staleness.h): one key's writes in real-time order, and which write a
// read's value names. Histories of registers whose writes carry unique values.
//
// Definitions, all per key and by event index (the real-time order):
// - Ops whose outcome is fail are ignored. Only f = "read", "write" and "delete" count;
//   other ops are left out. A delete is a write of nil.
// - The initial state is a virtual write of nil, acknowledged before every event.
// - A write is acknowledged when its outcome is ok. An open write (info, or never
//   completed) may take effect any time after its invocation or never: it is never
//   acknowledged, its interval never ends, so it is older than nothing.
// - w1 is older than w2 (w2 is newer) when w1 returned before w2 was invoked.
//   Writes whose intervals overlap are neither newer nor older.
// - A read's value names the writes that wrote it: with unique values, one write. Nil
//   names the initial state and every delete; a value written twice names both writes.
//   When a value names several writes the checkers give the read the benefit of the
//   doubt: a violation is reported only when every named write shows it.
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "histories/history.h"

namespace qc {

inline constexpr std::int32_t kInitialState = -1;  // the op "id" of the initial state's write
inline constexpr std::int32_t kNoOp = -2;          // no such op
inline constexpr std::int64_t kBeforeEverything = std::numeric_limits<std::int64_t>::min();

struct RegisterWrite {
  std::int32_t op = kInitialState;  // position in the checked operations vector
  std::int64_t process = 0;
  Value value;                      // nil for a delete and the initial state
  bool acknowledged = true;
  std::int64_t call_index = kBeforeEverything;
  std::int64_t return_index = kBeforeEverything;  // kNeverReturned while open
  std::optional<std::int64_t> return_time;        // absent for the initial state
};

inline bool is_older(const RegisterWrite& older, const RegisterWrite& newer) {
  return older.return_index < newer.call_index;
}

inline bool acknowledged_before(const RegisterWrite& write, std::int64_t event_index) {
  return write.acknowledged && write.return_index < event_index;
}

// One key's ops. writes[0] is the initial state; the rest come in call order.
struct KeyOperations {
  std::optional<std::string> key;
  std::vector<RegisterWrite> writes;
  std::vector<std::int32_t> reads;  // ok reads, positions in the operations vector, call order
  std::vector<std::int32_t> acknowledged_by_return;  // indices into writes, by return_index
  std::map<std::string, std::vector<std::int32_t>> writes_by_value;  // Value::to_string()
  std::map<std::int32_t, std::int32_t> write_of_op;                  // op position -> writes index

  // Indices into `writes` of the writes that wrote `value` (see the header comment).
  std::vector<std::int32_t> writes_named_by(const Value& value) const;
  // Writes acknowledged before `event_index` that are newer than writes[older], the
  // most recently acknowledged first. `limit` caps how many are returned.
  std::vector<std::int32_t> superseders(std::int32_t older, std::int64_t event_index,
                                        std::size_t limit = std::numeric_limits<std::size_t>::max()) const;
};

// Groups `operations` by key (ops without a key form one group whose key is absent).
// Keys come in name order.
std::vector<KeyOperations> group_by_key(const std::vector<Operation>& operations);

bool is_write_op(const Operation& operation);  // write or delete, not failed
bool is_read_op(const Operation& operation);   // read, any outcome

// "the initial state", or the write's op and value, for explanations.
std::string describe_write(const RegisterWrite& write);
std::string describe_key(const std::optional<std::string>& key);

}  // namespace qc
