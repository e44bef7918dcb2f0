// What SystemState::hash(true) forgets: parts of a state that no later step reads, so
// that states differing only there are one state to the explorer. Each rule keeps the
// two states the same step for step (the same steps enabled, each leading to states
// that are again equal under the rule, with the same history), so the set of complete
// histories, their verdicts, the nodes' end states (up to rule 4's renaming of
// timestamps) and the depth of every execution are kept; tests/modelcheck compare
// them with and without forgetting, and check every merge of four scopes step by step.
//
// Rules (1) and (2) below are proven for the leaderless store; for the leader-based store
// (Raft) each is decided on its own. (1) holds there in a stronger form: its nodes get a
// wall clock without the counter (SystemState::input_clock), any node may win an
// election and stamp its no-op, and a leader stamps the puts other nodes forward to it,
// all from that wall clock and the log alone; the counter is read only to set timers,
// whose due times only move the counter again (a request timeout's firing) or nothing
// (election and heartbeat timers, scope.h). So a leader-based node's counter and due
// times are always left out. (2) is unsound there and off: a Raft log is a sequence
// whose order, truncations and term/vote records a restart replays as they are, not a
// set of LWW winners. (3) (a log no restart can read) holds for either store: only the
// driver reads a durable log, at a restart. (4) (timestamps by their order) is the
// leaderless store's alone; under it two merged states are the same step for step up
// to a renaming of timestamps, so their steps are matched by SystemState::canonical's
// keys rather than Step::key().
#include <algorithm>
#include <climits>
#include <map>

#include "impl/fingerprint.h"
#include "impl/hash.h"
#include "modelcheck/system.h"

namespace qc {

// A node's clock (its counter, the due times of its timers, which only move the counter
// when they fire, and the completions count in its wall clock) is read by the node only
// to stamp a new version (impl/coordinator.cpp: a put or delete it coordinates; an ABD
// put stamps after its read phase), to date tombstones and test their grace (deletes),
// and to pace hint handoff retries (sloppy quorums). Without deletes and sloppy quorums,
// a node none of whose clients has a put left to stamp never reads its clock again: the
// node answers every later input alike whatever the counter says. An ABD put counts
// from its invocation until its coordinator sends the value it stamped (note_stamps).
bool SystemState::clock_read_later(NodeId id) const {
  const Scope& scope = *scope_;
  if (leader_store()) return false;  // see the top of this file
  if (scope.store.sloppy_quorum) return true;
  for (const auto& ops : scope.workload.clients)
    for (const WorkloadOp& op : ops)
      if (op.kind == WorkloadOpKind::del) return true;
  for (std::uint32_t c = 0; c < clients_.size(); ++c) {
    if (coordinator_of(scope, c) != id) continue;
    const ClientSlot& client = clients_[c];
    if (client.busy && client.request.op != ClientOp::get && !client.stamped) return true;
    const auto& ops = scope.workload.clients[c];
    for (std::size_t i = client.next_op; i < ops.size(); ++i)
      if (ops[i].kind != WorkloadOpKind::read) return true;
  }
  return false;
}

// A put is stamped when its coordinator first sends a write request carrying its value
// from its own clock (impl/coordinator.cpp: at the invocation, or for an ABD writer when
// its read phase ends); values are unique in a workload (parse_workload_text), and a
// read's write-back can carry the value only once some write phase sent it. Whether a
// put was stamped is thus a function of its coordinator's pending op (its phase), which
// the node's fingerprint holds.
void SystemState::note_stamps(NodeId id, const Outputs& outputs) {
  for (ClientSlot& client : clients_) {
    if (!client.busy || client.stamped || client.coordinator != id || client.request.op != ClientOp::put) continue;
    for (const Envelope& envelope : outputs.messages) {
      const auto* write = std::get_if<WriteRequest>(&envelope.message);
      if (write && write->version.node == id && write->version.value == client.request.value) client.stamped = true;
    }
  }
}

// Rule (4): the values of timestamps, beyond their order. The leaderless store reads a
// version's timestamp only to compare it with another's (impl/version.h: the LWW
// order and merge, Merkle digests compared for equality; impl/coordinator.cpp: a
// read's newest reply), except when it stamps a new version: from its wall clock, and
// for an ABD writer at least one above the highest timestamp it read. A node whose
// clock is still read (rule 1) stamps at or above its wall clock at its next input:
// (completions << 40) + counter + 1, the floor, which only grows. Every timestamp below
// the lowest floor of the nodes still stamping (all of them, when none is) is then
// below every version stamped from here on, and an ABD writer that reads one as its
// highest stamps at its wall clock anyway. So renaming the timestamps below that floor
// (in the nodes, the messages in flight and the durable logs) by an order-preserving
// bijection gives a state that behaves the same, step for step, up to the same
// renaming, with the same history (which holds values, never timestamps): the hash
// takes each such timestamp's rank instead of its value. Writes stamped at different
// counters, in the same order, leave one state where there were as many as the ways
// their counters could fall. Kept out: the leader-based store (its leader stamps above
// its log's last entry), deletes (tombstones are dated by the wall clock), sloppy
// quorums, the planted bug read_repair_writes_stale (it adds one to a timestamp) and
// lww_tie_break_by_arrival.
std::optional<std::int64_t> SystemState::rename_timestamps_below() const {
  const Scope& scope = *scope_;
  const PlantedBugs& bugs = scope.store.planted_bugs;
  if (leader_store() || scope.store.sloppy_quorum || bugs.read_repair_writes_stale || bugs.lww_tie_break_by_arrival)
    return std::nullopt;
  for (const auto& ops : scope.workload.clients)
    for (const WorkloadOp& op : ops)
      if (op.kind == WorkloadOpKind::del) return std::nullopt;
  std::int64_t floor = INT64_MAX;
  for (NodeId id = 0; id < nodes_.size(); ++id)
    if (clock_read_later(id))
      floor = std::min(floor, static_cast<std::int64_t>(completions_ << kWallShift) + nodes_[id].counter + 1);
  return floor;
}

// A durable log is read only by a restart, which replays it into an empty store by
// the LWW merge (impl/replica.cpp: Node::replay). That merge is commutative, associative
// and idempotent (impl/version.h), so a log of put_version records alone restarts the
// same node whatever their order and repeats: it is hashed as the winning version per
// key. A running node once the crash budget is spent never restarts (the final heal
// restarts crashed nodes only): its log is never read again and is left out. Logs with
// other records (erases, hints), or under the planted bug that merges by arrival, keep
// their full hash.
std::uint64_t SystemState::durable_log_hash(const NodeSlot& slot, std::vector<std::int64_t>* set_aside) const {
  if (slot.node && budget_used_[kCrashBudget] >= scope_->faults.crashes) return 0;
  if (leader_store() || scope_->store.planted_bugs.lww_tie_break_by_arrival) return full_log_hash(slot, set_aside);
  std::map<std::string_view, const Version*> winners;
  for (const DurableRecord& record : *slot.durable) {
    if (record.kind != RecordKind::put_version) return full_log_hash(slot, set_aside);
    auto [at, first] = winners.try_emplace(record.key, &record.version);
    if (!first) at->second = &lww_merge(*at->second, record.version);
  }
  Fingerprint f(set_aside);
  for (const auto& [key, version] : winners) {
    f.add(key);
    f.add(*version);
  }
  return f.value();
}

}  // namespace qc
