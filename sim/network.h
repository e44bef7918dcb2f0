#pragma once
// The simulated network between nodes: per-class latencies (WARS), loss, duplication,
// reordering, partitions (cut directed links) and timed loss or delay bursts. It only
// decides the fate of each message; the Simulator queues the deliveries.
// Client routers (impl/config.h, is_client_router) are endpoints too: their messages
// take the class latencies and random loss, but partitions and bursts, which name links
// between the cluster's nodes, never touch them.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/prng.h"
#include "faults/schedule.h"
#include "sim/sim_config.h"

namespace qc {

struct ClassCounters {
  std::uint64_t sent = 0;        // handed to the network by a node
  std::uint64_t delivered = 0;   // given to the receiving node
  std::uint64_t dropped = 0;     // lost, cut by a partition, or to a crashed node
  std::uint64_t duplicated = 0;  // extra copies the network made
};

// The fate of one sent message: up to two copies, each with its own delay; and which
// fault event (a burst, by its index in the schedule) lost or delayed it, if any.
struct Transit {
  int copies = 0;  // 0: dropped
  std::array<std::int64_t, 2> delay_us = {0, 0};
  std::optional<std::uint32_t> lost_by_event;
  std::optional<std::uint32_t> delayed_by_event;
};

class SimNetwork {
 public:
  SimNetwork(const NetworkConfig& config, std::uint32_t node_count);

  // Draws, in a fixed order, whether the message is lost, its latency, a reorder delay
  // and a duplicate; counts it as sent (and dropped when no copy survives).
  Transit send(NodeId from, NodeId to, MessageClass message_class, Prng& prng);

  bool is_cut(NodeId from, NodeId to) const {
    return is_cluster_link(from, to) && cut_[from * node_count_ + to];
  }
  void set_partition(const std::vector<Link>& links);  // replaces the one in force
  void heal_partition();
  // A loss or delay burst, in force until end_burst(event_index) or end_bursts().
  void add_burst(const FaultEvent& burst, std::uint32_t event_index);
  void end_burst(std::uint32_t event_index);
  void end_bursts() { bursts_.clear(); }

  void count_delivered(MessageClass c) { ++counters_[class_index(c)].delivered; }
  void count_dropped(MessageClass c) { ++counters_[class_index(c)].dropped; }
  const std::array<ClassCounters, kMessageClassCount>& counters() const { return counters_; }

 private:
  struct Burst {
    std::uint32_t event_index = 0;
    std::vector<bool> hits;  // per directed link; all true when the event named none
    double loss_probability = 0;
    std::int64_t extra_delay_us = 0;
  };
  std::int64_t draw_copy_delay_us(MessageClass c, Prng& prng) const;
  bool is_cluster_link(NodeId from, NodeId to) const { return from < node_count_ && to < node_count_; }

  NetworkConfig config_;
  std::uint32_t node_count_;
  std::vector<bool> cut_;  // [from * node_count + to]
  std::vector<Burst> bursts_;
  std::array<ClassCounters, kMessageClassCount> counters_{};
};

}  // namespace qc
