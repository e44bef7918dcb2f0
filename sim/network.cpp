#include "sim/network.h"

#include <algorithm>

#include "faults/burst_delay.h"

namespace qc {

SimNetwork::SimNetwork(const NetworkConfig& config, std::uint32_t node_count)
    : config_(config), node_count_(node_count), cut_(node_count * node_count, false) {}

std::int64_t SimNetwork::draw_copy_delay_us(MessageClass c, Prng& prng) const {
  std::int64_t delay_us = sample_us(config_.latency_by_class[class_index(c)], prng);
  // Reordering is an extra delay on some messages, so later ones overtake them.
  if (config_.reorder_probability > 0 && prng.chance(config_.reorder_probability))
    delay_us += sample_us(config_.reorder_delay, prng);
  return delay_us;
}

Transit SimNetwork::send(NodeId from, NodeId to, MessageClass c, Prng& prng) {
  QC_ASSERT((from < node_count_ || is_client_router(from)) &&
            (to < node_count_ || is_client_router(to)) && from != to);
  ClassCounters& counters = counters_[class_index(c)];
  ++counters.sent;
  Transit transit;
  bool lost = is_cut(from, to) ||
              (config_.loss_probability > 0 && prng.chance(config_.loss_probability));
  std::int64_t burst_delay_us = 0;  // the mean extra delay of the bursts that hit this link
  for (const Burst& burst : bursts_) {
    if (!is_cluster_link(from, to) || !burst.hits[from * node_count_ + to]) continue;
    if (burst.loss_probability > 0 && prng.chance(burst.loss_probability) && !lost) {
      lost = true;
      transit.lost_by_event = burst.event_index;
    }
    if (burst.extra_delay_us > 0 && !transit.delayed_by_event) transit.delayed_by_event = burst.event_index;
    burst_delay_us += burst.extra_delay_us;
  }
  if (lost) {
    ++counters.dropped;
    return transit;
  }
  transit.copies = 1;
  transit.delay_us[0] = draw_copy_delay_us(c, prng) + draw_burst_delay_us(burst_delay_us, prng);
  if (config_.duplicate_probability > 0 && prng.chance(config_.duplicate_probability)) {
    transit.copies = 2;
    transit.delay_us[1] = draw_copy_delay_us(c, prng) + draw_burst_delay_us(burst_delay_us, prng);
    ++counters.duplicated;
  }
  return transit;
}

void SimNetwork::set_partition(const std::vector<Link>& links) {
  heal_partition();
  for (const auto& [from, to] : links) {
    QC_ASSERT(from >= 0 && to >= 0 && static_cast<std::uint32_t>(from) < node_count_ &&
              static_cast<std::uint32_t>(to) < node_count_);
    cut_[static_cast<std::size_t>(from) * node_count_ + static_cast<std::size_t>(to)] = true;
  }
}

void SimNetwork::heal_partition() { std::fill(cut_.begin(), cut_.end(), false); }

void SimNetwork::add_burst(const FaultEvent& event, std::uint32_t event_index) {
  Burst burst;
  burst.event_index = event_index;
  burst.hits.assign(node_count_ * node_count_, event.links.empty());
  for (const auto& [from, to] : event.links) {
    QC_ASSERT(from >= 0 && to >= 0 && static_cast<std::uint32_t>(from) < node_count_ &&
              static_cast<std::uint32_t>(to) < node_count_);
    burst.hits[static_cast<std::size_t>(from) * node_count_ + static_cast<std::size_t>(to)] = true;
  }
  if (event.kind == FaultKind::loss_burst) burst.loss_probability = event.loss_probability;
  if (event.kind == FaultKind::delay_burst) burst.extra_delay_us = event.extra_delay_us;
  bursts_.push_back(std::move(burst));
}

void SimNetwork::end_burst(std::uint32_t event_index) {
  std::erase_if(bursts_, [&](const Burst& b) { return b.event_index == event_index; });
}

}  // namespace qc
