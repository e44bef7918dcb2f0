#pragma once
// What goes into a Node and what comes out of it (see the contract in node.h).
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impl/client_io.h"
#include "impl/messages.h"
#include "impl/version.h"

namespace qc {

// Every input carries both clocks. now_us is the driver's time (virtual time in the
// simulator, a monotonic clock over TCP): timers are set in it. wall_us is this node's
// own, possibly skewed, wall clock: version timestamps and tombstone ages use it.
struct Clock {
  std::int64_t now_us = 0;
  std::int64_t wall_us = 0;
};

enum class TimerKind : std::uint8_t {
  request_timeout,  // sequence = the coordinator's op id
  anti_entropy,
  flush,            // volatile durability: persist what acks already promised
  maintenance,      // hinted handoff retries, tombstone purging
  election,         // leader-based store: no word from a leader in time; stand for election
  heartbeat,        // leader-based store: the leader's periodic AppendEntries
};

struct TimerId {
  TimerKind kind = TimerKind::maintenance;
  std::uint64_t sequence = 0;
  friend auto operator<=>(const TimerId&, const TimerId&) = default;
};

struct TimerRequest {
  TimerId id;
  std::int64_t fire_at_us = 0;  // in Clock::now_us
};

enum class RecordKind : std::uint8_t {
  put_version, erase_version, put_hint, erase_hint,
  // The leader-based store's: its term and vote, a log entry, the log cut back.
  term_vote, log_entry, log_truncate,
};

// One entry of a node's durable log. Restart replays a node's records in order.
struct DurableRecord {
  RecordKind kind = RecordKind::put_version;
  std::string key;
  Version version;      // put_version, put_hint; a tombstone carries its deletion time
  NodeId hint_for = 0;  // put_hint, erase_hint
  // term_vote: the term and the vote (voted_for, when has_vote). log_entry: the entry
  // at `index` of term `term` (key and version as in LogEntry). log_truncate: the
  // entries from `index` on are gone.
  std::uint64_t term = 0;
  std::uint64_t index = 0;
  bool has_vote = false;
  NodeId voted_for = 0;
  friend bool operator==(const DurableRecord&, const DurableRecord&) = default;
};

// Everything one input produced, in the order produced.
struct Outputs {
  std::vector<Envelope> messages;
  std::vector<ClientReply> replies;
  std::vector<TimerRequest> timers;
  std::vector<DurableRecord> records;
};

}  // namespace qc
