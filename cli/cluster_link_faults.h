#pragma once
// The network and clock faults of a `cluster` run, as the state each node should be in:
// which peers it must not send to (a partition's directed links are cut where they
// start), loss and delay on its outgoing links while a burst lasts, and its wall-clock
// offset. The runner brings each running node to its state with QC.FAULT commands
// (net/node_faults.h) after every event, and again after the node restarts or resumes,
// since a node that was down or stopped could not take them.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "faults/schedule.h"
#include "impl/config.h"

namespace qc {

class LinkFaultState {
 public:
  explicit LinkFaultState(std::uint32_t node_count);

  // partition, heal, clock_bump, clock_strobe, loss_burst and delay_burst change the state; other
  // kinds do nothing here. Returns the nodes whose state changed.
  std::set<NodeId> apply(const FaultEvent& event);
  // Bursts whose until_op is `op` end.
  std::set<NodeId> end_bursts_before(std::int64_t op);
  // The final heal: no cut links, no bursts; clock offsets stay.
  std::set<NodeId> final_heal();

  // The commands that bring a node whose clock is already shifted by applied_offset_us
  // to its state: CLEAR, then CUT / LOSS / DELAY as in force, then CLOCK-BUMP for the
  // difference.
  std::vector<std::vector<std::string>> commands_for(NodeId id, std::int64_t applied_offset_us) const;
  std::int64_t clock_offset_us(NodeId id) const { return nodes_[id].clock_offset_us; }

 private:
  struct Burst {
    std::set<NodeId> peers;
    double loss_probability = 0;
    std::int64_t delay_us = 0;
    std::int64_t strobe_us = 0, strobe_period_us = 0;
    std::int64_t until_op = 0;
  };
  struct NodeState {
    std::set<NodeId> cut;
    std::vector<Burst> loss, delay, strobe;  // the latest one applies
    std::int64_t clock_offset_us = 0;
  };
  std::set<NodeId> burst(const FaultEvent& event);
  std::vector<NodeState> nodes_;
};

}  // namespace qc
