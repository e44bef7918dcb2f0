#pragma once
// The hop between a client and the node that coordinates for it: what a client asks and
// what it is told. Nodes also pass these on to each other when a follower forwards a
// request to its leader (impl/messages.h), so they sit below both messages.h and io.h.
#include <cstdint>
#include <optional>
#include <string>

#include "impl/version.h"

namespace qc {

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

}  // namespace qc
