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

// Fires every event placed at or before this op number, and ends the strobes and bursts
// whose until_op has come; called just before the op is invoked.
void Simulator::State::apply_faults_due(std::uint64_t op_number) {
  const auto op = static_cast<std::int64_t>(op_number);
  for (std::size_t i = 0; i < faults.ending.size();) {
    const std::uint32_t index = faults.ending[i];
    if (schedule.events[index].until_op > op) {
      ++i;
      continue;
    }
    end_fault(index);
    faults.ending.erase(faults.ending.begin() + static_cast<std::ptrdiff_t>(i));
  }
  while (faults.next_event < schedule.events.size() && schedule.events[faults.next_event].at_op <= op)
    apply_fault(static_cast<std::uint32_t>(faults.next_event++));
}

void Simulator::State::apply_fault(std::uint32_t index) {
  const FaultEvent& fault = schedule.events[index];
  FaultImpact& impact = faults.impacts[index];
  impact.fired = true;
  impact.fired_at_us = now_us;
  const std::size_t count = nodes.size();
  switch (fault.kind) {
    case FaultKind::partition:
      network.set_partition(fault.links);
      faults.partition = index;
      recheck_peers_later();
      break;
    case FaultKind::heal:
      network.heal_partition();
      faults.partition.reset();
      recheck_peers_later();
      break;
    case FaultKind::crash:
      for (const int node : fault.nodes) {
        const NodeId id = as_node(node, count);
        if (!is_running(id)) continue;
        faults.crashed[id] = index;
        crash(id, fault.lose_volatile);
      }
      recheck_peers_later();
      break;
    case FaultKind::restart:
      for (const int node : fault.nodes) restart(as_node(node, count));
      recheck_peers_later();
      break;
    case FaultKind::pause:
      for (const int node : fault.nodes) {
        const NodeId id = as_node(node, count);
        pause(id);
        if (nodes[id].paused && !faults.paused[id]) faults.paused[id] = index;
      }
      break;
    case FaultKind::resume:
      for (const int node : fault.nodes) resume(as_node(node, count));
      break;
    case FaultKind::clock_bump:
      for (const int node : fault.nodes) {
        clocks.bump(as_node(node, count), fault.clock_delta_us);
        faults.clock[as_node(node, count)].push_back(index);
      }
      break;
    case FaultKind::clock_strobe:
      clocks.start_strobe(fault, index, now_us);
      for (const int node : fault.nodes) faults.clock[as_node(node, count)].push_back(index);
      faults.ending.push_back(index);
      break;
    case FaultKind::loss_burst:
    case FaultKind::delay_burst:
      network.add_burst(fault, index);
      faults.ending.push_back(index);
      break;
  }
}

// A strobe or burst reached its until_op.
void Simulator::State::end_fault(std::uint32_t index) {
  const FaultEvent& fault = schedule.events[index];
  if (fault.kind == FaultKind::clock_strobe) {
    clocks.end_strobe(index);
    for (std::vector<std::uint32_t>& events : faults.clock) std::erase(events, index);
  } else {
    network.end_burst(index);
  }
}

void Simulator::State::touch(std::optional<std::uint32_t> event, std::optional<OpRef> op) {
  if (!event || !op) return;
  if (faults.touched[*event].insert(*op).second) ++faults.impacts[*event].ops_touched;
}

// A write or delete handled by its coordinator while a clock fault skews that clock:
// the coordinator stamps versions with it.
void Simulator::State::note_clock_skew(NodeId node, OpRef op) {
  if (faults.clock[node].empty()) return;
  const ClientProcess& client = clients[op >> 32];
  if (!client.busy || client.op != op || client.coordinator != node) return;
  if (op_of(op).kind == WorkloadOpKind::read) return;
  for (const std::uint32_t event : faults.clock[node]) touch(event, op);
}

void Simulator::State::final_heal() {
  healed = true;
  network.heal_partition();
  network.end_bursts();
  clocks.end_strobes();  // bumps stay: a clock that jumped does not jump back by itself
  faults.partition.reset();
  faults.ending.clear();
  for (std::vector<std::uint32_t>& events : faults.clock)
    std::erase_if(events, [&](std::uint32_t e) { return schedule.events[e].kind == FaultKind::clock_strobe; });
  for (NodeId id = 0; id < nodes.size(); ++id) {
    if (!is_running(id)) restart(id);
    resume(id);
  }
  recheck_peers_later();
  end_us = now_us + schedule.quiescence_us;
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
  faults.paused[id].reset();
  for (const PendingEvent& input : slot.paused_inputs)
    if (input.kind == SimEventKind::deliver_message) {
      touch(faults.crashed[id], message_op[input.slot]);
      network.count_dropped(message_class(message_pool[input.slot].message));
      release_message(input.slot);
    }
  slot.paused_inputs.clear();
  ++stats.crashes;
  fail_requests_at(id);
}

// Each incarnation draws from its own stream (the leader-based store's election
// timeouts): impl/store_node.h's node_seed.
std::unique_ptr<StoreNode> Simulator::State::new_node(NodeId id) const {
  return make_store_node(config.store, id, node_seed(config.seed, id, nodes[id].incarnation));
}

void Simulator::State::restart(NodeId id) {
  NodeSlot& slot = nodes[id];
  if (slot.node) return;
  ++slot.incarnation;
  ++stats.restarts;
  slot.node = new_node(id);
  faults.crashed[id].reset();
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
  faults.paused[id].reset();
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
