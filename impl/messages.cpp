#include "impl/messages.h"

namespace qc {
namespace {

constexpr std::size_t kHeaderBytes = 16;  // from, to, kind, length
std::size_t key_bytes(const std::string& key) { return 4 + key.size(); }

struct ClassOf {
  MessageClass operator()(const WriteRequest&) const { return MessageClass::write_request; }
  MessageClass operator()(const WriteAck&) const { return MessageClass::write_ack; }
  MessageClass operator()(const ReadRequest&) const { return MessageClass::read_request; }
  MessageClass operator()(const ReadResponse&) const { return MessageClass::read_response; }
  MessageClass operator()(const HintHandoff&) const { return MessageClass::hint; }
  MessageClass operator()(const HintAck&) const { return MessageClass::hint; }
  MessageClass operator()(const AeCompare&) const { return MessageClass::anti_entropy; }
  MessageClass operator()(const AeLeafDigests&) const { return MessageClass::anti_entropy; }
  MessageClass operator()(const AeKeys&) const { return MessageClass::anti_entropy; }
  MessageClass operator()(const RequestVote&) const { return MessageClass::election; }
  MessageClass operator()(const VoteReply&) const { return MessageClass::election; }
  MessageClass operator()(const AppendEntries&) const { return MessageClass::write_request; }
  MessageClass operator()(const AppendReply&) const { return MessageClass::write_ack; }
  MessageClass operator()(const ForwardRequest&) const { return MessageClass::write_request; }
  MessageClass operator()(const ForwardReply&) const { return MessageClass::write_ack; }
};

struct SizeOf {
  std::size_t operator()(const WriteRequest& m) const {
    return 8 + key_bytes(m.key) + byte_size(m.version) + 5;
  }
  std::size_t operator()(const WriteAck&) const { return 8; }
  std::size_t operator()(const ReadRequest& m) const { return 8 + key_bytes(m.key); }
  std::size_t operator()(const ReadResponse& m) const {
    return 8 + 1 + (m.version ? byte_size(*m.version) : 0);
  }
  std::size_t operator()(const HintHandoff& m) const {
    return key_bytes(m.key) + byte_size(m.version);
  }
  std::size_t operator()(const HintAck& m) const {
    return key_bytes(m.key) + byte_size(m.version);
  }
  std::size_t operator()(const AeCompare& m) const { return 4 + 4 + m.hashes.size() * 12; }
  std::size_t operator()(const AeLeafDigests& m) const {
    std::size_t bytes = 4 + 4 + m.leaf_nodes.size() * 4 + 4;
    for (const auto& [key, digest] : m.entries) bytes += key_bytes(key) + 8;
    return bytes;
  }
  std::size_t operator()(const AeKeys& m) const {
    std::size_t bytes = 4 + 4 + 4;
    for (const auto& [key, version] : m.versions) bytes += key_bytes(key) + byte_size(version);
    for (const std::string& key : m.wanted) bytes += key_bytes(key);
    return bytes;
  }
  std::size_t operator()(const RequestVote&) const { return 24; }
  std::size_t operator()(const VoteReply&) const { return 9; }
  std::size_t operator()(const AppendEntries& m) const {
    std::size_t bytes = 8 * 5 + 4;
    for (const LogEntry& e : m.entries) bytes += 8 + key_bytes(e.key) + byte_size(e.version);
    return bytes;
  }
  std::size_t operator()(const AppendReply&) const { return 25; }
  std::size_t operator()(const ForwardRequest& m) const {
    return 8 + 8 + 1 + key_bytes(m.request.key) + 4 + m.request.value.size();
  }
  std::size_t operator()(const ForwardReply& m) const {
    return 8 + 8 + 1 + (m.reply.value ? 4 + m.reply.value->size() : 1) +
           (m.reply.version ? byte_size(*m.reply.version) : 1) + 4 + m.reply.reason.size();
  }
};

}  // namespace

const char* to_string(MessageClass message_class) {
  switch (message_class) {
    case MessageClass::write_request: return "write_request";
    case MessageClass::write_ack: return "write_ack";
    case MessageClass::read_request: return "read_request";
    case MessageClass::read_response: return "read_response";
    case MessageClass::anti_entropy: return "anti_entropy";
    case MessageClass::hint: return "hint";
    case MessageClass::client_request: return "client_request";
    case MessageClass::client_reply: return "client_reply";
    case MessageClass::election: return "election";
  }
  return "unknown";
}

const char* to_string(ReplyOutcome outcome) {
  switch (outcome) {
    case ReplyOutcome::ok: return "ok";
    case ReplyOutcome::fail: return "fail";
    case ReplyOutcome::info: return "info";
  }
  return "unknown";
}

MessageClass message_class(const Message& message) { return std::visit(ClassOf{}, message); }

std::size_t byte_size(const Message& message) {
  return kHeaderBytes + std::visit(SizeOf{}, message);
}

}  // namespace qc
