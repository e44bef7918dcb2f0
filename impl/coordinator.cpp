// The coordinator role: any node takes a client's get, put or delete, sends it to the
// key's replicas, counts replies against R or W, and answers (or times out as info).
#include <algorithm>
#include <string>

#include "common/assert.h"
#include "impl/node.h"

namespace qc {

bool Node::PendingOp::add_reply(NodeId from, const std::optional<Version>& version) {
  auto at = std::lower_bound(replies.begin(), replies.end(), from,
                             [](const auto& reply, NodeId node) { return reply.first < node; });
  if (at != replies.end() && at->first == from) return false;
  replies.emplace(at, from, version);
  return true;
}

const std::optional<Version>& Node::PendingOp::reply_of(NodeId from) const {
  auto at = std::lower_bound(replies.begin(), replies.end(), from,
                             [](const auto& reply, NodeId node) { return reply.first < node; });
  QC_ASSERT(at != replies.end() && at->first == from);
  return at->second;
}

void Node::PendingOp::add_ack(NodeId from) {
  auto at = std::lower_bound(acks.begin(), acks.end(), from);
  if (at == acks.end() || *at != from) acks.insert(at, from);
}

std::vector<Node::Target> Node::choose_targets(const std::string& key) const {
  const std::vector<NodeId>& walk = ring_->walk(ring_->range_of(key));
  const std::uint32_t n = config_.replication_factor;
  std::vector<Target> targets;
  std::size_t next_fallback = n;
  for (std::uint32_t i = 0; i < n; ++i) {
    const NodeId replica = walk[i];
    if (!config_.sloppy_quorum || is_up(replica)) {
      targets.push_back({replica, std::nullopt});
      continue;
    }
    // Sloppy quorum: the next up node beyond the preference list stands in, holding the
    // write as a hint for the replica it was meant for.
    while (next_fallback < walk.size() && !is_up(walk[next_fallback])) ++next_fallback;
    if (next_fallback < walk.size()) targets.push_back({walk[next_fallback++], replica});
  }
  return targets;
}

Version Node::new_write_version(std::int64_t timestamp_us, const ClientRequest& request) const {
  if (request.op == ClientOp::del)  // the grace period starts now, on this clock
    return Version{timestamp_us, id_, true, "", clock_.wall_us};
  return Version{timestamp_us, id_, false, request.value, 0};
}

Node::QuorumNeed Node::largest_quorum_needed(ClientOp op) const {
  // Every phase the op will run must reach its quorum: a read phase R, a write phase W.
  // An ABD write and a blocking read run both, so the larger of the two decides.
  const QuorumNeed read{"read phase", "R", config_.read_quorum};
  if (op == ClientOp::get) {
    const QuorumNeed write_back{"write-back phase", "W", config_.write_quorum};
    const bool writes_back = config_.read_repair == ReadRepair::blocking;
    return writes_back && write_back.replicas > read.replicas ? write_back : read;
  }
  const QuorumNeed write{"write phase", "W", config_.write_quorum};
  return config_.abd_writers && read.replicas > write.replicas ? read : write;
}

void Node::coordinate(const ClientRequest& request) {
  PendingOp op;
  op.request = request;
  op.targets = choose_targets(request.key);
  const auto reachable = std::count_if(op.targets.begin(), op.targets.end(),
                                       [&](const Target& t) { return is_up(t.node); });
  const QuorumNeed need = largest_quorum_needed(request.op);
  if (static_cast<std::uint32_t>(reachable) < need.replicas) {
    // Known not to reach a quorum in some phase: say so now, before anything is sent.
    reply(op, ReplyOutcome::fail, "only " + std::to_string(reachable) +
                                      " replicas reachable, the " + need.phase + " needs " +
                                      need.quorum_name + " = " + std::to_string(need.replicas));
    return;
  }
  const std::uint64_t op_id = next_op_id_++;
  PendingOp& stored = pending_.emplace(op_id, std::move(op)).first->second;
  set_timer(TimerKind::request_timeout, op_id, config_.request_timeout_us);
  if (request.op == ClientOp::get) {
    start_read_phase(op_id, stored, Phase::read);
  } else if (config_.abd_writers) {
    start_read_phase(op_id, stored, Phase::abd_read);
  } else {
    stored.write_version = new_write_version(clock_.wall_us, request);
    start_write_phase(op_id, stored, Phase::write);
  }
}

void Node::start_read_phase(std::uint64_t op_id, PendingOp& op, Phase phase) {
  op.phase = phase;
  for (const Target& target : op.targets) send(target.node, ReadRequest{op_id, op.request.key});
}

void Node::start_write_phase(std::uint64_t op_id, PendingOp& op, Phase phase) {
  op.phase = phase;
  for (const Target& target : op.targets) {
    if (op.has_ack(target.node)) continue;  // already holds it (blocking repair)
    send(target.node, WriteRequest{op_id, op.request.key, op.write_version, target.hint_for});
  }
  if (op.acks.size() >= config_.write_quorum) {  // possible after a blocking read repair
    reply(op, ReplyOutcome::ok, "");
    pending_.erase(op_id);
  }
}

void Node::on_read_response(NodeId from, const ReadResponse& response) {
  auto found = pending_.find(response.op_id);
  if (found == pending_.end()) return;  // finished, timed out, or an earlier incarnation's
  PendingOp& op = found->second;
  if (op.phase == Phase::async_repair) {
    repair_if_stale(from, response.version, op);  // a late reply, after answering
    return;
  }
  if (op.phase != Phase::read && op.phase != Phase::abd_read) return;
  if (!op.add_reply(from, response.version)) return;  // a duplicate
  op.reply_order.push_back(from);
  if (op.replies.size() >= config_.read_quorum) finish_read_phase(response.op_id, op);
}

void Node::finish_read_phase(std::uint64_t op_id, PendingOp& op) {
  if (op.phase == Phase::read) {
    finish_get(op_id, op);
    return;
  }
  // ABD writer: stamp above the highest timestamp a read quorum has seen.
  std::int64_t highest_us = clock_.wall_us - 1;
  for (const auto& [replica, version] : op.replies)
    if (version) highest_us = std::max(highest_us, version->timestamp_us);
  op.write_version = new_write_version(std::max(highest_us + 1, clock_.wall_us), op.request);
  start_write_phase(op_id, op, Phase::write);
}

std::optional<Version> Node::choose_read_result(const PendingOp& op) const {
  // PLANTED BUG read_returns_first_reply: trust whichever replica answered first.
  if (config_.planted_bugs.read_returns_first_reply)
    return op.reply_of(op.reply_order.front());
  std::optional<Version> newest;
  for (const auto& [replica, version] : op.replies)
    if (version && (!newest || lww_wins(*version, *newest))) newest = version;
  return newest;
}

Version Node::choose_repair_version(const PendingOp& op, const Version& newest) const {
  if (!config_.planted_bugs.read_repair_writes_stale) return newest;
  // PLANTED BUG read_repair_writes_stale: repair with the oldest reply's contents,
  // re-stamped just above the newest so that it wins at every replica.
  Version oldest = newest;
  for (const auto& [replica, version] : op.replies)
    if (version && lww_wins(oldest, *version)) oldest = *version;
  oldest.timestamp_us = newest.timestamp_us + 1;
  oldest.node = newest.node;
  return oldest;
}

void Node::finish_get(std::uint64_t op_id, PendingOp& op) {
  op.read_result = choose_read_result(op);
  if (!op.read_result || config_.read_repair == ReadRepair::none) {
    reply(op, ReplyOutcome::ok, "");  // nothing anywhere needs no repair
    pending_.erase(op_id);
    return;
  }
  op.write_version = choose_repair_version(op, *op.read_result);
  if (config_.read_repair == ReadRepair::async) {
    reply(op, ReplyOutcome::ok, "");
    op.phase = Phase::async_repair;  // kept until its timeout, to repair late replies too
    for (const auto& [replica, version] : op.replies) repair_if_stale(replica, version, op);
    return;
  }
  // Blocking (ABD): replicas that already hold the version count as written.
  for (const auto& [replica, version] : op.replies)
    if (version == op.write_version) op.add_ack(replica);
  start_write_phase(op_id, op, Phase::write_back);
}

void Node::repair_if_stale(NodeId replica, const std::optional<Version>& held,
                           const PendingOp& op) {
  if (held == op.write_version) return;
  std::optional<NodeId> hint_for;
  for (const Target& target : op.targets)
    if (target.node == replica) hint_for = target.hint_for;
  send(replica, WriteRequest{0, op.request.key, op.write_version, hint_for});  // no ack
}

void Node::on_write_ack(NodeId from, const WriteAck& ack) {
  auto found = pending_.find(ack.op_id);
  if (found == pending_.end()) return;
  PendingOp& op = found->second;
  if (op.phase != Phase::write && op.phase != Phase::write_back) return;
  op.add_ack(from);
  if (op.acks.size() < config_.write_quorum) return;
  reply(op, ReplyOutcome::ok, "");
  pending_.erase(found);
}

void Node::on_request_timeout(std::uint64_t op_id) {
  auto found = pending_.find(op_id);
  if (found == pending_.end()) return;
  PendingOp& op = found->second;
  if (op.phase != Phase::async_repair) {  // async repair has answered already
    const bool reading = op.phase == Phase::read || op.phase == Phase::abd_read;
    const std::size_t got = reading ? op.replies.size() : op.acks.size();
    const std::uint32_t needed = reading ? config_.read_quorum : config_.write_quorum;
    reply(op, ReplyOutcome::info, "timed out with " + std::to_string(got) + " of " +
                                      std::to_string(needed) + " needed replies");
  }
  pending_.erase(found);
}

void Node::reply(const PendingOp& op, ReplyOutcome outcome, std::string reason) {
  ClientReply reply{op.request.request_id, outcome, std::nullopt, std::nullopt,
                    std::move(reason)};
  const bool is_get = op.request.op == ClientOp::get;
  if (is_get && outcome == ReplyOutcome::ok && op.read_result && !op.read_result->tombstone) {
    reply.value = op.read_result->value;
    reply.version = op.read_result;
  }
  if (!is_get && outcome != ReplyOutcome::fail && op.phase == Phase::write)
    reply.version = op.write_version;
  out_.replies.push_back(std::move(reply));
}

}  // namespace qc
