// The Node's lifecycle and plumbing: input dispatch, sending, persistence, timers.
// The coordinator, replica and anti-entropy roles live in their own files.
#include <type_traits>
#include <utility>

#include "common/assert.h"
#include "impl/node.h"

namespace qc {

Node::Node(Config config, NodeId id)
    : config_(config),
      id_(id),
      ring_(cluster_ring(config.node_count, config.virtual_nodes_per_node)),
      store_(ring_, id, config.replication_factor, config.merkle_depth),
      peer_up_(config.node_count, true) {
  QC_ASSERT(validate(config_).is_ok());
  QC_ASSERT(id_ < config_.node_count || is_client_router(id_));
  auto shared_ranges = std::make_shared<std::map<NodeId, std::vector<RangeId>>>();
  for (const RangeId range : store_.replicated_ranges()) {
    const std::vector<NodeId>& walk = ring_->walk(range);  // the first N replicate it
    QC_ASSERT(config_.replication_factor <= walk.size());
    for (std::uint32_t i = 0; i < config_.replication_factor; ++i)
      if (walk[i] != id_) (*shared_ranges)[walk[i]].push_back(range);
  }
  shared_ranges_ = std::move(shared_ranges);
}

template <typename Handler>
Outputs Node::run(Clock clock, Handler&& handler) {
  QC_ASSERT(clock.now_us >= clock_.now_us);
  clock_ = clock;
  QC_ASSERT(out_.messages.empty() && out_.replies.empty() && out_.timers.empty() && out_.records.empty());
  std::forward<Handler>(handler)();
  return std::exchange(out_, Outputs{});
}

void Node::recycle(Outputs&& spent) {
  spent.messages.clear();
  spent.replies.clear();
  spent.timers.clear();
  spent.records.clear();
  out_ = std::move(spent);
}

Outputs Node::start(Clock clock) {
  return run(clock, [&] { arm_periodic_timers(); });
}

Outputs Node::restart(Clock clock, const std::vector<DurableRecord>& durable_log,
                      std::uint64_t incarnation) {
  QC_ASSERT(incarnation > 0 && incarnation < (1ULL << 20));
  // Op ids of this incarnation never collide with those of earlier ones, whose replies
  // may still be in flight.
  next_op_id_ = (incarnation << 43) + 1;
  return run(clock, [&] {
    for (const DurableRecord& record : durable_log) replay(record);
    arm_periodic_timers();
  });
}

Outputs Node::on_client_request(Clock clock, const ClientRequest& request) {
  return run(clock, [&] { coordinate(request); });
}

Outputs Node::on_message(Clock clock, const Envelope& envelope) {
  QC_ASSERT(envelope.to == id_ && is_endpoint(envelope.from));
  return run(clock, [&] { dispatch(envelope.from, envelope.message); });
}

Outputs Node::on_timer(Clock clock, TimerId timer) {
  return run(clock, [&] {
    switch (timer.kind) {
      case TimerKind::request_timeout: on_request_timeout(timer.sequence); break;
      case TimerKind::anti_entropy: start_anti_entropy_round(); break;
      case TimerKind::flush: flush(); break;
      case TimerKind::maintenance: run_maintenance(); break;
      case TimerKind::election:
      case TimerKind::heartbeat: QC_ASSERT(!"a leader-based store's timer reached a leaderless node");
    }
  });
}

Outputs Node::on_peer_status(Clock clock, NodeId peer, bool up) {
  QC_ASSERT(peer < config_.node_count);
  return run(clock, [&] {
    const bool was_up = peer_up_[peer];
    peer_up_[peer] = up;
    if (up && !was_up && peer != id_) {
      hand_off_hints(peer);
      reset_handoff_backoff(peer);
    }
  });
}

const Node& as_leaderless(const StoreNode& node) {
  const Node* leaderless = dynamic_cast<const Node*>(&node);
  QC_ASSERT(leaderless != nullptr);
  return *leaderless;
}

std::optional<Version> Node::version_of(const std::string& key) const {
  const StoredEntry* entry = store_.find(key);
  if (entry == nullptr) return std::nullopt;
  return entry->version;
}

std::optional<std::uint64_t> Node::merkle_root(RangeId range) const {
  const MerkleTree* tree = store_.tree(range);
  if (tree == nullptr) return std::nullopt;
  return tree->root();
}

void Node::dispatch(NodeId from, const Message& message) {
  std::visit(
      [&](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, WriteRequest>) on_write_request(from, m);
        else if constexpr (std::is_same_v<M, WriteAck>) on_write_ack(from, m);
        else if constexpr (std::is_same_v<M, ReadRequest>) on_read_request(from, m);
        else if constexpr (std::is_same_v<M, ReadResponse>) on_read_response(from, m);
        else if constexpr (std::is_same_v<M, HintHandoff>) on_hint_handoff(from, m);
        else if constexpr (std::is_same_v<M, HintAck>) on_hint_ack(from, m);
        else if constexpr (std::is_same_v<M, AeCompare>) on_ae_compare(from, m);
        else if constexpr (std::is_same_v<M, AeLeafDigests>) on_ae_leaf_digests(from, m);
        else if constexpr (std::is_same_v<M, AeKeys>) on_ae_keys(from, m);
        else QC_ASSERT(!"a leader-based store's message reached a leaderless node");
      },
      message);
}

void Node::send(NodeId to, Message message) {
  QC_ASSERT(is_endpoint(to));
  // A message to itself goes out too: the driver gives the local store its time.
  if (message_class(message) == MessageClass::anti_entropy) {
    ++ae_stats_.messages_sent;
    ae_stats_.bytes_sent += byte_size(message);
  }
  out_.messages.push_back(Envelope{id_, to, std::move(message)});
}

void Node::persist(DurableRecord record) {
  // PLANTED BUG ack_before_store: durable mode acknowledges, but the record waits for
  // the next flush like volatile mode, so a crash loses an acknowledged write.
  const bool defer = config_.durability == Durability::volatile_ ||
                     config_.planted_bugs.ack_before_store;
  if (defer)
    unflushed_.push_back(std::move(record));
  else
    out_.records.push_back(std::move(record));
}

void Node::set_timer(TimerKind kind, std::uint64_t sequence, std::int64_t delay_us) {
  QC_ASSERT(delay_us > 0);
  out_.timers.push_back(TimerRequest{TimerId{kind, sequence}, clock_.now_us + delay_us});
}

void Node::arm_periodic_timers() {
  if (is_client_router(id_)) return;  // no data: nothing to purge, hand off, sync or flush
  set_timer(TimerKind::maintenance, 0, config_.maintenance_interval_us);
  if (config_.anti_entropy)
    set_timer(TimerKind::anti_entropy, 0, config_.anti_entropy_interval_us);
  if (config_.durability == Durability::volatile_ || config_.planted_bugs.ack_before_store)
    set_timer(TimerKind::flush, 0, config_.flush_interval_us);
}

}  // namespace qc
