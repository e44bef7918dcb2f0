// The episode generator (faults/episodes.h): every schedule is valid and falls within the
// workload's ops, episodes last max(4, 2 ops per client) up to ceil(30%) of the ops and
// start earlier when drawn too late, recoveries at the last op are left to the final heal,
// partitions and loss bursts never overlap their kind, stops never stop the last running
// node, a seed means one schedule, and the kinds come out as documented.
#include "faults/episodes.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <bit>
#include <string>
#include <utility>
#include <vector>

#include "faults/nemesis.h"
#include "faults/schedule_json.h"

namespace qc {
namespace {

const std::vector<std::string> kAllKinds = {"partition", "crash", "pause",
                                            "clock",     "loss",  "delay"};

rc::Gen<FaultEpisode> episode(std::uint32_t kind_count, std::uint32_t node_count) {
  return rc::gen::exec([=] {
    FaultEpisode drawn;
    drawn.kind_index = *rc::gen::inRange<std::uint32_t>(0, kind_count);
    drawn.start_permille = *rc::gen::inRange<std::uint32_t>(0, kPermilleEnd);
    drawn.length_permille = *rc::gen::inRange<std::uint32_t>(1, kPermilleEnd + 1);
    drawn.node_mask = *rc::gen::inRange<std::uint32_t>(1, node_mask_end(node_count));
    drawn.magnitude_permille = *rc::gen::inRange<std::uint32_t>(0, kPermilleEnd);
    drawn.variant = *rc::gen::arbitrary<bool>();
    return drawn;
  });
}

// Few ops as often as many, so that windows hit the workload's last op.
rc::Gen<std::uint64_t> ops_total() {
  return rc::gen::oneOf(rc::gen::inRange<std::uint64_t>(1, 20),
                        rc::gen::inRange<std::uint64_t>(1, 1'000'000));
}

// The shortest episode: four ops, and two per client.
std::int64_t shortest_episode(std::uint32_t clients) {
  return std::max<std::int64_t>(4, std::int64_t{2} * clients);
}

// The ops an episode covers (and where it starts): max(shortest, ceil(30% of the ops *
// length_permille)), from the drawn start or earlier, so that it fits within the ops.
std::int64_t episode_length(const FaultEpisode& drawn, std::uint64_t ops, std::uint32_t clients) {
  const auto all = static_cast<std::int64_t>(ops);
  return std::max<std::int64_t>(shortest_episode(clients),
                                (all * drawn.length_permille * 300 + 999'999) / 1'000'000);
}
std::int64_t episode_start(const FaultEpisode& drawn, std::uint64_t ops, std::uint32_t clients) {
  const auto all = static_cast<std::int64_t>(ops);
  const std::int64_t drawn_start = std::min<std::int64_t>(all * drawn.start_permille / 1000, all - 1);
  return std::max<std::int64_t>(0, std::min(drawn_start, all - episode_length(drawn, ops, clients)));
}

// Matches each heal to an open partition at an earlier op; returns the first heal
// without one, or "". (Restarts and resumes may name nodes whose stop was left out:
// those are no-ops, so they need no match.)
std::string unmatched_heal(const FaultSchedule& schedule) {
  std::vector<const FaultEvent*> open;
  for (const FaultEvent& event : schedule.events) {
    if (event.kind == FaultKind::partition) open.push_back(&event);
    if (event.kind != FaultKind::heal) continue;
    const auto match = std::ranges::find_if(
        open, [&](const FaultEvent* candidate) { return candidate->at_op < event.at_op; });
    if (match == open.end()) return "heal at op " + std::to_string(event.at_op);
    open.erase(match);
  }
  return "";
}

// The most partitions (or loss bursts) in force at once over the ops, with a recovery
// at op K ending its fault before a fault starting at op K.
int most_in_force(const FaultSchedule& schedule, FaultKind kind, std::uint64_t ops) {
  std::vector<std::pair<std::int64_t, int>> changes;  // (op, -1 ends / +1 starts)
  for (const FaultEvent& event : schedule.events) {
    if (event.kind != kind) continue;
    changes.emplace_back(event.at_op, +1);
    if (kind == FaultKind::loss_burst) changes.emplace_back(event.until_op, -1);
  }
  if (kind == FaultKind::partition)
    for (const FaultEvent& event : schedule.events)
      if (event.kind == FaultKind::heal) changes.emplace_back(event.at_op, -1);
  std::ranges::sort(changes);
  int in_force = 0;
  int most = 0;
  for (const auto& [op, change] : changes) {
    if (op >= static_cast<std::int64_t>(ops)) break;
    in_force += change;
    most = std::max(most, in_force);
  }
  return most;
}

// Applies the stops and starts in order: "" when every stop names nodes, none of them
// stopped already, and at no point are all node_count nodes stopped; else what broke.
std::string stops_keep_a_node_up(const FaultSchedule& schedule, int node_count) {
  std::vector<bool> stopped(static_cast<std::size_t>(node_count), false);
  for (const FaultEvent& event : schedule.events) {
    const std::string at = std::string(to_string(event.kind)) + " at op " + std::to_string(event.at_op);
    if (event.kind == FaultKind::crash || event.kind == FaultKind::pause) {
      if (event.nodes.empty()) return at + " stops no node";
      for (const int node : event.nodes) {
        if (stopped[node]) return at + " stops node " + std::to_string(node) + " again";
        stopped[node] = true;
      }
    }
    if (event.kind == FaultKind::restart || event.kind == FaultKind::resume)
      for (const int node : event.nodes) stopped[node] = false;
    if (std::ranges::count(stopped, true) > node_count - 1) return at + " stops every node";
  }
  return "";
}

RC_GTEST_PROP(Episodes, SchedulesAreValidWithinTheOpsAndRecoverAfterTheirFaults, ()) {
  std::vector<std::string> kinds;
  for (const std::string& kind : kAllKinds)
    if (*rc::gen::arbitrary<bool>()) kinds.push_back(kind);
  if (kinds.empty()) kinds.push_back(*rc::gen::elementOf(kAllKinds));
  const int node_count = *rc::gen::inRange(1, 10);
  const std::uint64_t ops = *ops_total();
  const auto clients = *rc::gen::inRange<std::uint32_t>(1, 5);
  const auto episodes = *rc::gen::container<std::vector<FaultEpisode>>(
      episode(static_cast<std::uint32_t>(kinds.size()), static_cast<std::uint32_t>(node_count)));
  const FaultSchedule schedule =
      schedule_from_episodes(episodes, kinds, node_count, ops, 777, clients);

  RC_ASSERT(validate(schedule, node_count).is_ok());
  RC_ASSERT(schedule.quiescence_us == 777);
  for (const FaultEvent& event : schedule.events) {
    RC_ASSERT(event.at_op < static_cast<std::int64_t>(ops));
    if (event.until_op != 0) RC_ASSERT(event.until_op <= static_cast<std::int64_t>(ops));
  }
  RC_ASSERT(unmatched_heal(schedule) == "");
  RC_ASSERT(most_in_force(schedule, FaultKind::partition, ops) <= 1);
  RC_ASSERT(most_in_force(schedule, FaultKind::loss_burst, ops) <= 1);
  // At any op, at most node_count - 1 nodes are stopped.
  RC_ASSERT(stops_keep_a_node_up(schedule, node_count) == "");
  auto parsed = parse_fault_schedule(fault_schedule_to_json(schedule), "episodes.json");
  RC_ASSERT(parsed.is_ok());
  RC_ASSERT(parsed.value() == schedule);
}

// One crash episode starts at its drawn start, or earlier when its length would not fit;
// its restart comes max(4, 2 ops per client) up to ceil(30%) of the ops later, or is left
// to the final heal when that falls at or after the last op.
RC_GTEST_PROP(Episodes, RecoveriesComeAfterTheEpisodeLengthOrAreLeftToTheFinalHeal, ()) {
  const std::uint64_t ops = *ops_total();
  const auto clients = *rc::gen::inRange<std::uint32_t>(1, 5);
  const FaultEpisode crash = *episode(1, 5);
  const FaultSchedule schedule = schedule_from_episodes({crash}, {"crash"}, 5, ops, 0, clients);
  const std::int64_t start = episode_start(crash, ops, clients);
  const std::int64_t length = episode_length(crash, ops, clients);
  RC_ASSERT(length >= shortest_episode(clients));
  RC_ASSERT(length <= std::max<std::int64_t>(shortest_episode(clients),
                                              static_cast<std::int64_t>((3 * ops + 9) / 10)));
  RC_ASSERT(!schedule.events.empty());
  RC_ASSERT(schedule.events[0].kind == FaultKind::crash);
  RC_ASSERT(schedule.events[0].at_op == start);
  if (start + length < static_cast<std::int64_t>(ops)) {
    RC_ASSERT(schedule.events.size() == 2u);
    RC_ASSERT(schedule.events[1].kind == FaultKind::restart);
    RC_ASSERT(schedule.events[1].at_op == start + length);
  } else {
    RC_ASSERT(schedule.events.size() == 1u);
    // Moved earlier, it ends exactly at the last op unless it outlasts the workload.
    RC_ASSERT(start == std::max<std::int64_t>(0, static_cast<std::int64_t>(ops) - length));
  }
}

FaultSchedule one_episode(const std::string& kind, std::uint32_t start, std::uint32_t length,
                          std::uint64_t ops, std::uint32_t clients = 1) {
  FaultEpisode single;
  single.start_permille = start;
  single.length_permille = length;
  return schedule_from_episodes({single}, {kind}, 3, ops, 0, clients);
}

TEST(Episodes, LengthsRunFromFourOpsAndTwoPerClientToThirtyPercentRoundedUp) {
  EXPECT_EQ(one_episode("crash", 0, 1000, 1000).events.at(1).at_op, 300);
  EXPECT_EQ(one_episode("crash", 0, 500, 1000).events.at(1).at_op, 150);
  EXPECT_EQ(one_episode("crash", 0, 1000, 1000, 4).events.at(1).at_op, 300);
  EXPECT_EQ(one_episode("crash", 0, 1000, 20).events.at(1).at_op, 6);
  EXPECT_EQ(one_episode("crash", 0, 1000, 17).events.at(1).at_op, 6);  // ceil(5.1)
  // ceil(2.1) = 3 ops is below the shortest episode: four ops.
  EXPECT_EQ(one_episode("pause", 0, 1000, 7).events.at(1).at_op, 4);
  EXPECT_EQ(one_episode("loss", 0, 1000, 7).events.at(0).until_op, 4);
  // The shortest: 0.3 ops rounds up to 1, but at least four ops and two per client.
  EXPECT_EQ(one_episode("crash", 0, 1, 1000).events.at(1).at_op, 4);
  EXPECT_EQ(one_episode("crash", 0, 1, 1000, 2).events.at(1).at_op, 4);
  EXPECT_EQ(one_episode("crash", 0, 1, 1000, 3).events.at(1).at_op, 6);
  EXPECT_EQ(one_episode("crash", 0, 1, 1000, 5).events.at(1).at_op, 10);
  EXPECT_EQ(one_episode("delay", 0, 1, 7).events.at(0).until_op, 4);
}

TEST(Episodes, LateEpisodesStartEarlierAndARecoveryAtTheLastOpIsLeftToTheFinalHeal) {
  // Ten ops: episodes last four ops (30% is 3). From op 5 one ends at op 9.
  const FaultSchedule before_end = one_episode("crash", 500, 1000, 10);
  ASSERT_EQ(before_end.events.size(), 2u);
  EXPECT_EQ(before_end.events[0].at_op, 5);
  EXPECT_EQ(before_end.events[1].kind, FaultKind::restart);
  EXPECT_EQ(before_end.events[1].at_op, 9);
  // From op 6 it ends at op 10, the end of the ops; drawn at op 7 or later it starts at
  // op 6 to cover its four ops. Either way its recovery is the final heal.
  for (const std::string kind : {"crash", "pause", "partition"})
    for (const std::uint32_t start : {600u, 700u, 999u}) {
      const FaultSchedule at_end = one_episode(kind, start, 1000, 10);
      ASSERT_EQ(at_end.events.size(), 1u) << kind << " " << start;
      EXPECT_EQ(at_end.events[0].at_op, 6) << kind << " " << start;
    }
  // Bursts and strobes cannot outlast the ops: they end at the final heal.
  EXPECT_EQ(one_episode("loss", 999, 1000, 10).events.at(0).at_op, 6);
  EXPECT_EQ(one_episode("loss", 999, 1000, 10).events.at(0).until_op, 10);
  // Longer than the workload: it starts at op 0 and the final heal ends it.
  EXPECT_EQ(one_episode("crash", 999, 1000, 1).events.size(), 1u);
  EXPECT_EQ(one_episode("crash", 999, 1000, 1).events[0].at_op, 0);
  EXPECT_EQ(one_episode("loss", 999, 1000, 3).events.at(0).at_op, 0);
  EXPECT_EQ(one_episode("loss", 999, 1000, 3).events.at(0).until_op, 3);
}

FaultSchedule drawn_schedule(std::uint64_t seed, const std::vector<std::string>& kinds,
                             std::uint32_t node_count, std::uint32_t count = 50) {
  Prng prng(seed);
  const auto episodes =
      draw_episodes(count, static_cast<std::uint32_t>(kinds.size()), node_count, prng);
  return schedule_from_episodes(episodes, kinds, static_cast<int>(node_count), 10'000, 0);
}

TEST(Episodes, ASeedMeansOneSchedule) {
  Prng first(42);
  Prng second(42);
  EXPECT_EQ(draw_episodes(20, 6, 5, first), draw_episodes(20, 6, 5, second));
  EXPECT_EQ(drawn_schedule(42, kAllKinds, 5), drawn_schedule(42, kAllKinds, 5));
  EXPECT_NE(drawn_schedule(42, kAllKinds, 5), drawn_schedule(43, kAllKinds, 5));
}

TEST(Episodes, ClockBumpsGoBothWaysWithinTheirRange) {
  int forward = 0;
  int backward = 0;
  for (const FaultEvent& event : drawn_schedule(7, {"clock"}, 5, 400).events) {
    if (event.kind != FaultKind::clock_bump) continue;
    EXPECT_GE(std::abs(event.clock_delta_us), 600);
    EXPECT_LE(std::abs(event.clock_delta_us), 300'000);
    ++(event.clock_delta_us > 0 ? forward : backward);
  }
  EXPECT_GT(forward, 20);
  EXPECT_GT(backward, 20);
}

// Every link between the masked nodes and the rest, both ways, sorted.
std::vector<Link> cut_by(std::uint32_t mask, int node_count) {
  std::vector<Link> links;
  for (int from = 0; from < node_count; ++from)
    for (int to = 0; to < node_count; ++to)
      if (from != to && ((mask >> from) & 1u) != ((mask >> to) & 1u)) links.emplace_back(from, to);
  return links;
}

TEST(Episodes, PartitionVariantsAreMajoritiesRingsFromFourNodesAndMaskCutsBelow) {
  for (std::uint32_t nodes = 2; nodes <= 9; ++nodes) {
    Prng prng(nodes);
    auto episodes = draw_episodes(40, 1, nodes, prng);
    for (FaultEpisode& drawn : episodes) {
      drawn.variant = true;
      // One episode at a time: overlapping partitions would be left out.
      const FaultSchedule schedule =
          schedule_from_episodes({drawn}, {"partition"}, static_cast<int>(nodes), 1000, 0);
      ASSERT_FALSE(schedule.events.empty()) << nodes << " nodes";
      const FaultEvent& cut = schedule.events[0];
      ASSERT_EQ(cut.kind, FaultKind::partition);
      EXPECT_FALSE(cut.links.empty());
      // Without a node order, nodes 0 and 1 are the busiest: every cut separates them.
      EXPECT_TRUE(std::ranges::binary_search(cut.links, Link{0, 1})) << nodes << " nodes";
      if (nodes >= 4) {
        EXPECT_EQ(cut.shape, "majorities-ring") << nodes << " nodes";
      } else if ((drawn.node_mask & 1u) != ((drawn.node_mask >> 1) & 1u)) {
        // The variant flag is ignored: the mask's nodes are cut from the rest.
        EXPECT_EQ(cut.shape, std::popcount(drawn.node_mask) == 1 ? "isolate" : "grudge")
            << nodes << " nodes, mask " << drawn.node_mask;
        EXPECT_EQ(cut.links, cut_by(drawn.node_mask, static_cast<int>(nodes)));
      }
    }
    // Together, the partitions never overlap.
    const FaultSchedule together =
        schedule_from_episodes(episodes, {"partition"}, static_cast<int>(nodes), 1000, 0);
    EXPECT_FALSE(together.events.empty());
    EXPECT_LE(most_in_force(together, FaultKind::partition, 1000), 1) << nodes << " nodes";
  }
}

// Cuts fall across the workload: every partition, and every loss or delay burst aimed
// at a mask's links, separates the two nodes the workload uses most (node_order's first
// two), whatever mask was drawn.
TEST(Episodes, EveryCutSeparatesTheTwoBusiestNodes) {
  const std::vector<int> node_order = {3, 1, 4, 0, 2};
  Prng prng(77);
  for (const std::string kind : {"partition", "loss", "delay"}) {
    for (FaultEpisode drawn : draw_episodes(200, 1, 5, prng)) {
      if (kind != "partition") drawn.variant = true;  // aimed at the mask's links
      const FaultSchedule schedule = schedule_from_episodes({drawn}, {kind}, 5, 100, 0, 1, node_order);
      ASSERT_FALSE(schedule.events.empty());
      const std::vector<Link>& links = schedule.events[0].links;
      EXPECT_TRUE(std::ranges::binary_search(links, Link{3, 1})) << kind << ", mask " << drawn.node_mask;
      EXPECT_TRUE(std::ranges::binary_search(links, Link{1, 3})) << kind << ", mask " << drawn.node_mask;
    }
  }
}

TEST(Episodes, OneNodeClustersGetNoPartitions) {
  const FaultSchedule schedule = drawn_schedule(3, kAllKinds, 1, 300);
  EXPECT_FALSE(schedule.events.empty());  // the other kinds still hit the one node
  for (const FaultEvent& event : schedule.events) {
    EXPECT_NE(event.kind, FaultKind::partition);
    EXPECT_NE(event.kind, FaultKind::heal);
  }
}

}  // namespace
}  // namespace qc
