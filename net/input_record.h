#pragma once
// "The same node, provably": a node under the network driver can record every input it
// takes (with the exact Clock it passed) and the Outputs that input returned
// (`quorumcheck node --record-inputs FILE`, one record per input in a net/log_file.h
// file). replay_recording feeds the inputs to a fresh in-process Node and compares its
// outputs with the recorded ones byte for byte: the node's behaviour is a function of
// its inputs, whichever driver runs it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "impl/config.h"
#include "impl/io.h"
#include "impl/messages.h"
#include "impl/node.h"

namespace qc {

enum class InputKind : std::uint8_t { start, restart, client_request, message, timer, peer_status };
const char* to_string(InputKind kind);

struct RecordedInput {
  InputKind kind = InputKind::start;
  Clock clock;
  std::vector<DurableRecord> durable_log;  // restart
  std::uint64_t incarnation = 0;           // restart
  ClientRequest request;                   // client_request
  Envelope envelope;                       // message
  TimerId timer;                           // timer
  NodeId peer = 0;                         // peer_status
  bool up = false;                         // peer_status
};

// The outputs of one input as bytes: messages, replies, timers and records in the order
// the node produced them.
std::string encode_outputs(const Outputs& outputs);

// One record of the file: the input, then encode_outputs of what it returned.
std::string encode_recorded_input(const RecordedInput& input, std::string_view outputs_bytes);
struct DecodedInput {
  RecordedInput input;
  std::string outputs_bytes;
};
Result<DecodedInput> decode_recorded_input(std::string_view bytes);

// Feeds one input to the node.
Outputs feed(StoreNode& node, const RecordedInput& input);

struct ReplayReport {
  std::size_t inputs = 0;
  std::size_t by_kind[6] = {};  // indexed by InputKind
  bool identical = true;
  std::string first_difference;  // "input 17 (message): outputs differ at byte 40 of 96"
};

// Reads the recording at `path` and replays it into Node(store, id). A file that is not
// a recording is an error; a recording whose outputs differ is a report, not an error.
Result<ReplayReport> replay_recording(const std::string& path, const Config& store, NodeId id);

}  // namespace qc
