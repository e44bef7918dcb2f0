#include "impl/fingerprint.h"

#include <variant>

namespace qc {
namespace {

// Every field of each message, in declaration order. A field added to a message must be
// added here too, or two messages that differ only in it would look the same.
struct AddFields {
  Fingerprint& fingerprint;

  void operator()(const WriteRequest& m) const {
    fingerprint.add(m.op_id);
    fingerprint.add(m.key);
    fingerprint.add(m.version);
    fingerprint.add(m.hint_for);
  }
  void operator()(const WriteAck& m) const { fingerprint.add(m.op_id); }
  void operator()(const ReadRequest& m) const {
    fingerprint.add(m.op_id);
    fingerprint.add(m.key);
  }
  void operator()(const ReadResponse& m) const {
    fingerprint.add(m.op_id);
    fingerprint.add(m.version);
  }
  void operator()(const HintHandoff& m) const {
    fingerprint.add(m.key);
    fingerprint.add(m.version);
  }
  void operator()(const HintAck& m) const {
    fingerprint.add(m.key);
    fingerprint.add(m.version);
  }
  void operator()(const AeCompare& m) const {
    fingerprint.add(m.range);
    fingerprint.add_sequence(m.hashes, [&](const TreeHash& tree_hash) {
      fingerprint.add(tree_hash.node);
      fingerprint.add(tree_hash.hash);
    });
  }
  void operator()(const AeLeafDigests& m) const {
    fingerprint.add(m.range);
    fingerprint.add_sequence(m.leaf_nodes);
    fingerprint.add_sequence(m.entries);
  }
  void operator()(const AeKeys& m) const {
    fingerprint.add(m.range);
    fingerprint.add_sequence(m.versions);
    fingerprint.add_sequence(m.wanted);
  }
  void operator()(const RequestVote& m) const {
    fingerprint.add(m.term);
    fingerprint.add(m.last_log_index);
    fingerprint.add(m.last_log_term);
  }
  void operator()(const VoteReply& m) const {
    fingerprint.add(m.term);
    fingerprint.add(m.granted);
  }
  void operator()(const AppendEntries& m) const {
    fingerprint.add(m.term);
    fingerprint.add(m.prev_index);
    fingerprint.add(m.prev_term);
    fingerprint.add_sequence(m.entries, [&](const LogEntry& entry) { add_entry(entry); });
    fingerprint.add(m.leader_commit);
    fingerprint.add(m.probe);
  }
  void operator()(const AppendReply& m) const {
    fingerprint.add(m.term);
    fingerprint.add(m.success);
    fingerprint.add(m.match_index);
    fingerprint.add(m.probe);
  }
  void operator()(const ForwardRequest& m) const {
    fingerprint.add(m.forward_id);
    fingerprint.add(m.request.request_id);
    fingerprint.add(static_cast<std::uint8_t>(m.request.op));
    fingerprint.add(m.request.key);
    fingerprint.add(m.request.value);
  }
  void operator()(const ForwardReply& m) const {
    fingerprint.add(m.forward_id);
    fingerprint.add(m.reply.request_id);
    fingerprint.add(static_cast<std::uint8_t>(m.reply.outcome));
    fingerprint.add(m.reply.value);
    fingerprint.add(m.reply.version);
    fingerprint.add(m.reply.reason);
  }
  void add_entry(const LogEntry& entry) const {
    fingerprint.add(entry.term);
    fingerprint.add(entry.key);
    fingerprint.add(entry.version);
  }
};

}  // namespace

void Fingerprint::add(const Version& version) {
  add(version.timestamp_us);
  add(version.node);
  add(version.tombstone);
  add(version.value);
  add(version.deleted_wall_us);
}

std::uint64_t fingerprint(const Message& message) {
  Fingerprint fingerprint;
  fingerprint.add(message.index());  // HintHandoff and HintAck have the same fields
  std::visit(AddFields{fingerprint}, message);
  return fingerprint.value();
}

std::uint64_t fingerprint(const Envelope& envelope) {
  Fingerprint fingerprint;
  fingerprint.add(envelope.from);
  fingerprint.add(envelope.to);
  fingerprint.add(qc::fingerprint(envelope.message));
  return fingerprint.value();
}

}  // namespace qc
