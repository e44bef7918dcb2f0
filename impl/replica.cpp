// The replica role: store writes (or hold them as hints), answer reads, hand hints over,
// purge old tombstones, flush volatile records, and rebuild from the durable log.
#include <algorithm>

#include "common/assert.h"
#include "impl/node.h"

namespace qc {

void Node::store_version(const std::string& key, const Version& version) {
  if (is_expired_tombstone(version, clock_.wall_us, config_.tombstone_grace_us)) {
    apply_expired_tombstone(key, version);
    return;
  }
  const bool tie_bug = config_.planted_bugs.lww_tie_break_by_arrival;
  if (!store_.merge(key, version, tie_bug)) return;  // nothing new
  const StoredEntry* entry = store_.find(key);
  QC_ASSERT(entry != nullptr);
  persist(DurableRecord{RecordKind::put_version, key, entry->version, 0});
}

void Node::apply_expired_tombstone(const std::string& key, const Version& tombstone) {
  // Storing it would only have maintenance purge it again, and a replica that purged
  // it already would take it back from every peer that still holds it, purge after
  // purge. Yet the delete still applies: an older value held here must not outlive it.
  const StoredEntry* held = store_.find(key);
  if (held == nullptr) return;
  const bool tie_bug = config_.planted_bugs.lww_tie_break_by_arrival;
  if (!(lww_merge(held->version, tombstone, tie_bug) == tombstone)) return;  // held is newer
  purge(key);
}

void Node::purge(const std::string& key) {
  store_.erase(key);
  persist(DurableRecord{RecordKind::erase_version, key, Version{}, 0});
}

void Node::on_write_request(NodeId from, const WriteRequest& request) {
  if (request.hint_for && *request.hint_for != id_) {
    const bool tie_bug = config_.planted_bugs.lww_tie_break_by_arrival;
    if (store_.merge_hint(*request.hint_for, request.key, request.version, tie_bug)) {
      const Version& held = store_.hints().at(*request.hint_for).at(request.key);
      persist(DurableRecord{RecordKind::put_hint, request.key, held, *request.hint_for});
    }
  } else {
    store_version(request.key, request.version);
  }
  // In durable mode the record above precedes this ack in the same Outputs, and the
  // driver persists records first: the ack never promises what a crash could lose.
  if (request.op_id != 0) send(from, WriteAck{request.op_id});
}

void Node::on_read_request(NodeId from, const ReadRequest& request) {
  send(from, ReadResponse{request.op_id, store_.newest_including_hints(request.key)});
}

void Node::on_hint_handoff(NodeId from, const HintHandoff& handoff) {
  store_version(handoff.key, handoff.version);
  send(from, HintAck{handoff.key, handoff.version});
}

void Node::on_hint_ack(NodeId from, const HintAck& ack) {
  reset_handoff_backoff(from);  // it is reachable: retry any other hints for it soon
  const auto& hints = store_.hints();
  auto for_peer = hints.find(from);
  if (for_peer == hints.end()) return;
  auto held = for_peer->second.find(ack.key);
  // A newer hint may have arrived since the handoff left: keep that one.
  if (held == for_peer->second.end() || !(held->second == ack.version)) return;
  store_.erase_hint(from, ack.key);
  persist(DurableRecord{RecordKind::erase_hint, ack.key, Version{}, from});
}

void Node::hand_off_hints(NodeId peer) {
  auto for_peer = store_.hints().find(peer);
  if (for_peer == store_.hints().end()) return;
  for (const auto& [key, version] : for_peer->second) send(peer, HintHandoff{key, version});
}

void Node::reset_handoff_backoff(NodeId peer) {
  if (store_.hints().count(peer) == 0) {
    handoff_backoff_.erase(peer);  // nothing left to hand over
    return;
  }
  handoff_backoff_[peer] = {config_.hint_retry_interval_us,
                            clock_.now_us + config_.hint_retry_interval_us};
}

void Node::retry_due_handoffs() {
  // A handoff or its ack may have been lost, or the peer may be unreachable without
  // anyone reporting it down: retry, but each time twice as late (up to the cap), so a
  // long silent outage costs a few messages per hint rather than one every tick.
  for (const auto& [peer, keys] : store_.hints()) {
    if (!is_up(peer)) continue;
    HandoffBackoff& backoff = handoff_backoff_.try_emplace(peer).first->second;
    if (clock_.now_us < backoff.next_retry_us) continue;
    hand_off_hints(peer);
    backoff.interval_us = backoff.interval_us == 0
                              ? config_.hint_retry_interval_us
                              : std::min(2 * backoff.interval_us, config_.hint_retry_interval_us_max);
    backoff.next_retry_us = clock_.now_us + backoff.interval_us;
  }
}

void Node::run_maintenance() {
  for (const std::string& key :
       store_.expired_tombstones(clock_.wall_us, config_.tombstone_grace_us))
    purge(key);
  retry_due_handoffs();
  set_timer(TimerKind::maintenance, 0, config_.maintenance_interval_us);
}

void Node::flush() {
  for (DurableRecord& record : unflushed_) out_.records.push_back(std::move(record));
  unflushed_.clear();
  set_timer(TimerKind::flush, 0, config_.flush_interval_us);
}

void Node::replay(const DurableRecord& record) {
  const bool tie_bug = config_.planted_bugs.lww_tie_break_by_arrival;
  switch (record.kind) {
    case RecordKind::put_version:
      store_.merge(record.key, record.version, tie_bug);
      break;
    case RecordKind::erase_version:
      store_.erase(record.key);
      break;
    case RecordKind::put_hint:
      // PLANTED BUG hints_dropped_on_restart: hints held for down replicas vanish.
      if (!config_.planted_bugs.hints_dropped_on_restart)
        store_.merge_hint(record.hint_for, record.key, record.version, tie_bug);
      break;
    case RecordKind::erase_hint:
      store_.erase_hint(record.hint_for, record.key);
      break;
    case RecordKind::term_vote:
    case RecordKind::log_entry:
    case RecordKind::log_truncate: QC_ASSERT(!"a leader-based store's record in a leaderless node's log");
  }
}

}  // namespace qc
