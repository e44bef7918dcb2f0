// The wire and disk encoding of net/ (wire.h). One Writer and one Reader; each message
// kind is written and read field by field in the order of its struct in impl/.
#include "net/wire.h"

#include "net/wire_codec.h"

#include <type_traits>
#include <utility>
#include <vector>

namespace qc {
namespace wire {
namespace {

struct MessageWriter {
  Writer& out;
  void operator()(const WriteRequest& m) const {
    out.u64(m.op_id);
    out.text(m.key);
    out.version(m.version);
    out.u8(m.hint_for ? 1 : 0);
    if (m.hint_for) out.u32(*m.hint_for);
  }
  void operator()(const WriteAck& m) const { out.u64(m.op_id); }
  void operator()(const ReadRequest& m) const {
    out.u64(m.op_id);
    out.text(m.key);
  }
  void operator()(const ReadResponse& m) const {
    out.u64(m.op_id);
    out.u8(m.version ? 1 : 0);
    if (m.version) out.version(*m.version);
  }
  void operator()(const HintHandoff& m) const {
    out.text(m.key);
    out.version(m.version);
  }
  void operator()(const HintAck& m) const {
    out.text(m.key);
    out.version(m.version);
  }
  void operator()(const AeCompare& m) const {
    out.u32(m.range);
    out.u32(static_cast<std::uint32_t>(m.hashes.size()));
    for (const TreeHash& h : m.hashes) {
      out.u32(h.node);
      out.u64(h.hash);
    }
  }
  void operator()(const AeLeafDigests& m) const {
    out.u32(m.range);
    out.u32(static_cast<std::uint32_t>(m.leaf_nodes.size()));
    for (const std::uint32_t leaf : m.leaf_nodes) out.u32(leaf);
    out.u32(static_cast<std::uint32_t>(m.entries.size()));
    for (const auto& [key, digest] : m.entries) {
      out.text(key);
      out.u64(digest);
    }
  }
  void operator()(const AeKeys& m) const {
    out.u32(m.range);
    out.u32(static_cast<std::uint32_t>(m.versions.size()));
    for (const auto& [key, version] : m.versions) {
      out.text(key);
      out.version(version);
    }
    out.u32(static_cast<std::uint32_t>(m.wanted.size()));
    for (const std::string& key : m.wanted) out.text(key);
  }
  void operator()(const RequestVote& m) const {
    out.u64(m.term);
    out.u64(m.last_log_index);
    out.u64(m.last_log_term);
  }
  void operator()(const VoteReply& m) const {
    out.u64(m.term);
    out.u8(m.granted ? 1 : 0);
  }
  void operator()(const AppendEntries& m) const {
    out.u64(m.term);
    out.u64(m.prev_index);
    out.u64(m.prev_term);
    out.u32(static_cast<std::uint32_t>(m.entries.size()));
    for (const LogEntry& entry : m.entries) {
      out.u64(entry.term);
      out.text(entry.key);
      out.version(entry.version);
    }
    out.u64(m.leader_commit);
    out.u64(m.probe);
  }
  void operator()(const AppendReply& m) const {
    out.u64(m.term);
    out.u8(m.success ? 1 : 0);
    out.u64(m.match_index);
    out.u64(m.probe);
  }
  void operator()(const ForwardRequest& m) const {
    out.u64(m.forward_id);
    write_client_request(out, m.request);
  }
  void operator()(const ForwardReply& m) const {
    out.u64(m.forward_id);
    write_client_reply(out, m.reply);
  }
};

constexpr std::size_t kMinVersionBytes = 8 + 4 + 1 + 4 + 8;

// The leader-based store's messages, kinds 9 and up (checked by the caller).
Message read_leader_message(Reader& in, std::uint8_t kind) {
  switch (kind) {
    case 9: {
      RequestVote m;
      m.term = in.u64("request_vote.term");
      m.last_log_index = in.u64("request_vote.last_log_index");
      m.last_log_term = in.u64("request_vote.last_log_term");
      return m;
    }
    case 10: {
      VoteReply m;
      m.term = in.u64("vote_reply.term");
      m.granted = in.flag("vote_reply.granted");
      return m;
    }
    case 11: {
      AppendEntries m;
      m.term = in.u64("append_entries.term");
      m.prev_index = in.u64("append_entries.prev_index");
      m.prev_term = in.u64("append_entries.prev_term");
      const std::uint32_t entries = in.count("append_entries.entries", 8 + 4 + kMinVersionBytes);
      for (std::uint32_t i = 0; i < entries; ++i) {
        LogEntry entry;
        entry.term = in.u64("append_entries.entries.term");
        entry.key = in.text("append_entries.entries.key");
        entry.version = in.version();
        m.entries.push_back(std::move(entry));
      }
      m.leader_commit = in.u64("append_entries.leader_commit");
      m.probe = in.u64("append_entries.probe");
      return m;
    }
    case 12: {
      AppendReply m;
      m.term = in.u64("append_reply.term");
      m.success = in.flag("append_reply.success");
      m.match_index = in.u64("append_reply.match_index");
      m.probe = in.u64("append_reply.probe");
      return m;
    }
    case 13: {
      ForwardRequest m;
      m.forward_id = in.u64("forward_request.forward_id");
      m.request = read_client_request(in);
      return m;
    }
    default: {  // 14
      ForwardReply m;
      m.forward_id = in.u64("forward_reply.forward_id");
      m.reply = read_client_reply(in);
      return m;
    }
  }
}

Message read_message(Reader& in, std::uint8_t kind) {
  switch (kind) {
    case 0: {
      WriteRequest m;
      m.op_id = in.u64("write_request.op_id");
      m.key = in.text("write_request.key");
      m.version = in.version();
      if (in.flag("write_request.has_hint_for")) m.hint_for = in.u32("write_request.hint_for");
      return m;
    }
    case 1: return WriteAck{in.u64("write_ack.op_id")};
    case 2: {
      ReadRequest m;
      m.op_id = in.u64("read_request.op_id");
      m.key = in.text("read_request.key");
      return m;
    }
    case 3: {
      ReadResponse m;
      m.op_id = in.u64("read_response.op_id");
      if (in.flag("read_response.has_version")) m.version = in.version();
      return m;
    }
    case 4: {
      HintHandoff m;
      m.key = in.text("hint_handoff.key");
      m.version = in.version();
      return m;
    }
    case 5: {
      HintAck m;
      m.key = in.text("hint_ack.key");
      m.version = in.version();
      return m;
    }
    case 6: {
      AeCompare m;
      m.range = in.u32("ae_compare.range");
      const std::uint32_t n = in.count("ae_compare.hashes", 12);
      for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint32_t node = in.u32("ae_compare.hashes.node");
        m.hashes.push_back(TreeHash{node, in.u64("ae_compare.hashes.hash")});
      }
      return m;
    }
    case 7: {
      AeLeafDigests m;
      m.range = in.u32("ae_leaf_digests.range");
      const std::uint32_t leaves = in.count("ae_leaf_digests.leaf_nodes", 4);
      for (std::uint32_t i = 0; i < leaves; ++i) m.leaf_nodes.push_back(in.u32("ae_leaf_digests.leaf_nodes"));
      const std::uint32_t entries = in.count("ae_leaf_digests.entries", 12);
      for (std::uint32_t i = 0; i < entries; ++i) {
        std::string key = in.text("ae_leaf_digests.entries.key");
        m.entries.emplace_back(std::move(key), in.u64("ae_leaf_digests.entries.digest"));
      }
      return m;
    }
    case 8: {
      AeKeys m;
      m.range = in.u32("ae_keys.range");
      const std::uint32_t versions = in.count("ae_keys.versions", 4 + kMinVersionBytes);
      for (std::uint32_t i = 0; i < versions; ++i) {
        std::string key = in.text("ae_keys.versions.key");
        m.versions.emplace_back(std::move(key), in.version());
      }
      const std::uint32_t wanted = in.count("ae_keys.wanted", 4);
      for (std::uint32_t i = 0; i < wanted; ++i) m.wanted.push_back(in.text("ae_keys.wanted"));
      return m;
    }
    default: return read_leader_message(in, kind);
  }
}

}  // namespace

void write_envelope(Writer& out, const Envelope& envelope) {
  out.u32(envelope.from);
  out.u32(envelope.to);
  out.u8(static_cast<std::uint8_t>(envelope.message.index()));
  std::visit(MessageWriter{out}, envelope.message);
}

Envelope read_envelope(Reader& in) {
  Envelope envelope;
  envelope.from = in.u32("envelope.from");
  envelope.to = in.u32("envelope.to");
  const std::uint8_t kind = in.u8("envelope.kind");
  constexpr std::size_t kinds = std::variant_size_v<Message>;
  if (kind >= kinds) in.fail("envelope.kind", "a message kind below " + std::to_string(kinds) + ", got " + std::to_string(kind));
  else envelope.message = read_message(in, kind);
  return envelope;
}

// The leader-based store's records carry a term, an index and a vote after the fields
// every record has; the leaderless store's are encoded as they always were.
bool is_leader_record(RecordKind kind) { return kind >= RecordKind::term_vote; }

void write_record(Writer& out, const DurableRecord& record) {
  out.u8(static_cast<std::uint8_t>(record.kind));
  out.text(record.key);
  out.version(record.version);
  out.u32(record.hint_for);
  if (!is_leader_record(record.kind)) return;
  out.u64(record.term);
  out.u64(record.index);
  out.u8(record.has_vote ? 1 : 0);
  out.u32(record.voted_for);
}

DurableRecord read_record(Reader& in) {
  DurableRecord record;
  const std::uint8_t kind = in.u8("record.kind");
  if (kind > static_cast<std::uint8_t>(RecordKind::log_truncate))
    in.fail("record.kind", "a record kind 0 to 6, got " + std::to_string(kind));
  record.kind = static_cast<RecordKind>(kind);
  record.key = in.text("record.key");
  record.version = in.version();
  record.hint_for = in.u32("record.hint_for");
  if (!is_leader_record(record.kind)) return record;
  record.term = in.u64("record.term");
  record.index = in.u64("record.index");
  record.has_vote = in.flag("record.has_vote");
  record.voted_for = in.u32("record.voted_for");
  return record;
}

void write_client_request(Writer& out, const ClientRequest& request) {
  out.u64(request.request_id);
  out.u8(static_cast<std::uint8_t>(request.op));
  out.text(request.key);
  out.text(request.value);
}

ClientRequest read_client_request(Reader& in) {
  ClientRequest request;
  request.request_id = in.u64("client_request.request_id");
  const std::uint8_t op = in.u8("client_request.op");
  if (op > static_cast<std::uint8_t>(ClientOp::del)) in.fail("client_request.op", "get, put or del (0 to 2)");
  request.op = static_cast<ClientOp>(op);
  request.key = in.text("client_request.key");
  request.value = in.text("client_request.value");
  return request;
}

void write_client_reply(Writer& out, const ClientReply& reply) {
  out.u64(reply.request_id);
  out.u8(static_cast<std::uint8_t>(reply.outcome));
  out.u8(reply.value ? 1 : 0);
  if (reply.value) out.text(*reply.value);
  out.u8(reply.version ? 1 : 0);
  if (reply.version) out.version(*reply.version);
  out.text(reply.reason);
}

ClientReply read_client_reply(Reader& in) {
  ClientReply reply;
  reply.request_id = in.u64("client_reply.request_id");
  const std::uint8_t outcome = in.u8("client_reply.outcome");
  if (outcome > static_cast<std::uint8_t>(ReplyOutcome::info)) in.fail("client_reply.outcome", "ok, fail or info (0 to 2)");
  reply.outcome = static_cast<ReplyOutcome>(outcome);
  if (in.flag("client_reply.has_value")) reply.value = in.text("client_reply.value");
  if (in.flag("client_reply.has_version")) reply.version = in.version();
  reply.reason = in.text("client_reply.reason");
  return reply;
}

}  // namespace wire

std::string encode_envelope(const Envelope& envelope) {
  wire::Writer out;
  wire::write_envelope(out, envelope);
  return out.take();
}

Result<Envelope> decode_envelope(std::string_view bytes) {
  wire::Reader in(bytes);
  Envelope envelope = wire::read_envelope(in);
  Status status = in.finish("envelope");
  if (!status.is_ok()) return status;
  return envelope;
}

std::string encode_record(const DurableRecord& record) {
  wire::Writer out;
  wire::write_record(out, record);
  return out.take();
}

Result<DurableRecord> decode_record(std::string_view bytes) {
  wire::Reader in(bytes);
  DurableRecord record = wire::read_record(in);
  Status status = in.finish("record");
  if (!status.is_ok()) return status;
  return record;
}

std::string frame(std::string_view payload) {
  const auto length = static_cast<std::uint32_t>(payload.size() + 1);
  std::string bytes;
  bytes.reserve(payload.size() + 5);
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
  bytes.push_back(static_cast<char>(kWireVersion));
  bytes.append(payload);
  return bytes;
}

void FrameReader::feed(std::string_view bytes) {
  if (error_) return;
  if (offset_ > 0 && offset_ * 2 >= buffer_.size()) {  // compact: consumed bytes go
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  buffer_.append(bytes);
}

Result<std::optional<std::string>> FrameReader::next() {
  if (error_) return *error_;
  if (buffered_bytes() < 4) return std::optional<std::string>();
  std::uint32_t length = 0;
  for (int i = 0; i < 4; ++i)
    length |= static_cast<std::uint32_t>(static_cast<unsigned char>(buffer_[offset_ + i])) << (8 * i);
  const std::string where = "frame at stream byte " + std::to_string(consumed_);
  if (length == 0 || length > kMaxFrameBytes) {
    error_ = Status::error(ErrorKind::malformed, where + ": length " + std::to_string(length) +
                                                     ", expected 1 to " + std::to_string(kMaxFrameBytes));
    return *error_;
  }
  if (buffered_bytes() >= 5 && static_cast<std::uint8_t>(buffer_[offset_ + 4]) != kWireVersion) {
    error_ = Status::error(ErrorKind::malformed,
                           where + ": wire version " +
                               std::to_string(static_cast<unsigned char>(buffer_[offset_ + 4])) +
                               ", expected " + std::to_string(kWireVersion));
    return *error_;
  }
  if (buffered_bytes() < 4 + std::size_t{length}) return std::optional<std::string>();
  std::string payload = buffer_.substr(offset_ + 5, length - 1);
  offset_ += 4 + length;
  consumed_ += 4 + length;
  return std::optional<std::string>(std::move(payload));
}

}  // namespace qc
