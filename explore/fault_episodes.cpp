#include "explore/fault_episodes.h"

#include <algorithm>

#include "common/assert.h"

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

struct Window {
  std::int64_t start_us;
  std::int64_t end_us;  // > start_us, <= the final heal
};

Window window_of(const FaultEpisode& episode, std::int64_t window_us) {
  // Faults start before the last microsecond so that the recovery fits before the heal.
  const std::int64_t start_us = std::min(window_us * episode.start_permille / 1000, window_us - 2);
  const std::int64_t length_us = std::max<std::int64_t>(1, window_us * episode.length_permille / 1000);
  return Window{start_us, std::min(start_us + length_us, window_us - 1)};
}

FaultEvent event_at(std::int64_t at_us, FaultKind kind) {
  FaultEvent event;
  event.at_us = at_us;
  event.kind = kind;
  return event;
}

// A fault and the event that ends it (when the kind needs one); none for 1-node partitions.
std::vector<FaultEvent> episode_events(const FaultEpisode& episode, const std::string& kind,
                                       int node_count, std::int64_t window_us) {
  const Window window = window_of(episode, window_us);
  const std::vector<int> nodes = nodes_in(episode.node_mask, node_count);
  const std::int64_t magnitude = episode.magnitude_permille;  // 0 .. 999
  if (kind == "partition") {
    if (node_count < 2) return {};
    FaultEvent cut = event_at(window.start_us, FaultKind::partition);
    cut.shape = nodes.size() == 1 ? "isolate" : "grudge";
    cut.links = links_across(episode.node_mask, node_count);
    return {cut, event_at(window.end_us, FaultKind::heal)};
  }
  if (kind == "crash" || kind == "pause") {
    const bool crash = kind == "crash";
    FaultEvent stop = event_at(window.start_us, crash ? FaultKind::crash : FaultKind::pause);
    stop.nodes = nodes;
    if (crash) stop.lose_volatile = !episode.variant;
    FaultEvent go = event_at(window.end_us, crash ? FaultKind::restart : FaultKind::resume);
    go.nodes = nodes;
    return {stop, go};
  }
  const std::int64_t duration_us = window.end_us - window.start_us;
  if (kind == "clock") {
    FaultEvent skew = event_at(window.start_us, episode.variant ? FaultKind::clock_strobe : FaultKind::clock_bump);
    skew.nodes = nodes;
    skew.clock_delta_us = (magnitude + 1) * 300;  // 0.3 .. 300 ms, as the nemesis draws
    if (episode.variant) {
      skew.duration_us = duration_us;
      skew.period_us = std::max<std::int64_t>(1, duration_us / 10);
    }
    return {skew};
  }
  const bool loss = kind == "loss";
  QC_ASSERT(loss || kind == "delay");
  FaultEvent burst = event_at(window.start_us, loss ? FaultKind::loss_burst : FaultKind::delay_burst);
  burst.duration_us = duration_us;
  if (episode.variant) burst.links = links_across(episode.node_mask, node_count);
  if (loss) burst.loss_probability = 0.2 + 0.7 * static_cast<double>(magnitude) / 1000;
  else burst.extra_delay_us = (magnitude + 1) * 100;  // 0.1 .. 100 ms
  return {burst};
}

}  // namespace

rc::Gen<FaultEpisode> fault_episode_generator(std::uint32_t kind_count, std::uint32_t node_count) {
  QC_ASSERT(kind_count > 0 && node_count >= 1 && node_count <= 31);
  // Drawn uniformly whatever the case's size (rc's inRange would otherwise draw only the
  // first kind and node 0 in small cases); shrinking still moves each field toward its low end.
  const auto uniform = [](std::uint32_t low, std::uint32_t end) {
    return rc::gen::resize(100, rc::gen::inRange<std::uint32_t>(low, end));
  };
  // Masks in [1, 2^M - 1): at least one node hit, never all of them.
  const std::uint32_t mask_end = std::max<std::uint32_t>(2, (1u << node_count) - 1);
  return rc::gen::apply(
      [](std::uint32_t kind, std::uint32_t start, std::uint32_t length, std::uint32_t mask,
         std::uint32_t magnitude, bool variant) {
        return FaultEpisode{kind, start, length, mask, magnitude, variant};
      },
      uniform(0, kind_count), uniform(0, 1000), uniform(1, 1000), uniform(1, mask_end), uniform(0, 1000),
      rc::gen::resize(100, rc::gen::arbitrary<bool>()));
}

FaultSchedule schedule_from_episodes(const std::vector<FaultEpisode>& episodes,
                                     const std::vector<std::string>& kinds, int node_count,
                                     std::int64_t window_us, std::int64_t quiescence_us) {
  QC_ASSERT(window_us >= 2);
  FaultSchedule schedule;
  schedule.final_heal_us = window_us;
  schedule.quiescence_us = quiescence_us;
  for (const FaultEpisode& episode : episodes) {
    QC_ASSERT(episode.kind_index < kinds.size());
    for (FaultEvent& event : episode_events(episode, kinds[episode.kind_index], node_count, window_us))
      schedule.events.push_back(std::move(event));
  }
  std::stable_sort(schedule.events.begin(), schedule.events.end(),
                   [](const FaultEvent& a, const FaultEvent& b) { return a.at_us < b.at_us; });
  return schedule;
}

}  // namespace qc
