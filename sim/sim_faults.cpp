// Applying the fault schedule: partitions, crashes and restarts, pauses, clock faults,
// bursts, the final heal; and the failure detector that tells nodes about peers.
#include "sim/sim_state.h"

namespace qc {
namespace {

NodeId as_node(int node, std::size_t node_count) {
  QC_ASSERT(node >= 0 && static_cast<std::size_t>(node) < node_count);
  return static_cast<NodeId>(node);
}

}  // namespace

void Simulator::State::apply_fault(const FaultEvent& fault) {
  const std::size_t count = nodes.size();
  switch (fault.kind) {
    case FaultKind::partition:
      network.set_partition(fault.links);
      recheck_peers_later();
      break;
    case FaultKind::heal:
      network.heal_partition();
      recheck_peers_later();
      break;
    case FaultKind::crash:
      for (const int node : fault.nodes) crash(as_node(node, count), fault.lose_volatile);
      recheck_peers_later();
      break;
    case FaultKind::restart:
      for (const int node : fault.nodes) restart(as_node(node, count));
      recheck_peers_later();
      break;
    case FaultKind::pause:
      for (const int node : fault.nodes) pause(as_node(node, count));
      break;
    case FaultKind::resume:
      for (const int node : fault.nodes) resume(as_node(node, count));
      break;
    case FaultKind::clock_bump:
      for (const int node : fault.nodes) clocks.bump(as_node(node, count), fault.clock_delta_us);
      break;
    case FaultKind::clock_strobe: clocks.start_strobe(fault, now_us); break;
    case FaultKind::loss_burst:
    case FaultKind::delay_burst: network.add_burst(fault, now_us); break;
  }
}

void Simulator::State::final_heal() {
  healed = true;
  network.heal_partition();
  network.end_bursts();
  clocks.end_strobes();  // bumps stay: a clock that jumped does not jump back by itself
  for (NodeId id = 0; id < nodes.size(); ++id) {
    if (!is_running(id)) restart(id);
    resume(id);
  }
  recheck_peers_later();
  if (clients_done_us) end_us = std::max(now_us, *clients_done_us) + schedule.quiescence_us;
}

void Simulator::State::crash(NodeId id, bool lose_volatile) {
  NodeSlot& slot = nodes[id];
  if (!slot.node) return;
  if (!lose_volatile) {
    // A clean shutdown: what the node acknowledged from memory reaches the disk first.
    Outputs flushed = slot.node->on_timer(clock_for(id), TimerId{TimerKind::flush, 0});
    for (DurableRecord& record : flushed.records) slot.durable.push_back(std::move(record));
  }
  const AntiEntropyStats& ae = slot.node->anti_entropy_stats();
  slot.earlier_incarnations.exchanges_started += ae.exchanges_started;
  slot.earlier_incarnations.messages_sent += ae.messages_sent;
  slot.earlier_incarnations.bytes_sent += ae.bytes_sent;
  slot.earlier_incarnations.versions_sent += ae.versions_sent;
  slot.node.reset();  // its timers die with the incarnation number
  slot.paused = false;
  for (const PendingEvent& input : slot.paused_inputs)
    if (input.kind == SimEventKind::deliver_message) {
      network.count_dropped(message_class(message_pool[input.slot].message));
      release_message(input.slot);
    }
  slot.paused_inputs.clear();
  ++stats.crashes;
  fail_requests_at(id);
}

void Simulator::State::restart(NodeId id) {
  NodeSlot& slot = nodes[id];
  if (slot.node) return;
  ++slot.incarnation;
  ++stats.restarts;
  slot.node.emplace(config.store, id);
  absorb(id, slot.node->restart(clock_for(id), slot.durable, slot.incarnation));
  // A restarted node presumes every peer up; repeat each "down" that still holds.
  slot.believed_up.assign(nodes.size(), true);
  for (NodeId peer = 0; peer < nodes.size(); ++peer) {
    if (peer == id || truly_up(id, peer) || !nodes[id].node) continue;
    nodes[id].believed_up[peer] = false;
    absorb(id, nodes[id].node->on_peer_status(clock_for(id), peer, false));
  }
}

void Simulator::State::resume(NodeId id) {
  NodeSlot& slot = nodes[id];
  if (!slot.paused) return;
  slot.paused = false;
  // What waited arrives now, in the order it arrived (new sequence numbers keep it).
  std::vector<PendingEvent> waiting = std::move(slot.paused_inputs);
  slot.paused_inputs.clear();
  for (PendingEvent input : waiting) {
    input.time_us = now_us;
    queue.push(input);
  }
}

bool Simulator::State::truly_up(NodeId observer, NodeId peer) const {
  return is_running(peer) && !network.is_cut(observer, peer) && !network.is_cut(peer, observer);
}

void Simulator::State::recheck_peers_later() {
  const std::int64_t at_us = now_us + config.failure_detection_us;
  for (NodeId observer = 0; observer < nodes.size(); ++observer)
    for (NodeId peer = 0; peer < nodes.size(); ++peer)
      if (observer != peer)
        queue.push(PendingEvent{at_us, 0, SimEventKind::peer_status, observer, peer, 0, 0, {}});
}

void Simulator::State::check_peer(const PendingEvent& event) {
  NodeSlot& slot = nodes[event.node];
  if (!slot.node) return;  // a restart tells it afresh
  const bool up = truly_up(event.node, event.from);
  if (slot.believed_up[event.from] == up) return;
  slot.believed_up[event.from] = up;
  absorb(event.node, slot.node->on_peer_status(clock_for(event.node), event.from, up));
}

}  // namespace qc
