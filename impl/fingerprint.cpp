#include "impl/fingerprint.h"

#include <algorithm>
#include <variant>

#include "common/assert.h"

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

void TimestampRanks::collect(const std::vector<std::int64_t>& timestamps) {
  QC_ASSERT(!frozen_);
  for (const std::int64_t timestamp : timestamps) {
    if (timestamp >= below_) continue;
    QC_ASSERT(timestamp >= 0);
    seen_.push_back(timestamp);
  }
}

void TimestampRanks::freeze() {
  std::sort(seen_.begin(), seen_.end());
  seen_.erase(std::unique(seen_.begin(), seen_.end()), seen_.end());
  frozen_ = true;
}

std::int64_t TimestampRanks::apply(std::int64_t timestamp) const {
  QC_ASSERT(frozen_);
  if (timestamp >= below_) return timestamp;
  const auto at = std::lower_bound(seen_.begin(), seen_.end(), timestamp);
  QC_ASSERT(at != seen_.end() && *at == timestamp);  // collected from the same state
  return at - seen_.begin();
}

std::uint64_t TimestampRanks::join(const SplitFingerprint& split) const {
  std::uint64_t h = split.rest;
  for (const std::int64_t timestamp : split.timestamps) h = hash_combine(h, static_cast<std::uint64_t>(apply(timestamp)));
  return h;
}

void Fingerprint::add(const Version& version) {
  if (set_aside_) set_aside_->push_back(version.timestamp_us);
  else add(version.timestamp_us);
  add(version.node);
  add(version.tombstone);
  add(version.value);
  add(version.deleted_wall_us);
}

namespace {
std::uint64_t message_fingerprint(const Message& message, std::vector<std::int64_t>* set_aside) {
  Fingerprint fingerprint(set_aside);
  fingerprint.add(message.index());  // HintHandoff and HintAck have the same fields
  std::visit(AddFields{fingerprint}, message);
  return fingerprint.value();
}

std::uint64_t envelope_fingerprint(const Envelope& envelope, std::vector<std::int64_t>* set_aside) {
  Fingerprint fingerprint;
  fingerprint.add(envelope.from);
  fingerprint.add(envelope.to);
  fingerprint.add(message_fingerprint(envelope.message, set_aside));
  return fingerprint.value();
}
}  // namespace

std::uint64_t fingerprint(const Message& message) { return message_fingerprint(message, nullptr); }

std::uint64_t fingerprint(const Envelope& envelope) { return envelope_fingerprint(envelope, nullptr); }

SplitFingerprint split_fingerprint(const Envelope& envelope) {
  SplitFingerprint split;
  split.rest = envelope_fingerprint(envelope, &split.timestamps);
  return split;
}

}  // namespace qc
