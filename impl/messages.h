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

#include "impl/config.h"
#include "impl/ring.h"
#include "impl/version.h"

namespace qc {

enum class MessageClass : std::uint8_t {
  write_request, write_ack, read_request, read_response, anti_entropy, hint,
  client_request, client_reply,
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

using Message = std::variant<WriteRequest, WriteAck, ReadRequest, ReadResponse, HintHandoff,
                             HintAck, AeCompare, AeLeafDigests, AeKeys>;

struct Envelope {
  NodeId from = 0;
  NodeId to = 0;
  Message message;
};

MessageClass message_class(const Message& message);
std::size_t byte_size(const Message& message);  // estimate, including a fixed header

}  // namespace qc
