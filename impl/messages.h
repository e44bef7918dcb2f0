#pragma once
// Messages between nodes: plain structs in one variant, so a driver can copy, queue,
// drop, duplicate or reorder them. Each has a class (for the simulator's per-class
// latency model, PBS's WARS) and a byte-size estimate (for byte counters).
// client_request and client_reply are the hop between a client and its coordinator: the
// driver carries those (ClientRequest in, ClientReply out), no Message has their class.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "impl/client_io.h"
#include "impl/config.h"
#include "impl/ring.h"
#include "impl/version.h"

namespace qc {

enum class MessageClass : std::uint8_t {
  write_request, write_ack, read_request, read_response, anti_entropy, hint,
  client_request, client_reply,
  election,  // the leader-based store's vote requests and replies
};
const char* to_string(MessageClass message_class);

// op_id names the coordinator's operation; 0 means "no reply wanted" (async repair).
struct WriteRequest {
  std::uint64_t op_id = 0;
  std::string key;
  Version version;
  std::optional<NodeId> hint_for;  // sloppy quorum: store as a hint for this replica
};
struct WriteAck {
  std::uint64_t op_id = 0;
};
struct ReadRequest {
  std::uint64_t op_id = 0;
  std::string key;
};
struct ReadResponse {
  std::uint64_t op_id = 0;
  std::optional<Version> version;  // absent: the replica holds nothing for the key
};
// Hinted handoff: the holder of a hint delivers it to the replica it was meant for; the
// replica acknowledges once stored, and only then may the holder drop the hint.
struct HintHandoff {
  std::string key;
  Version version;
};
struct HintAck {
  std::string key;
  Version version;
};

// Anti-entropy over one key range (see anti_entropy.cpp for the exchange).
struct TreeHash {
  std::uint32_t node = 0;  // Merkle node number
  std::uint64_t hash = 0;
};
struct AeCompare {  // "these are my hashes for these tree nodes"
  RangeId range = 0;
  std::vector<TreeHash> hashes;
};
struct AeLeafDigests {  // "these are my entries in the leaves where we differ"
  RangeId range = 0;
  std::vector<std::uint32_t> leaf_nodes;
  std::vector<std::pair<std::string, std::uint64_t>> entries;  // key, version digest
};
struct AeKeys {  // "here are my versions of keys that differ; send me yours of `wanted`"
  RangeId range = 0;
  std::vector<std::pair<std::string, Version>> versions;
  std::vector<std::string> wanted;
};

// The leader-based store (impl/leader/, Raft): log replication and elections. Its
// AppendEntries and AppendReply have the classes write_request and write_ack (they carry
// the writes), its forwarded client requests and their replies too; votes have their own
// class, election.
struct LogEntry {
  std::uint64_t term = 0;
  std::string key;  // empty: a no-op, which a new leader appends to commit its term
  Version version;  // stamped by the leader; a tombstone for a delete
  friend bool operator==(const LogEntry&, const LogEntry&) = default;
};
struct RequestVote {
  std::uint64_t term = 0;
  std::uint64_t last_log_index = 0;
  std::uint64_t last_log_term = 0;
};
struct VoteReply {
  std::uint64_t term = 0;
  bool granted = false;
};
struct AppendEntries {
  std::uint64_t term = 0;
  std::uint64_t prev_index = 0;  // the entry just before `entries` (0: none)
  std::uint64_t prev_term = 0;
  std::vector<LogEntry> entries;
  std::uint64_t leader_commit = 0;
  std::uint64_t probe = 0;  // a read-index round the reply echoes (0: none)
};
struct AppendReply {
  std::uint64_t term = 0;
  bool success = false;
  std::uint64_t match_index = 0;  // success: the follower's log matches up to here
  std::uint64_t probe = 0;
};
// A follower hands a client's request to the leader it knows; the leader answers it as
// its own and sends the reply back, which the follower passes to its client.
struct ForwardRequest {
  std::uint64_t forward_id = 0;  // the follower's, echoed
  ClientRequest request;
};
struct ForwardReply {
  std::uint64_t forward_id = 0;
  ClientReply reply;
};

using Message = std::variant<WriteRequest, WriteAck, ReadRequest, ReadResponse, HintHandoff,
                             HintAck, AeCompare, AeLeafDigests, AeKeys, RequestVote, VoteReply,
                             AppendEntries, AppendReply, ForwardRequest, ForwardReply>;

struct Envelope {
  NodeId from = 0;
  NodeId to = 0;
  Message message;
};

MessageClass message_class(const Message& message);
std::size_t byte_size(const Message& message);  // estimate, including a fixed header

}  // namespace qc
