#pragma once
// What goes into a Node and what comes out of it (see the contract in node.h).
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

enum class ClientOp : std::uint8_t { get, put, del };

struct ClientRequest {
  std::uint64_t request_id = 0;  // chosen by the client; echoed in the reply
  ClientOp op = ClientOp::get;
  std::string key;
  std::string value;  // put only
};

enum class ReplyOutcome : std::uint8_t {
  ok,    // took effect (a write reached W replicas; a read gathered R replies)
  fail,  // certainly did not take effect: nothing was sent
  info,  // unknown: timed out without a quorum; a write may still surface later
};
const char* to_string(ReplyOutcome outcome);

struct ClientReply {
  std::uint64_t request_id = 0;
  ReplyOutcome outcome = ReplyOutcome::ok;
  std::optional<std::string> value;  // get + ok: the value, or nothing when not found
  // get + ok: the version read (absent: not found). put/del, ok or info: the version
  // the write was stamped with, so a history can name exactly what may surface.
  std::optional<Version> version;
  std::string reason;                // fail / info: why, for people
};

enum class TimerKind : std::uint8_t {
  request_timeout,  // sequence = the coordinator's op id
  anti_entropy,
  flush,            // volatile durability: persist what acks already promised
  maintenance,      // hinted handoff retries, tombstone purging
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

enum class RecordKind : std::uint8_t { put_version, erase_version, put_hint, erase_hint };

// One entry of a node's durable log. Restart replays a node's records in order.
struct DurableRecord {
  RecordKind kind = RecordKind::put_version;
  std::string key;
  Version version;      // put_version, put_hint; a tombstone carries its deletion time
  NodeId hint_for = 0;  // put_hint, erase_hint
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
