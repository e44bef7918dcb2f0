#pragma once
// Faults a controller sets on a running node through its admin command (`QC.FAULT ...`
// over RESP), so that `quorumcheck cluster` can cut, slow, drop and skew real processes
// without root or iptables. They act where this node sends: a message to a cut peer is
// dropped, one on a lossy link dropped with the given probability, one on a slow link
// held before it is queued. The clock bump shifts the node's wall clock.
//
// Commands (the arguments after QC.FAULT; peers are node ids; no peers: every peer):
//   CUT p...          drop every message to these peers (replaces the cut set)
//   HEAL              no cut links
//   LOSS P [p...]     drop each message to these peers with probability P in [0, 1]
//   DELAY US [p...]   hold each message to these peers a time drawn uniformly from 0
//                     to 2*US microseconds (mean US; 0: none), so that messages on a
//                     slow link overtake one another as they do in the simulator
//   CLOCK-BUMP US     the wall clock jumps by US more (may be negative)
//   STROBE US PERIOD  the wall clock swings by +US and -US, switching every PERIOD
//                     microseconds of the node's steady clock (STROBE 0 0: no strobe)
//   CLEAR             no cut, loss, delay or strobe (a clock bump stays, as in the
//                     simulator)
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "common/prng.h"
#include "common/status.h"
#include "impl/config.h"

namespace qc {

class NodeFaults {
 public:
  NodeFaults(NodeId self, std::uint32_t node_count, std::uint64_t seed);

  // Applies one command; a usage error names what was wrong. On success, what is now in
  // force (for the node's log and the reply).
  Result<std::string> apply(const std::vector<std::string>& arguments);

  struct SendDecision {
    bool drop = false;
    std::int64_t delay_us = 0;
  };
  SendDecision on_send(NodeId to);
  bool is_cut(NodeId peer) const { return cut_.count(peer) > 0; }
  // The wall clock's offset at the node's steady time now_us (the strobe's phase).
  std::int64_t wall_offset_us(std::int64_t now_us) const;
  std::string describe() const;

 private:
  Result<std::set<NodeId>> peers(const std::vector<std::string>& arguments, std::size_t from) const;

  NodeId self_;
  std::uint32_t node_count_;
  Prng prng_;
  std::set<NodeId> cut_;
  std::set<NodeId> lossy_;
  double loss_probability_ = 0.0;
  std::set<NodeId> slow_;
  std::int64_t delay_us_ = 0;
  std::int64_t wall_offset_us_ = 0;
  std::int64_t strobe_us_ = 0, strobe_period_us_ = 0;
};

}  // namespace qc
