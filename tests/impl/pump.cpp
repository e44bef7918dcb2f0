#include "pump.h"

#include <algorithm>

#include "common/assert.h"

namespace qc::test {

Cluster::Cluster(Config config)
    : config_(config),
      nodes_(config.node_count),
      skew_us_(config.node_count, 0),
      incarnation_(config.node_count, 0),
      durable_(config.node_count) {
  QC_ASSERT(validate(config).is_ok());
  for (NodeId id = 0; id < config.node_count; ++id) {
    nodes_[id].emplace(config, id);
    absorb(id, nodes_[id]->start(clock_for(id)));
  }
}

Node& Cluster::node(NodeId id) {
  QC_ASSERT(nodes_[id].has_value());
  return *nodes_[id];
}

void Cluster::absorb(NodeId id, Outputs outputs) {
  // Records first: persisted before any message or reply of the same step leaves.
  for (DurableRecord& record : outputs.records) durable_[id].push_back(std::move(record));
  for (Envelope& envelope : outputs.messages) in_flight_.push_back(std::move(envelope));
  for (ClientReply& reply : outputs.replies) replies_.push_back(std::move(reply));
  for (const TimerRequest& timer : outputs.timers)
    timers_.insert({timer.fire_at_us, id, timer.id});
}

void Cluster::submit(NodeId coordinator, ClientOp op, const std::string& key,
                     const std::string& value) {
  const ClientRequest request{next_request_id_++, op, key, value};
  absorb(coordinator, node(coordinator).on_client_request(clock_for(coordinator), request));
}

void Cluster::peer_status(NodeId observer, NodeId peer, bool up) {
  absorb(observer, node(observer).on_peer_status(clock_for(observer), peer, up));
}

std::size_t Cluster::count_in_flight(const std::function<bool(const Envelope&)>& match) const {
  return static_cast<std::size_t>(std::count_if(in_flight_.begin(), in_flight_.end(), match));
}

bool Cluster::deliver_first(const std::function<bool(const Envelope&)>& match) {
  auto found = std::find_if(in_flight_.begin(), in_flight_.end(), match);
  if (found == in_flight_.end()) return false;
  const Envelope envelope = std::move(*found);
  in_flight_.erase(found);
  if (is_running(envelope.to))  // a crashed node loses what reaches it
    absorb(envelope.to, node(envelope.to).on_message(clock_for(envelope.to), envelope));
  return true;
}

void Cluster::deliver_at(std::size_t index) {
  QC_ASSERT(index < in_flight_.size());
  std::size_t seen = 0;
  deliver_first([&](const Envelope&) { return seen++ == index; });
}

void Cluster::drop_all(const std::function<bool(const Envelope&)>& match) {
  std::erase_if(in_flight_, match);
}

std::size_t Cluster::deliver_all(std::size_t limit) {
  std::size_t delivered = 0;
  while (!in_flight_.empty()) {
    QC_ASSERT(delivered++ < limit);
    deliver_first([](const Envelope&) { return true; });
  }
  return delivered;
}

void Cluster::advance_to(std::int64_t to_us) {
  while (!timers_.empty() && std::get<0>(*timers_.begin()) <= to_us) {
    const auto [at_us, id, timer] = *timers_.begin();
    timers_.erase(timers_.begin());
    now_us_ = std::max(now_us_, at_us);
    absorb(id, node(id).on_timer(clock_for(id), timer));
  }
  now_us_ = std::max(now_us_, to_us);
}

void Cluster::run_until(std::int64_t to_us, std::int64_t step_us) {
  while (now_us_ < to_us) {
    advance_to(std::min(to_us, now_us_ + step_us));
    deliver_all();
  }
}

void Cluster::crash(NodeId id) {
  nodes_[id].reset();
  std::erase_if(timers_, [id](const auto& timer) { return std::get<1>(timer) == id; });
}

void Cluster::restart(NodeId id) {
  QC_ASSERT(!nodes_[id].has_value());
  nodes_[id].emplace(config_, id);
  absorb(id, nodes_[id]->restart(clock_for(id), durable_[id], ++incarnation_[id]));
}

std::optional<ClientReply> Cluster::reply_to(std::uint64_t request_id) const {
  for (const ClientReply& reply : replies_)
    if (reply.request_id == request_id) return reply;
  return std::nullopt;
}

std::string Cluster::key_on(NodeId target, bool on, int skip) const {
  const Ring& ring = nodes_[0] ? nodes_[0]->ring() : nodes_[1]->ring();
  for (int i = 0; i < 100'000; ++i) {
    const std::string key = "key-" + std::to_string(i);
    const auto replicas = ring.preference_list(key, config_.replication_factor);
    const bool has = std::find(replicas.begin(), replicas.end(), target) != replicas.end();
    if (has == on && skip-- == 0) return key;
  }
  QC_ASSERT(false);
  return "";
}

}  // namespace qc::test
