// The end of a run: statistics, the convergence check and the final node states.
#include "sim/sim_state.h"

namespace qc {

const Ring& Simulator::State::key_ring() {
  if (!ring) ring = cluster_ring(static_cast<std::uint32_t>(nodes.size()), config.store.virtual_nodes_per_node);
  return *ring;
}

AntiEntropyStats Simulator::State::anti_entropy_totals() const {
  AntiEntropyStats totals;
  for (const NodeSlot& slot : nodes) {
    totals.messages_sent += slot.earlier_incarnations.messages_sent;
    totals.bytes_sent += slot.earlier_incarnations.bytes_sent;
    if (!slot.node) continue;
    totals.messages_sent += slot.node->anti_entropy_stats().messages_sent;
    totals.bytes_sent += slot.node->anti_entropy_stats().bytes_sent;
  }
  return totals;
}

void Simulator::State::watch_convergence() {
  if (!quiet_baseline) {
    quiet_baseline = anti_entropy_totals();
    stats.quiet_from_us = now_us;
  }
  // After every event of the quiet period: a cheap look first (stop at the first key
  // that differs, copy nothing); the full check, which lists divergent keys, once
  // they all agree. finish() lists them again in any case.
  if (!replicas_agree()) {
    stats.converged = false;
    return;
  }
  check_convergence();
  QC_ASSERT(stats.converged);
  const AntiEntropyStats now = anti_entropy_totals();
  stats.converged_at_us = now_us;
  stats.anti_entropy_messages_to_converge = now.messages_sent - quiet_baseline->messages_sent;
  stats.anti_entropy_bytes_to_converge = now.bytes_sent - quiet_baseline->bytes_sent;
}

bool Simulator::State::replicas_agree() {
  const std::uint32_t n = config.store.replication_factor;
  const Ring& ring = key_ring();
  for (const std::string& key : workload_keys) {
    const std::vector<NodeId>& walk = ring.walk(ring.range_of(key));  // the first N replicate it
    std::optional<Version> first;
    for (std::uint32_t i = 0; i < n; ++i) {
      const NodeSlot& slot = nodes[walk[i]];
      if (!slot.node) return false;
      std::optional<Version> held = slot.node->version_of(key);
      if (i == 0) first = std::move(held);
      else if (!(held == first)) return false;
    }
  }
  return true;
}

void Simulator::State::start_convergence_trace() {
  QC_ASSERT(stats.events_processed == 0);
  std::vector<std::string> keys(workload_keys.begin(),
                                workload_keys.begin() + static_cast<std::ptrdiff_t>(
                                                            std::min(workload_keys.size(), kConvergenceKeysMax)));
  std::vector<std::vector<NodeId>> replicas;
  for (const std::string& key : keys) replicas.push_back(key_ring().preference_list(key, config.store.replication_factor));
  convergence.emplace(std::move(keys), std::move(replicas), config.store.node_count);
}

std::vector<const StoreNode*> Simulator::State::running_nodes() const {
  std::vector<const StoreNode*> running;
  for (const NodeSlot& slot : nodes) running.push_back(slot.node.get());
  return running;
}

void Simulator::State::sample_convergence() {
  next_convergence_sample_us = (now_us / kConvergenceSampleUs + 1) * kConvergenceSampleUs;
  const std::vector<const StoreNode*> running = running_nodes();
  convergence->sample(now_us, anti_entropy_totals().bytes_sent,
                      [&running](const std::string& key, const std::vector<NodeId>& replicas) {
                        // A crashed replica is not compared: what it holds is unknown until it restarts.
                        return replicas_hold_alike(running, replicas, key, /*skip_down=*/true);
                      });
}

void Simulator::State::check_convergence() {
  stats.divergent_keys = divergent_keys(running_nodes(), workload_keys, config.store.replication_factor);
  stats.converged = stats.divergent_keys.empty();
}

bool replicas_hold_alike(const std::vector<const StoreNode*>& nodes, const std::vector<NodeId>& replicas,
                         const std::string& key, bool skip_down) {
  std::optional<std::optional<Version>> first;
  for (const NodeId replica : replicas) {
    const StoreNode* node = nodes[replica];
    if (node == nullptr) {
      if (skip_down) continue;
      return false;
    }
    const std::optional<Version> held = node->version_of(key);
    if (!first) first = held;
    else if (!(held == *first)) return false;
  }
  return true;
}

std::vector<std::string> divergent_keys(const std::vector<const StoreNode*>& nodes, const std::vector<std::string>& keys,
                                        std::uint32_t replication_factor) {
  std::vector<std::string> divergent;
  const StoreNode* any = nullptr;
  for (const StoreNode* node : nodes) any = any ? any : node;
  if (any == nullptr) return keys;
  const std::shared_ptr<const Ring> ring = cluster_ring(any->config().node_count, any->config().virtual_nodes_per_node);
  for (const std::string& key : keys) {
    if (!replicas_hold_alike(nodes, ring->preference_list(key, replication_factor), key, /*skip_down=*/false))
      divergent.push_back(key);
  }
  return divergent;
}

RunResult Simulator::State::finish() {
  QC_ASSERT(ended);  // run() first
  stats.end_time_us = now_us;
  stats.messages_by_class = network.counters();
  stats.messages_sent = 0;
  for (const ClassCounters& counters : stats.messages_by_class) stats.messages_sent += counters.sent;
  stats.messages_per_client_op =
      stats.ops_invoked == 0 ? 0.0
                             : static_cast<double>(stats.messages_sent) / stats.ops_invoked;
  const AntiEntropyStats totals = anti_entropy_totals();
  stats.anti_entropy_messages = totals.messages_sent;
  stats.anti_entropy_bytes = totals.bytes_sent;
  check_convergence();
  RunResult result;
  result.history = std::move(history);
  result.stats = stats;
  result.fault_impacts = faults.impacts;
  if (convergence) {
    sample_convergence();  // the state the run ended in
    result.divergence = convergence->take();
  }
  for (NodeSlot& slot : nodes) {
    result.final_nodes.emplace_back(std::move(slot.node));
    result.durable_logs.push_back(std::move(slot.durable));
  }
  return result;
}

}  // namespace qc
