// RandomStrategy and PctStrategy (sim/strategies.h): deterministic for a seed, within
// the enabled set, PCT runs the highest-priority actor and drops it at change points,
// and under the simulator both reorder events and still end with the same history for
// the same seed.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "histories/jsonl.h"
#include "history_helpers.h"
#include "sim/simulator.h"
#include "sim/strategies.h"

namespace qc {
namespace {

// One enabled event per actor: nodes 0..n-1, then the client side.
std::vector<EnabledEvent> one_event_per_actor(int nodes) {
  std::vector<EnabledEvent> enabled;
  for (int node = 0; node < nodes; ++node) {
    EnabledEvent event;
    event.sequence = static_cast<std::uint64_t>(node);
    event.kind = SimEventKind::deliver_message;
    event.node = static_cast<NodeId>(node);
    enabled.push_back(event);
  }
  EnabledEvent client;
  client.kind = SimEventKind::client_invoke;
  client.sequence = static_cast<std::uint64_t>(nodes);
  enabled.push_back(client);
  return enabled;
}

TEST(Strategies, RandomPicksWithinTheSetDeterministically) {
  const auto enabled = one_event_per_actor(4);
  RandomStrategy a(7, 1000), b(7, 1000), c(8, 1000);
  std::vector<std::size_t> picks_a, picks_b, picks_c;
  std::set<std::size_t> seen;
  for (int i = 0; i < 200; ++i) {
    picks_a.push_back(a.pick(enabled, 0));
    picks_b.push_back(b.pick(enabled, 0));
    picks_c.push_back(c.pick(enabled, 0));
    ASSERT_LT(picks_a.back(), enabled.size());
    seen.insert(picks_a.back());
  }
  EXPECT_EQ(picks_a, picks_b);
  EXPECT_NE(picks_a, picks_c);
  EXPECT_EQ(seen.size(), enabled.size());  // every position comes up in 200 picks
  EXPECT_EQ(a.window_us(), 1000);
}

TEST(Strategies, PctWithoutChangePointsAlwaysRunsTheSameActor) {
  const auto enabled = one_event_per_actor(4);
  PctStrategy pct(3, 1, 100, 0);
  EXPECT_TRUE(pct.change_points().empty());
  const std::size_t first = pct.pick(enabled, 0);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(pct.pick(enabled, 0), first);
  // Without its actor's event, the next-highest actor runs, again and again.
  auto without = enabled;
  without.erase(without.begin() + static_cast<std::ptrdiff_t>(first));
  const std::size_t second = pct.pick(without, 0);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(pct.pick(without, 0), second);
}

TEST(Strategies, PctDropsTheRunningActorAtEachChangePoint) {
  const auto enabled = one_event_per_actor(3);
  PctStrategy pct(11, 3, 20, 0);
  ASSERT_EQ(pct.change_points().size(), 2u);
  ASSERT_LT(pct.change_points().front(), 20u) << "seed 11 must put a change point inside the run";
  std::vector<std::int64_t> ran;
  for (std::uint64_t step = 1; step <= 20; ++step) ran.push_back(PctStrategy::actor_of(enabled[pct.pick(enabled, 0)]));
  // Between change points one actor runs; right after each one, another takes over
  // (two change points at the same step drop the same actor once, then again).
  const auto& points = pct.change_points();
  for (std::size_t i = 1; i < ran.size(); ++i) {
    const std::uint64_t step = i;  // ran[i - 1] is step i
    const bool changed_here = std::find(points.begin(), points.end(), step) != points.end();
    if (changed_here) {
      EXPECT_NE(ran[i], ran[i - 1]) << "step " << step;
    } else {
      EXPECT_EQ(ran[i], ran[i - 1]) << "step " << step;
    }
  }
  PctStrategy again(11, 3, 20, 0);
  for (std::uint64_t step = 1; step <= 20; ++step)
    EXPECT_EQ(PctStrategy::actor_of(enabled[again.pick(enabled, 0)]), ran[step - 1]);
}

std::string run_with(const SimConfig& config, Strategy* strategy) {
  Simulator simulator(config, FaultSchedule{}, strategy);
  simulator.run();
  return to_jsonl(simulator.finish().history);
}

TEST(Strategies, UnderTheSimulatorTheyReorderAndRepeat) {
  const SimConfig config = test::small_config(4);
  const std::string time_order = run_with(config, nullptr);
  RandomStrategy random(5, 2'000), random_again(5, 2'000);
  const std::string shuffled = run_with(config, &random);
  EXPECT_NE(shuffled, time_order);
  EXPECT_EQ(shuffled, run_with(config, &random_again));
  PctStrategy pct(5, 3, 2'000, 2'000), pct_again(5, 3, 2'000, 2'000);
  const std::string prioritized = run_with(config, &pct);
  EXPECT_NE(prioritized, time_order);
  EXPECT_EQ(prioritized, run_with(config, &pct_again));
  EXPECT_NE(prioritized.find("\"type\":\"ok\""), std::string::npos);
}

}  // namespace
}  // namespace qc
