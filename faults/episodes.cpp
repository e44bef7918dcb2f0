#include "faults/episodes.h"

#include <algorithm>
#include <map>

#include "common/assert.h"
#include "faults/nemesis.h"

namespace qc {
namespace {

std::vector<int> nodes_in(std::uint32_t mask, int node_count) {
  std::vector<int> nodes;
  for (int node = 0; node < node_count; ++node)
    if (mask & (1u << node)) nodes.push_back(node);
  return nodes;
}

// Every link between the masked nodes and the rest, both ways, sorted.
std::vector<Link> links_across(std::uint32_t mask, int node_count) {
  std::vector<Link> links;
  for (int from = 0; from < node_count; ++from)
    for (int to = 0; to < node_count; ++to)
      if (from != to && ((mask >> from) & 1u) != ((mask >> to) & 1u)) links.emplace_back(from, to);
  return links;
}

// The ops an episode covers: [start_op, end_op), start_op < ops_total; end_op may be
// ops_total or beyond it, in which case the final heal ends the fault.
struct OpWindow {
  std::int64_t start_op;
  std::int64_t end_op;
};

// An episode lasts up to kLongestShare of the workload: long enough to hit many ops,
// short enough that episodes seldom pile up (six crashes in force at once leave little
// for the other faults to touch) and that most end while the clients still run.
constexpr std::int64_t kLongestSharePermille = 300;

// The fewest ops an episode covers: with c clients, ops K .. K+c-1 may all be in flight
// when op K starts, so a shorter fault could end before any of their messages met it.
std::int64_t shortest_episode_ops(std::uint32_t clients) { return std::max<std::int64_t>(4, 2 * std::int64_t{clients}); }

// Starts late in the workload move earlier, so that the episode still covers its length
// (or the whole workload, when it is shorter).
OpWindow window_of(const FaultEpisode& episode, std::uint64_t ops_total, std::uint32_t clients) {
  const auto ops = static_cast<std::int64_t>(ops_total);
  const std::int64_t scale = std::int64_t{kPermilleEnd} * kPermilleEnd;  // two per-mille factors
  const std::int64_t length = std::max<std::int64_t>(
      shortest_episode_ops(clients), (ops * episode.length_permille * kLongestSharePermille + scale - 1) / scale);
  const std::int64_t drawn_start = std::min<std::int64_t>(ops * episode.start_permille / kPermilleEnd, ops - 1);
  const std::int64_t start_op = std::max<std::int64_t>(0, std::min(drawn_start, ops - length));
  return OpWindow{start_op, start_op + length};
}

// The mask with bit i moved to bit order[i].
std::uint32_t reorder(std::uint32_t mask, const std::vector<int>& order) {
  if (order.empty()) return mask;
  std::uint32_t moved = 0;
  for (std::size_t i = 0; i < order.size(); ++i)
    if (mask & (1u << i)) moved |= 1u << order[i];
  return moved;
}

FaultEvent event_at(std::int64_t at_op, FaultKind kind) {
  FaultEvent event;
  event.at_op = at_op;
  event.kind = kind;
  return event;
}

struct Placement {
  OpWindow window;
  std::int64_t ops_total;
  bool recovers_before_end() const { return window.end_op < ops_total; }
  std::int64_t until_op() const { return std::min(window.end_op, ops_total); }
};

// The two nodes the workload uses most (node_order's first two; nodes 0 and 1 without
// an order): every cut that faults draw separates them, so that it falls across the
// workload's messages instead of between nodes its ops never use.
struct BusiestNodes {
  int first = 0;
  int second = 1;
};

BusiestNodes busiest_nodes(const std::vector<int>& node_order) {
  if (node_order.size() < 2) return {};
  return {node_order[0], node_order[1]};
}

// A mask whose bits 0 and 1 differ (flipping bit 1 when they agree), so the nodes they
// name end on opposite sides of the cut. Never all nodes: it clears bit 1 or leaves
// bit 0 clear.
std::uint32_t split_first_two(std::uint32_t mask, int node_count) {
  if (node_count < 2) return mask;
  return (mask & 1u) == ((mask >> 1) & 1u) ? mask ^ 2u : mask;
}

std::vector<FaultEvent> partition_events(const FaultEpisode& episode, int node_count, const Placement& at,
                                         BusiestNodes busiest) {
  if (node_count < 2) return {};
  FaultEvent cut = event_at(at.window.start_op, FaultKind::partition);
  if (episode.variant && node_count >= 4) {
    Prng shape_prng(episode.magnitude_permille);
    cut.shape = "majorities-ring";
    cut.links = majorities_ring_apart(busiest.first, busiest.second, node_count, shape_prng);
  } else {
    cut.shape = nodes_in(episode.node_mask, node_count).size() == 1 ? "isolate" : "grudge";
    cut.links = links_across(episode.node_mask, node_count);
  }
  if (cut.links.empty()) return {};
  if (!at.recovers_before_end()) return {cut};
  return {cut, event_at(at.window.end_op, FaultKind::heal)};
}

std::vector<FaultEvent> stop_events(const FaultEpisode& episode, bool crash, int node_count, const Placement& at) {
  FaultEvent stop = event_at(at.window.start_op, crash ? FaultKind::crash : FaultKind::pause);
  stop.nodes = nodes_in(episode.node_mask, node_count);
  if (crash) stop.lose_volatile = !episode.variant;
  if (!at.recovers_before_end()) return {stop};
  FaultEvent go = event_at(at.window.end_op, crash ? FaultKind::restart : FaultKind::resume);
  go.nodes = stop.nodes;
  return {stop, go};
}

std::vector<FaultEvent> clock_events(const FaultEpisode& episode, int node_count, const Placement& at) {
  const std::int64_t magnitude = episode.magnitude_permille;
  FaultEvent skew = event_at(at.window.start_op, episode.variant ? FaultKind::clock_strobe : FaultKind::clock_bump);
  skew.nodes = nodes_in(episode.node_mask, node_count);
  const std::int64_t size_us = (magnitude / 2 + 1) * 600;  // 0.6 .. 300 ms
  if (!episode.variant) {
    skew.clock_delta_us = magnitude % 2 == 1 ? -size_us : size_us;
    return {skew};
  }
  skew.clock_delta_us = size_us;
  skew.period_us = 1'000 * (1 + magnitude % 20);
  skew.until_op = at.until_op();
  return {skew};
}

std::vector<FaultEvent> burst_events(const FaultEpisode& episode, bool loss, int node_count, const Placement& at) {
  FaultEvent burst = event_at(at.window.start_op, loss ? FaultKind::loss_burst : FaultKind::delay_burst);
  burst.until_op = at.until_op();
  if (episode.variant && node_count >= 2) burst.links = links_across(episode.node_mask, node_count);
  const std::int64_t magnitude = episode.magnitude_permille;
  if (loss) burst.loss_probability = 0.4 + 0.5 * static_cast<double>(magnitude) / 1000;
  else burst.extra_delay_us = (magnitude + 1) * 100;  // 0.1 .. 100 ms
  return {burst};
}

std::vector<FaultEvent> episode_events(const FaultEpisode& episode, const std::string& kind, int node_count,
                                       std::uint64_t ops_total, std::uint32_t clients, BusiestNodes busiest) {
  const Placement at{window_of(episode, ops_total, clients), static_cast<std::int64_t>(ops_total)};
  if (kind == "partition") return partition_events(episode, node_count, at, busiest);
  if (kind == "crash" || kind == "pause") return stop_events(episode, kind == "crash", node_count, at);
  if (kind == "clock") return clock_events(episode, node_count, at);
  QC_ASSERT(kind == "loss" || kind == "delay");
  return burst_events(episode, kind == "loss", node_count, at);
}

// Overlapping crash and pause episodes could stop every node, and a cluster with no node
// up leaves the other faults nothing to touch: a stop event loses the nodes that would
// stop the last running one, or that are stopped already (and goes when none is left).
// Recoveries of nodes that did not stop are harmless no-ops.
void keep_one_node_up(FaultSchedule& schedule, int node_count) {
  std::vector<bool> stopped(static_cast<std::size_t>(node_count), false);
  std::vector<FaultEvent> kept;
  for (FaultEvent& event : schedule.events) {
    const bool stops = event.kind == FaultKind::crash || event.kind == FaultKind::pause;
    const bool starts = event.kind == FaultKind::restart || event.kind == FaultKind::resume;
    if (stops) {
      std::vector<int> nodes;
      for (const int node : event.nodes) {
        const auto up = std::count(stopped.begin(), stopped.end(), false);
        if (!stopped[node] && up > 1) {  // a node already stopped would stop again: nothing
          nodes.push_back(node);
          stopped[node] = true;
        }
      }
      event.nodes = std::move(nodes);
      if (event.nodes.empty()) continue;
    }
    if (starts)
      for (const int node : event.nodes) stopped[node] = false;
    kept.push_back(std::move(event));
  }
  schedule.events = std::move(kept);
}

}  // namespace

std::uint32_t node_mask_end(std::uint32_t node_count) {
  QC_ASSERT(node_count >= 1 && node_count <= 31);
  // Masks in [1, 2^M - 1): at least one node hit, never all of them (one node: itself).
  return std::max<std::uint32_t>(2, (1u << node_count) - 1);
}

std::vector<FaultEpisode> draw_episodes(std::uint32_t count, std::uint32_t kind_count,
                                        std::uint32_t node_count, Prng& prng) {
  QC_ASSERT(kind_count > 0);
  const auto uniform = [&prng](std::uint32_t low, std::uint32_t end) {
    return static_cast<std::uint32_t>(low + prng.below(end - low));
  };
  std::vector<FaultEpisode> episodes(count);
  for (FaultEpisode& episode : episodes) {
    episode.kind_index = uniform(0, kind_count);
    episode.start_permille = uniform(0, kPermilleEnd);
    episode.length_permille = uniform(1, kPermilleEnd + 1);
    episode.node_mask = uniform(1, node_mask_end(node_count));
    episode.magnitude_permille = uniform(0, kPermilleEnd);
    episode.variant = prng.chance(0.5);
  }
  return episodes;
}

FaultSchedule schedule_from_episodes(const std::vector<FaultEpisode>& episodes,
                                     const std::vector<std::string>& kinds, int node_count,
                                     std::uint64_t ops_total, std::int64_t quiescence_us,
                                     std::uint32_t clients, const std::vector<int>& node_order) {
  QC_ASSERT(ops_total >= 1 && clients >= 1);
  QC_ASSERT(node_order.empty() || node_order.size() == static_cast<std::size_t>(node_count));
  FaultSchedule schedule;
  schedule.quiescence_us = quiescence_us;
  // One partition and one loss burst at a time: a later partition replaces the one in
  // force, and a message lost to one burst cannot be lost to another.
  std::map<std::string, std::vector<OpWindow>> exclusive = {{"partition", {}}, {"loss", {}}};
  for (FaultEpisode episode : episodes) {
    QC_ASSERT(episode.kind_index < kinds.size());
    if (auto found = exclusive.find(kinds[episode.kind_index]); found != exclusive.end()) {
      const OpWindow window = window_of(episode, ops_total, clients);
      const bool overlaps = std::any_of(found->second.begin(), found->second.end(), [&](const OpWindow& other) {
        return window.start_op < other.end_op && other.start_op < window.end_op;
      });
      if (overlaps) continue;
      found->second.push_back(window);
    }
    const std::string& kind = kinds[episode.kind_index];
    const bool mask_is_a_cut = kind == "partition" || ((kind == "loss" || kind == "delay") && episode.variant);
    if (mask_is_a_cut) episode.node_mask = split_first_two(episode.node_mask, node_count);
    episode.node_mask = reorder(episode.node_mask, node_order);
    for (FaultEvent& event :
         episode_events(episode, kind, node_count, ops_total, clients, busiest_nodes(node_order)))
      schedule.events.push_back(std::move(event));
  }
  // At one op, recoveries first: a heal placed where another partition starts must end
  // the earlier one, not the new one.
  const auto order = [](const FaultEvent& e) {
    const bool recovery = e.kind == FaultKind::heal || e.kind == FaultKind::restart || e.kind == FaultKind::resume;
    return std::pair{e.at_op, recovery ? 0 : 1};
  };
  std::stable_sort(schedule.events.begin(), schedule.events.end(),
                   [&](const FaultEvent& a, const FaultEvent& b) { return order(a) < order(b); });
  keep_one_node_up(schedule, node_count);
  QC_ASSERT(validate(schedule, node_count).is_ok());
  return schedule;
}

}  // namespace qc
