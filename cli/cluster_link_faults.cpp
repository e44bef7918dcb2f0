#include "cli/cluster_link_faults.h"

#include <algorithm>

namespace qc {

LinkFaultState::LinkFaultState(std::uint32_t node_count) : nodes_(node_count) {}

std::set<NodeId> LinkFaultState::apply(const FaultEvent& event) {
  std::set<NodeId> changed;
  switch (event.kind) {
    case FaultKind::partition:  // replaces the partition in force
      for (NodeId id = 0; id < nodes_.size(); ++id) {
        std::set<NodeId> cut;
        for (const auto& [from, to] : event.links) {
          if (static_cast<NodeId>(from) == id) cut.insert(static_cast<NodeId>(to));
        }
        if (cut != nodes_[id].cut) changed.insert(id);
        nodes_[id].cut = std::move(cut);
      }
      return changed;
    case FaultKind::heal:  // every link restored, bursts end on their own
      for (NodeId id = 0; id < nodes_.size(); ++id) {
        if (!nodes_[id].cut.empty()) changed.insert(id);
        nodes_[id].cut.clear();
      }
      return changed;
    case FaultKind::clock_bump:
      for (const int node : event.nodes) {
        nodes_[static_cast<NodeId>(node)].clock_offset_us += event.clock_delta_us;
        changed.insert(static_cast<NodeId>(node));
      }
      return changed;
    case FaultKind::clock_strobe:
      for (const int node : event.nodes) {
        Burst strobe;
        strobe.strobe_us = event.clock_delta_us;
        strobe.strobe_period_us = event.period_us;
        strobe.until_op = event.until_op;
        nodes_[static_cast<NodeId>(node)].strobe.push_back(strobe);
        changed.insert(static_cast<NodeId>(node));
      }
      return changed;
    case FaultKind::loss_burst:
    case FaultKind::delay_burst: return burst(event);
    default: return changed;
  }
}

std::set<NodeId> LinkFaultState::burst(const FaultEvent& event) {
  std::set<NodeId> changed;
  for (NodeId id = 0; id < nodes_.size(); ++id) {
    Burst burst;
    burst.until_op = event.until_op;
    burst.loss_probability = event.loss_probability;
    burst.delay_us = event.extra_delay_us;
    for (NodeId peer = 0; peer < nodes_.size(); ++peer) {
      const bool hit = event.links.empty() || std::count(event.links.begin(), event.links.end(),
                                                          Link{static_cast<int>(id), static_cast<int>(peer)}) > 0;
      if (peer != id && hit) burst.peers.insert(peer);
    }
    if (burst.peers.empty()) continue;
    auto& bursts = event.kind == FaultKind::loss_burst ? nodes_[id].loss : nodes_[id].delay;
    bursts.push_back(std::move(burst));
    changed.insert(id);
  }
  return changed;
}

std::set<NodeId> LinkFaultState::end_bursts_before(std::int64_t op) {
  std::set<NodeId> changed;
  for (NodeId id = 0; id < nodes_.size(); ++id) {
    for (auto* bursts : {&nodes_[id].loss, &nodes_[id].delay, &nodes_[id].strobe}) {
      const auto ended = std::erase_if(*bursts, [op](const Burst& b) { return b.until_op == op; });
      if (ended > 0) changed.insert(id);
    }
  }
  return changed;
}

std::set<NodeId> LinkFaultState::final_heal() {
  std::set<NodeId> changed;
  for (NodeId id = 0; id < nodes_.size(); ++id) {
    NodeState& node = nodes_[id];
    if (!node.cut.empty() || !node.loss.empty() || !node.delay.empty() || !node.strobe.empty()) changed.insert(id);
    node.cut.clear();
    node.loss.clear();
    node.delay.clear();
    node.strobe.clear();
  }
  return changed;
}

std::vector<std::vector<std::string>> LinkFaultState::commands_for(NodeId id, std::int64_t applied_offset_us) const {
  const NodeState& node = nodes_[id];
  std::vector<std::vector<std::string>> commands = {{"CLEAR"}};
  const auto with_peers = [](std::vector<std::string> command, const std::set<NodeId>& peers) {
    for (const NodeId peer : peers) command.push_back(std::to_string(peer));
    return command;
  };
  if (!node.cut.empty()) commands.push_back(with_peers({"CUT"}, node.cut));
  if (!node.loss.empty())
    commands.push_back(with_peers({"LOSS", std::to_string(node.loss.back().loss_probability)}, node.loss.back().peers));
  if (!node.delay.empty())
    commands.push_back(with_peers({"DELAY", std::to_string(node.delay.back().delay_us)}, node.delay.back().peers));
  if (!node.strobe.empty())
    commands.push_back({"STROBE", std::to_string(node.strobe.back().strobe_us),
                        std::to_string(node.strobe.back().strobe_period_us)});
  if (node.clock_offset_us != applied_offset_us)
    commands.push_back({"CLOCK-BUMP", std::to_string(node.clock_offset_us - applied_offset_us)});
  return commands;
}

}  // namespace qc
