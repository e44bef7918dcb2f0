// The quiet period after the final heal: when the replicas first agree, and what
// anti-entropy spent to get there; without anti-entropy or read repair they may never
// agree, and the run still ends.
#include <gtest/gtest.h>

#include "history_helpers.h"
#include "sim/simulator.h"

namespace qc {
namespace {

// Node 0 is cut off from op 0 while clients write, so its replicas miss writes until
// repaired after the final heal.
RunResult run_with_isolated_node(bool anti_entropy, ReadRepair read_repair, std::uint64_t seed) {
  SimConfig config = test::small_config(seed);
  config.workload.ops = 200;
  config.workload.mix = OperationMix{0, 1, 0};  // writes only: no read repair can help
  config.store.anti_entropy = anti_entropy;
  config.store.read_repair = read_repair;
  FaultSchedule schedule;
  FaultEvent cut;
  cut.kind = FaultKind::partition;
  for (int other = 1; other < 3; ++other) {
    cut.links.push_back({0, other});
    cut.links.push_back({other, 0});
  }
  schedule.events = {cut};
  schedule.quiescence_us = 5'000'000;
  return run_simulation(config, schedule);
}

TEST(Convergence, AntiEntropyConvergesAndReportsTheCost) {
  const RunResult result = run_with_isolated_node(true, ReadRepair::none, 31);
  ASSERT_TRUE(result.stats.converged);
  ASSERT_TRUE(result.stats.converged_at_us.has_value());
  EXPECT_GE(*result.stats.converged_at_us, result.stats.quiet_from_us);
  EXPECT_GT(*result.stats.converged_at_us, result.stats.quiet_from_us) << "node 0 missed writes";
  EXPECT_GT(result.stats.anti_entropy_messages_to_converge, 0u);
  EXPECT_GT(result.stats.anti_entropy_bytes_to_converge, 0u);
  EXPECT_LE(result.stats.anti_entropy_messages_to_converge, result.stats.anti_entropy_messages);
}

TEST(Convergence, WithoutAntiEntropyOrReadRepairItIsReportedNotAwaited) {
  const RunResult result = run_with_isolated_node(false, ReadRepair::none, 31);
  EXPECT_FALSE(result.stats.converged);
  EXPECT_FALSE(result.stats.converged_at_us.has_value());
  EXPECT_FALSE(result.stats.divergent_keys.empty());
  EXPECT_EQ(result.stats.anti_entropy_messages, 0u);
}

}  // namespace
}  // namespace qc
