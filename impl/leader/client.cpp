// Client requests: the leader serves them (writes through its log, reads by ReadIndex or
// from its applied state); a follower forwards them to the leader it knows, or answers
// a read itself in follower-read mode. Every op ends in exactly one reply: ok, fail
// (certainly no effect) or info (a write whose fate is unknown).
#include "common/assert.h"
#include "impl/leader/leader_state.h"

namespace qc {
namespace {

ClientReply make_reply(std::uint64_t request_id, ReplyOutcome outcome, std::string reason) {
  ClientReply reply;
  reply.request_id = request_id;
  reply.outcome = outcome;
  reply.reason = std::move(reason);
  return reply;
}

}  // namespace

void LeaderNode::State::on_client_request(const ClientRequest& request) {
  if (request.op == ClientOp::get && config.leader.reads == LeaderReads::follower) {
    reply(read_reply(request));  // any node, from what it has applied: may be stale
    return;
  }
  if (role == Role::leader) {
    lead(request, std::nullopt, 0);
  } else if (leader) {
    forward(request);
  } else {
    hold_until_leader_known(request);
  }
}

// During an election nobody leads: a request waits (as etcd's proposals do) until this
// node learns of a leader, or fails at its timeout, having certainly not been applied.
// This is where a leader-based store's write downtime shows: as waiting, then failing.
void LeaderNode::State::hold_until_leader_known(const ClientRequest& request) {
  const std::uint64_t op_id = next_op_id++;
  PendingOp op;
  op.request = request;
  op.stage = Stage::awaiting_leader;
  pending.emplace(op_id, std::move(op));
  set_timer(TimerKind::request_timeout, op_id, config.request_timeout_us);
}

void LeaderNode::State::release_held_requests() {
  if (!leader) return;
  std::vector<ClientRequest> held;
  for (auto it = pending.begin(); it != pending.end();) {
    if (it->second.stage != Stage::awaiting_leader) {
      ++it;
      continue;
    }
    held.push_back(std::move(it->second.request));
    it = pending.erase(it);  // its timer goes stale; the op gets a fresh one
  }
  for (const ClientRequest& request : held) {
    if (role == Role::leader) lead(request, std::nullopt, 0);
    else forward(request);
  }
}

void LeaderNode::State::forward(const ClientRequest& request) {
  QC_ASSERT(leader && *leader != id);
  const std::uint64_t op_id = next_op_id++;
  PendingOp op;
  op.request = request;
  op.stage = Stage::forwarded;
  pending.emplace(op_id, std::move(op));
  send(*leader, ForwardRequest{op_id, request});
  set_timer(TimerKind::request_timeout, op_id, config.request_timeout_us);
}

void LeaderNode::State::on_forward_request(NodeId from, const ForwardRequest& forward_request) {
  // A duplicate is dropped unanswered: serving it twice could apply a write twice, and
  // answering "fail" could contradict the first copy. Forwards overtaken by later ones
  // are served (the network reorders them all the time: dropping them failed about one
  // op in fifty with no fault at all); one older than every id remembered is dropped,
  // as its forwarder has long timed out on it and said info.
  std::set<std::uint64_t>& seen = forwards_seen[from];
  const std::uint64_t id_of_forward = forward_request.forward_id;
  if (seen.count(id_of_forward) > 0) return;
  if (seen.size() == kForwardsRemembered && id_of_forward < *seen.begin()) return;
  seen.insert(id_of_forward);
  if (seen.size() > kForwardsRemembered) seen.erase(seen.begin());
  if (role != Role::leader) {
    ClientReply refused = make_reply(forward_request.request.request_id, ReplyOutcome::fail, "not the leader");
    send(from, ForwardReply{forward_request.forward_id, std::move(refused)});
    return;
  }
  lead(forward_request.request, from, forward_request.forward_id);
}

void LeaderNode::State::on_forward_reply(const ForwardReply& forward_reply) {
  const auto found = pending.find(forward_reply.forward_id);
  if (found == pending.end() || found->second.stage != Stage::forwarded) return;  // timed out
  ClientReply client_reply = forward_reply.reply;
  client_reply.request_id = found->second.request.request_id;
  reply(std::move(client_reply));
  pending.erase(found);
}

void LeaderNode::State::lead(const ClientRequest& request, std::optional<NodeId> forwarder,
                             std::uint64_t forward_id) {
  QC_ASSERT(role == Role::leader);
  PendingOp op;
  op.request = request;
  op.forwarder = forwarder;
  op.forward_id = forward_id;
  if (request.op == ClientOp::get) {
    // PLANTED BUG leader_reads_unconfirmed: a leader answers from its applied state at
    // once, without confirming it still leads; a deposed one serves stale reads.
    if (config.leader.reads == LeaderReads::follower || config.planted_bugs.leader_reads_unconfirmed) {
      answer_now(request, forwarder, forward_id, read_reply(request));
      return;
    }
    op.stage = Stage::read_term;
  } else {
    op.version = stamp(request.op, request.value);
    op.log_index = append_local(LogEntry{term, request.key, op.version});
    op.stage = Stage::write_commit;
    broadcast_append();
    if (config.leader.replication == LeaderReplication::async) {
      // Acknowledged from the leader's log alone: a failover before it replicates loses it.
      ClientReply ok = make_reply(request.request_id, ReplyOutcome::ok, "");
      ok.version = op.version;
      answer_now(request, forwarder, forward_id, std::move(ok));
      advance_commit();
      return;
    }
  }
  const std::uint64_t op_id = next_op_id++;
  pending.emplace(op_id, std::move(op));
  set_timer(TimerKind::request_timeout, op_id, config.request_timeout_us);
  start_read_round();
  advance_commit();  // a cluster of one commits alone
  answer_ready_ops();
}

void LeaderNode::State::answer_now(const ClientRequest& request, std::optional<NodeId> forwarder,
                                   std::uint64_t forward_id, ClientReply client_reply) {
  client_reply.request_id = request.request_id;
  if (forwarder)
    send(*forwarder, ForwardReply{forward_id, std::move(client_reply)});
  else
    reply(std::move(client_reply));
}

void LeaderNode::State::answer(const PendingOp& op, ClientReply client_reply) {
  answer_now(op.request, op.forwarder, op.forward_id, std::move(client_reply));
}

ClientReply LeaderNode::State::read_reply(const ClientRequest& request) const {
  ClientReply read = make_reply(request.request_id, ReplyOutcome::ok, "");
  const auto found = applied.find(request.key);
  if (found != applied.end() && !found->second.tombstone) {
    read.value = found->second.value;
    read.version = found->second;
  }
  return read;
}

// ReadIndex (Raft thesis §6.4): once the leader has committed an entry of its term, its
// commit index is at least every acknowledged write's; a heartbeat round acked by a
// majority after that proves no newer leader had taken over when the read arrived.
void LeaderNode::State::start_read_round() {
  if (role != Role::leader || !committed_current_term()) return;
  bool any = false;
  for (auto& [op_id, op] : pending) {
    if (op.stage != Stage::read_term) continue;
    op.stage = Stage::read_confirm;
    op.read_index = commit_index;
    op.probe = probe_counter + 1;
    any = true;
  }
  if (!any) return;
  ++probe_counter;
  broadcast_append();
}

bool LeaderNode::State::probe_confirmed(std::uint64_t probe) const {
  std::uint32_t confirmed = 1;  // this leader
  for (NodeId peer = 0; peer < config.node_count; ++peer)
    if (peer != id && acked_probe[peer] >= probe) ++confirmed;
  return confirmed >= majority();
}

void LeaderNode::State::answer_ready_ops() {
  if (role != Role::leader) return;
  for (auto it = pending.begin(); it != pending.end();) {
    const PendingOp& op = it->second;
    bool done = false;
    if (op.stage == Stage::write_commit && applied_index >= op.log_index) {
      QC_ASSERT(entry_at(op.log_index).version == op.version);  // a leader never loses its own
      ClientReply ok = make_reply(op.request.request_id, ReplyOutcome::ok, "");
      ok.version = op.version;
      answer(op, std::move(ok));
      done = true;
    } else if (op.stage == Stage::read_confirm && probe_confirmed(op.probe) &&
               applied_index >= op.read_index) {
      answer(op, read_reply(op.request));
      done = true;
    }
    it = done ? pending.erase(it) : std::next(it);
  }
}

namespace {

// A write that may still commit is info; a read that did not answer had no effect.
ClientReply unanswered(const LeaderNode::State::PendingOp& op, const std::string& why) {
  if (op.request.op == ClientOp::get)
    return make_reply(op.request.request_id, ReplyOutcome::fail, why);
  ClientReply unknown = make_reply(op.request.request_id, ReplyOutcome::info, why + ": outcome unknown");
  if (op.stage == LeaderNode::State::Stage::write_commit) unknown.version = op.version;
  return unknown;
}

}  // namespace

void LeaderNode::State::on_request_timeout(std::uint64_t op_id) {
  const auto found = pending.find(op_id);
  if (found == pending.end()) return;  // answered already
  const PendingOp& op = found->second;
  if (op.stage == Stage::awaiting_leader) {  // never left this node: certainly not applied
    answer(op, make_reply(op.request.request_id, ReplyOutcome::fail, "no leader known within the request timeout"));
    pending.erase(found);
    return;
  }
  const char* why = op.stage == Stage::forwarded ? "no answer from the leader in time" : "not committed in time";
  if (op.stage == Stage::read_term || op.stage == Stage::read_confirm) why = "leadership not confirmed in time";
  answer(op, unanswered(op, why));
  pending.erase(found);
}

void LeaderNode::State::abandon_leader_ops() {
  for (auto it = pending.begin(); it != pending.end();) {
    if (it->second.stage == Stage::forwarded || it->second.stage == Stage::awaiting_leader) {
      ++it;
      continue;
    }
    answer(it->second, unanswered(it->second, "leadership lost"));
    it = pending.erase(it);
  }
}

}  // namespace qc
