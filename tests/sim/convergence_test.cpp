// The quiet period after the final heal: when the replicas first agree, and what
// anti-entropy spent to get there; without anti-entropy or read repair they may never
// agree, and the run still ends.
#include <gtest/gtest.h>

#include "histories/jsonl.h"
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
  Simulator simulator(config, schedule);
  simulator.trace_convergence();
  simulator.run();
  return simulator.finish();
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

// The divergence trace (sim/convergence_trace.h): node 0 misses every write while cut
// off, so each key's replicas differ until the final heal; the span that ends then was
// ended by anti-entropy, with bytes spent, and without anti-entropy it never ends.
const DivergenceSpan& longest_span(const KeyDivergence& key) {
  const DivergenceSpan* longest = &key.spans.front();
  const auto length = [](const DivergenceSpan& span) { return span.end_us.value_or(INT64_MAX) - span.start_us; };
  for (const DivergenceSpan& span : key.spans)
    if (length(span) > length(*longest)) longest = &span;
  return *longest;
}

TEST(DivergenceTrace, NamesAntiEntropyAsWhatBroughtAnIsolatedReplicaBack) {
  const RunResult result = run_with_isolated_node(true, ReadRepair::none, 31);
  ASSERT_EQ(result.divergence.size(), 2u);  // both workload keys
  for (const KeyDivergence& key : result.divergence) {
    ASSERT_FALSE(key.spans.empty()) << key.key;
    EXPECT_EQ(key.replicas.size(), 3u);
    const DivergenceSpan& span = longest_span(key);
    ASSERT_TRUE(span.end_us.has_value()) << key.key;
    EXPECT_LE(span.start_us, result.stats.quiet_from_us) << key.key;  // diverged while cut off
    EXPECT_GE(*span.end_us, result.stats.quiet_from_us) << key.key;   // back only after the heal
    EXPECT_EQ(span.repaired_by, "anti-entropy") << key.key;
    EXPECT_GT(span.anti_entropy_bytes, 0u) << key.key;
    for (const DivergenceSpan& other : key.spans) EXPECT_LE(other.start_us, other.end_us.value_or(INT64_MAX));
  }
}

TEST(DivergenceTrace, IsOffUnlessAskedForAndOnlyWatches) {
  SimConfig config = test::small_config(5);
  config.workload.ops = 120;
  FaultSchedule schedule;
  schedule.events = {test::fault(30, FaultKind::crash, {1}), test::fault(60, FaultKind::restart, {1})};
  const RunResult plain = run_simulation(config, schedule);
  EXPECT_TRUE(plain.divergence.empty());
  Simulator traced(config, schedule);
  traced.trace_convergence();
  traced.run();
  const RunResult watched = traced.finish();
  EXPECT_FALSE(watched.divergence.empty());
  EXPECT_EQ(to_jsonl(watched.history), to_jsonl(plain.history));  // sampling changes nothing it watches
}

TEST(DivergenceTrace, WithoutRepairTheLastSpanNeverEnds) {
  const RunResult result = run_with_isolated_node(false, ReadRepair::none, 31);
  ASSERT_FALSE(result.divergence.empty());
  bool open_found = false;
  for (const KeyDivergence& key : result.divergence)
    open_found = open_found || (!key.spans.empty() && !key.spans.back().end_us.has_value());
  EXPECT_TRUE(open_found);
}

}  // namespace
}  // namespace qc
