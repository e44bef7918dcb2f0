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
};

constexpr std::size_t kMinVersionBytes = 8 + 4 + 1 + 4 + 8;

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
    default: {  // 8, checked by the caller
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

void write_record(Writer& out, const DurableRecord& record) {
  out.u8(static_cast<std::uint8_t>(record.kind));
  out.text(record.key);
  out.version(record.version);
  out.u32(record.hint_for);
}

DurableRecord read_record(Reader& in) {
  DurableRecord record;
  const std::uint8_t kind = in.u8("record.kind");
  if (kind > static_cast<std::uint8_t>(RecordKind::erase_hint))
    in.fail("record.kind", "a record kind 0 to 3, got " + std::to_string(kind));
  record.kind = static_cast<RecordKind>(kind);
  record.key = in.text("record.key");
  record.version = in.version();
  record.hint_for = in.u32("record.hint_for");
  return record;
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
