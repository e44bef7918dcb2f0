#include "raft_cluster.h"

#include <gtest/gtest.h>

#include "impl/fingerprint.h"

namespace qc::test {
namespace {

constexpr std::int64_t kLatencyUsMin = 500;
constexpr std::int64_t kLatencyUsMax = 3'000;

}  // namespace

Config leader_config(std::uint32_t nodes) {
  Config config;
  config.store = StoreKind::leader;
  config.node_count = nodes;
  config.replication_factor = nodes;
  config.read_quorum = nodes / 2 + 1;
  config.write_quorum = nodes / 2 + 1;
  config.anti_entropy = false;
  return config;
}

RaftCluster::RaftCluster(Config config, std::uint64_t seed)
    : config_(config),
      seed_(seed),
      latency_prng_(keyed_seed(seed, 0xfeed)),
      nodes_(config.node_count),
      incarnation_(config.node_count, 0),
      skew_us_(config.node_count, 0),
      durable_(config.node_count) {
  for (NodeId id = 0; id < config_.node_count; ++id) {
    nodes_[id] = std::make_unique<LeaderNode>(config_, id, keyed_seed(keyed_seed(seed_, id), 0));
    absorb(id, nodes_[id]->start(clock(id)));
  }
}

LeaderNode& RaftCluster::node(NodeId id) {
  EXPECT_TRUE(is_running(id)) << "node " << id << " is down";
  return *nodes_[id];
}

std::uint64_t RaftCluster::submit(NodeId node, ClientOp op, const std::string& key, const std::string& value) {
  Event event;
  event.kind = Event::Kind::client;
  event.node = node;
  event.request = ClientRequest{next_request_id_++, op, key, value};
  schedule(now_us_, std::move(event));
  return next_request_id_ - 1;
}

std::optional<ClientReply> RaftCluster::reply_to(std::uint64_t request_id) const {
  const auto found = replies_.find(request_id);
  if (found == replies_.end()) return std::nullopt;
  return found->second;
}

void RaftCluster::schedule(std::int64_t at_us, Event event) {
  queue_.emplace(std::pair{at_us, next_sequence_++}, std::move(event));
}

void RaftCluster::step() {
  auto first = queue_.begin();
  const std::int64_t at_us = first->first.first;
  Event event = std::move(first->second);
  queue_.erase(first);
  now_us_ = std::max(now_us_, at_us);
  const NodeId id = event.node;
  if (!is_running(id)) return;  // lost with the node
  switch (event.kind) {
    case Event::Kind::message:
      if (cut(event.envelope.from, id)) return;
      absorb(id, nodes_[id]->on_message(clock(id), event.envelope));
      break;
    case Event::Kind::timer:
      if (event.incarnation != incarnation_[id]) return;  // set by a crashed incarnation
      absorb(id, nodes_[id]->on_timer(clock(id), event.timer));
      break;
    case Event::Kind::client:
      absorb(id, nodes_[id]->on_client_request(clock(id), event.request));
      break;
  }
  observe_leaders();
}

void RaftCluster::absorb(NodeId id, Outputs outputs) {
  Fingerprint trace;
  trace.add(trace_hash_);
  trace.add(id);
  // The driver's duty: records are durable before any message of the same Outputs leaves.
  for (const DurableRecord& record : outputs.records) {
    durable_[id].push_back(record);
    trace.add(record.kind);
    trace.add(record.term);
    trace.add(record.index);
    trace.add(record.key);
  }
  for (Envelope& envelope : outputs.messages) {
    trace.add(fingerprint(envelope));
    EXPECT_EQ(envelope.from, id);
    if (drop_ && drop_(envelope)) continue;
    Event event;
    event.kind = Event::Kind::message;
    event.node = envelope.to;
    event.envelope = std::move(envelope);
    schedule(now_us_ + latency_prng_.between(kLatencyUsMin, kLatencyUsMax), std::move(event));
  }
  for (const TimerRequest& timer : outputs.timers) {
    trace.add(timer.id.kind);
    trace.add(timer.id.sequence);
    trace.add(timer.fire_at_us);
    EXPECT_GE(timer.fire_at_us, now_us_);
    Event event;
    event.kind = Event::Kind::timer;
    event.node = id;
    event.incarnation = incarnation_[id];
    event.timer = timer.id;
    schedule(timer.fire_at_us, std::move(event));
  }
  for (ClientReply& reply : outputs.replies) {
    trace.add(reply.request_id);
    trace.add(reply.outcome);
    trace.add(reply.value);
    trace.add(reply.version);
    EXPECT_EQ(replies_.count(reply.request_id), 0u) << "a second reply to " << reply.request_id;
    replies_[reply.request_id] = std::move(reply);
  }
  trace_hash_ = trace.value();
}

void RaftCluster::run_until(std::int64_t to_us) {
  while (!queue_.empty() && queue_.begin()->first.first <= to_us) step();
  now_us_ = std::max(now_us_, to_us);
}

bool RaftCluster::run_until(const std::function<bool()>& done, std::int64_t limit_us) {
  const std::int64_t end_us = now_us_ + limit_us;
  while (!done()) {
    if (queue_.empty() || queue_.begin()->first.first > end_us) {
      now_us_ = std::max(now_us_, end_us);
      return done();
    }
    step();
  }
  return true;
}

std::optional<ClientReply> RaftCluster::await(std::uint64_t request_id, std::int64_t limit_us) {
  run_until([&] { return replies_.count(request_id) > 0; }, limit_us);
  return reply_to(request_id);
}

void RaftCluster::crash(NodeId id) {
  ASSERT_TRUE(is_running(id));
  nodes_[id].reset();
  ++incarnation_[id];  // its timers go stale; its queued messages find no node
}

void RaftCluster::restart(NodeId id) {
  ASSERT_FALSE(is_running(id));
  const std::uint64_t incarnation = ++incarnation_[id];
  nodes_[id] = std::make_unique<LeaderNode>(config_, id, keyed_seed(keyed_seed(seed_, id), incarnation));
  absorb(id, nodes_[id]->restart(clock(id), durable_[id], incarnation));
}

std::optional<NodeId> RaftCluster::leader() const {
  std::optional<NodeId> found;
  std::uint64_t found_term = 0;
  for (NodeId id = 0; id < config_.node_count; ++id) {
    if (!is_running(id) || nodes_[id]->role() != LeaderNode::Role::leader) continue;
    if (!found || nodes_[id]->term() > found_term) {
      found = id;
      found_term = nodes_[id]->term();
    }
  }
  return found;
}

// A leader that every running node reachable from it follows in its term.
std::optional<NodeId> RaftCluster::stable_leader(std::int64_t limit_us) {
  const auto settled = [&] {
    const std::optional<NodeId> current = leader();
    if (!current) return false;
    const std::uint64_t term = nodes_[*current]->term();
    for (NodeId id = 0; id < config_.node_count; ++id) {
      if (!is_running(id) || cut(id, *current)) continue;
      if (nodes_[id]->term() != term || nodes_[id]->known_leader() != current) return false;
    }
    return nodes_[*current]->commit_index() > 0 || config_.node_count == 1;
  };
  if (!run_until(settled, limit_us)) return std::nullopt;
  return leader();
}

void RaftCluster::observe_leaders() {
  for (NodeId id = 0; id < config_.node_count; ++id) {
    if (!is_running(id) || nodes_[id]->role() != LeaderNode::Role::leader) continue;
    leaders_by_term_[nodes_[id]->term()].insert(id);
  }
}

}  // namespace qc::test
