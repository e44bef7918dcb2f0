// Log replication (Raft §5.3, §5.4.2): the leader appends, sends every follower what it
// lacks from next_index on, backs off on a mismatch, and commits an entry of its own
// term once a majority holds it; everyone applies committed entries in order.
#include <algorithm>

#include "common/assert.h"
#include "impl/leader/leader_state.h"

namespace qc {

// Stamped above every entry already in the log, so that committed entries carry
// increasing timestamps in log order whatever this node's wall clock says.
Version LeaderNode::State::stamp(ClientOp op, const std::string& value) const {
  std::int64_t timestamp_us = clock.wall_us;
  if (!log.empty()) timestamp_us = std::max(timestamp_us, log.back().version.timestamp_us + 1);
  if (op == ClientOp::del) return Version{timestamp_us, id, true, "", clock.wall_us};
  return Version{timestamp_us, id, false, value, 0};
}

std::uint64_t LeaderNode::State::append_local(LogEntry entry) {
  QC_ASSERT(role == Role::leader && entry.term == term);
  log.push_back(std::move(entry));
  const LogEntry& appended = log.back();
  DurableRecord record;
  record.kind = RecordKind::log_entry;
  record.key = appended.key;
  record.version = appended.version;
  record.term = appended.term;
  record.index = last_index();
  persist_log(std::move(record));
  return last_index();
}

void LeaderNode::State::send_append(NodeId peer) {
  const std::uint64_t next = next_index[peer];
  QC_ASSERT(next >= 1 && next <= last_index() + 1);
  const std::uint64_t prev = next - 1;
  const std::uint64_t end = std::min<std::uint64_t>(last_index(), prev + kEntriesPerAppendMax);
  AppendEntries append{term, prev, term_at(prev), {}, commit_index, probe_counter};
  append.entries.assign(log.begin() + static_cast<std::ptrdiff_t>(prev),
                        log.begin() + static_cast<std::ptrdiff_t>(end));
  send(peer, std::move(append));
}

void LeaderNode::State::broadcast_append() {
  for (NodeId peer = 0; peer < config.node_count; ++peer)
    if (peer != id) send_append(peer);
}

void LeaderNode::State::heartbeat() {
  broadcast_append();
  ++heartbeat_generation;
  set_timer(TimerKind::heartbeat, heartbeat_generation, config.leader.heartbeat_interval_us);
}

void LeaderNode::State::on_heartbeat_timer(std::uint64_t generation) {
  if (generation != heartbeat_generation || role != Role::leader) return;  // stale
  heartbeat();
}

// Cuts the log back to index - 1. Only entries past the commit index can conflict with
// a leader's, unless a planted bug (or volatile durability) let a committed one be
// overwritten: then this node forgets it and re-applies from scratch, which is how the
// lost write shows.
void LeaderNode::State::truncate_from(std::uint64_t index) {
  QC_ASSERT(index >= 1 && index <= last_index());
  if (index <= commit_index) {
    QC_ASSERT(invariants_may_break());
    commit_index = index - 1;
    applied_index = 0;
    applied.clear();
  }
  DurableRecord record;
  record.kind = RecordKind::log_truncate;
  record.index = index;
  persist_log(std::move(record));
  log.resize(index - 1);
  apply_committed();
}

void LeaderNode::State::on_append_entries(NodeId from, const AppendEntries& append) {
  observe_term(append.term);
  if (append.term < term) {  // a deposed leader's: tell it the news
    send(from, AppendReply{term, false, 0, append.probe});
    return;
  }
  if (role == Role::leader) {  // a second leader in this term
    QC_ASSERT(invariants_may_break());
    become_follower(term);
  }
  if (role == Role::candidate) become_follower(term);
  QC_ASSERT(!leader || *leader == from || invariants_may_break());  // one leader a term
  leader = from;
  arm_election_timer();
  release_held_requests();

  if (append.prev_index > last_index()) {  // a gap: the leader should back up to here
    send(from, AppendReply{term, false, last_index(), append.probe});
    return;
  }
  if (term_at(append.prev_index) != append.prev_term) {
    // Skip back over the whole conflicting term at once (the paper's §5.3 optimization).
    const std::uint64_t conflicting_term = term_at(append.prev_index);
    std::uint64_t first = append.prev_index;
    while (first > 1 && term_at(first - 1) == conflicting_term) --first;
    send(from, AppendReply{term, false, first - 1, append.probe});
    return;
  }
  std::uint64_t index = append.prev_index;
  for (const LogEntry& entry : append.entries) {
    ++index;
    if (index <= last_index()) {
      if (term_at(index) == entry.term) {  // log matching: the same entry
        QC_ASSERT(entry_at(index) == entry || invariants_may_break());
        continue;
      }
      truncate_from(index);
    }
    QC_ASSERT(index == last_index() + 1);
    log.push_back(entry);
    DurableRecord record;
    record.kind = RecordKind::log_entry;
    record.key = entry.key;
    record.version = entry.version;
    record.term = entry.term;
    record.index = index;
    persist_log(std::move(record));
  }
  // Only what this message vouched for may commit: the log past `index` may still be
  // an old leader's (a reordered, shorter AppendEntries says nothing about it).
  const std::uint64_t can_commit = std::min(append.leader_commit, index);
  if (can_commit > commit_index) set_commit(can_commit);
  send(from, AppendReply{term, true, index, append.probe});
}

void LeaderNode::State::on_append_reply(NodeId from, const AppendReply& append_reply) {
  observe_term(append_reply.term);
  if (role != Role::leader || append_reply.term != term) return;  // stale
  // Any answer of this term confirms that `from` took this node for its leader.
  acked_probe[from] = std::max(acked_probe[from], append_reply.probe);
  if (append_reply.success) {
    QC_ASSERT(append_reply.match_index <= last_index());
    match_index[from] = std::max(match_index[from], append_reply.match_index);
    next_index[from] = std::max(next_index[from], match_index[from] + 1);
    advance_commit();
    if (match_index[from] < last_index()) send_append(from);  // more to catch up on
  } else {
    // Back up, to the follower's hint when it knows better. The hint may lie below
    // match_index: a volatile follower forgets unflushed entries in a crash (or the
    // reply is an old one); believing it costs at most a resend.
    match_index[from] = std::min(match_index[from], append_reply.match_index);
    const std::uint64_t backed = std::min(next_index[from] - 1, append_reply.match_index + 1);
    next_index[from] = std::max<std::uint64_t>(1, backed);
    send_append(from);
  }
  answer_ready_ops();
}

// The highest index a majority holds, if it is of this leader's term (§5.4.2).
void LeaderNode::State::advance_commit() {
  if (role != Role::leader) return;
  for (std::uint64_t index = last_index(); index > commit_index; --index) {
    // PLANTED BUG commit_earlier_term_by_count: an earlier term's entry commits by its
    // count of copies, which a later leader may still overwrite (the paper's figure 8).
    const bool countable = term_at(index) == term || config.planted_bugs.commit_earlier_term_by_count;
    if (!countable) break;  // terms only fall further down the log
    std::uint32_t holders = 1;  // this leader
    for (NodeId peer = 0; peer < config.node_count; ++peer)
      if (peer != id && match_index[peer] >= index) ++holders;
    if (holders >= majority()) {
      set_commit(index);
      start_read_round();  // reads that waited for a committed entry of this term
      answer_ready_ops();
      return;
    }
  }
}

void LeaderNode::State::set_commit(std::uint64_t index) {
  QC_ASSERT(index >= commit_index && index <= last_index());  // commit never goes back
  commit_index = index;
  apply_committed();
}

void LeaderNode::State::apply_committed() {
  while (applied_index < commit_index) {
    ++applied_index;
    const LogEntry& entry = entry_at(applied_index);
    if (!entry.key.empty()) applied[entry.key] = entry.version;  // empty: a no-op
  }
}

}  // namespace qc
