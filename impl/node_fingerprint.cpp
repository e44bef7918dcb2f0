// Node::fingerprint: the state an explorer must tell apart, hashed in a fixed order
// (std::map order and vector order; nothing unordered).
//
// Left out, and why:
// - ae_stats_: statistics; no decision reads them (drivers only sum them up).
// - clock_: every input overwrites it before anything reads it.
// - out_: empty between inputs (run() hands it out; recycle() clears it).
// - config_, ring_, shared_ranges_: fixed by the Config and the id.
// - ae_round_ beyond its residue modulo the number of peers (see below).
// - the store's Merkle trees: Store updates a range's tree on every change of an entry in
//   it, and a tree's hashes and leaf entries depend only on the (key, version digest)
//   set it holds, not on the order of changes. A tree emptied of its last key reads like
//   one never written (every hash 0, every leaf empty), so the entries decide it all.
#include "impl/fingerprint.h"
#include "impl/node.h"

namespace qc {
namespace {

void add_store(Fingerprint& fingerprint, const Store& store) {
  fingerprint.add_sequence(store.entries(), [&](const auto& key_entry) {
    fingerprint.add(key_entry.first);
    fingerprint.add(key_entry.second.version);
  });
  // An intended replica's key map is never left empty, but counting it keeps the
  // nesting unambiguous either way.
  fingerprint.add_sequence(store.hints(), [&](const auto& intended_keys) {
    fingerprint.add(intended_keys.first);
    fingerprint.add_sequence(intended_keys.second);
  });
}

void add_request(Fingerprint& fingerprint, const ClientRequest& request) {
  fingerprint.add(request.request_id);
  fingerprint.add(request.op);
  fingerprint.add(request.key);
  fingerprint.add(request.value);
}

void add_record(Fingerprint& fingerprint, const DurableRecord& record) {
  fingerprint.add(record.kind);
  fingerprint.add(record.key);
  fingerprint.add(record.version);
  fingerprint.add(record.hint_for);
}

}  // namespace

std::uint64_t Node::fingerprint() const { return fingerprint_through(nullptr); }

SplitFingerprint Node::split_fingerprint() const {
  SplitFingerprint split;
  split.rest = fingerprint_through(&split.timestamps);
  return split;
}

std::uint64_t Node::fingerprint_through(std::vector<std::int64_t>* set_aside) const {
  Fingerprint fingerprint(set_aside);
  fingerprint.add(id_);
  add_store(fingerprint, store_);
  fingerprint.add_sequence(peer_up_);
  fingerprint.add_sequence(handoff_backoff_, [&](const auto& peer_backoff) {
    fingerprint.add(peer_backoff.first);
    fingerprint.add(peer_backoff.second.interval_us);
    fingerprint.add(peer_backoff.second.next_retry_us);
  });
  fingerprint.add_sequence(pending_, [&](const auto& id_op) {
    const PendingOp& op = id_op.second;
    fingerprint.add(id_op.first);
    add_request(fingerprint, op.request);
    fingerprint.add(op.phase);
    fingerprint.add_sequence(op.targets, [&](const Target& target) {
      fingerprint.add(target.node);
      fingerprint.add(target.hint_for);
    });
    const bool reading = op.phase == Phase::read || op.phase == Phase::abd_read;
    if (reading) {
      fingerprint.add_sequence(op.replies);
      const bool first_reply_counts = config_.planted_bugs.read_returns_first_reply;
      fingerprint.add(first_reply_counts && !op.reply_order.empty() ? op.reply_order.front() + 1 : 0);
    }
    fingerprint.add_sequence(op.acks);
    fingerprint.add(op.write_version);
    fingerprint.add(op.read_result);
  });
  fingerprint.add(next_op_id_);
  // In order: a flush persists them in this order.
  fingerprint.add_sequence(unflushed_, [&](const DurableRecord& record) {
    add_record(fingerprint, record);
  });
  // Rounds pick peers round robin, so only the round's place in the cycle decides
  // anything; the residue lets states that differ in elapsed rounds alone meet.
  fingerprint.add(shared_ranges_->empty() ? 0 : ae_round_ % shared_ranges_->size());
  return fingerprint.value();
}

bool Node::ignores_for_good(const Message& message) const {
  const auto ignored = [&](std::uint64_t op_id, bool is_read_response) {
    if (op_id >= next_op_id_) return false;  // not one of this incarnation's... yet
    const auto found = pending_.find(op_id);
    if (found == pending_.end()) return true;  // finished, and ids are never reused
    const Phase phase = found->second.phase;
    if (is_read_response) return phase == Phase::write || phase == Phase::write_back;
    return phase == Phase::async_repair;
  };
  if (const auto* response = std::get_if<ReadResponse>(&message)) return ignored(response->op_id, true);
  if (const auto* ack = std::get_if<WriteAck>(&message)) return ignored(ack->op_id, false);
  return false;
}

bool Node::sent_moot_request(const Message& message) const {
  const auto* read = std::get_if<ReadRequest>(&message);
  return read != nullptr && ignores_for_good(ReadResponse{read->op_id, std::nullopt});
}

bool Node::timer_matters(TimerId timer) const {
  return timer.kind != TimerKind::request_timeout || pending_.count(timer.sequence) > 0;
}

}  // namespace qc
