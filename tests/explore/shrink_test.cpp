// Shrinking: greedy walks of rc shrinks reach small failing cases, and THE key result:
// a campaign finds the new-old inversion of strict quorums with async read repair and
// shrinks it to a handful of client ops.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "explore/bundle.h"
#include "explore/campaign.h"
#include "explore/claims.h"
#include "explore/latency_profiles.h"
#include "explore_helpers.h"
#include "histories/jsonl.h"

namespace qc {
namespace {

bool has_crash(const Case& c) {
  for (const FaultEvent& event : c.faults.events)
    if (event.kind == FaultKind::crash) return true;
  return false;
}

// Shrinking judges history-only properties on runs stopped once the history is final
// (run_case_for_history): those must give the full run's history, byte for byte, and the
// same verdicts, also when a run would be cut short by its virtual-time limit.
TEST(Shrinking, RunsStoppedOnceTheHistoryIsFinalKeepTheFullRunsHistory) {
  CaseSpace space = test::inversion_space();
  space.base.store.node_count = 5;
  space.nemesis = {"partition", "crash", "pause", "clock", "loss", "delay"};
  space.fault_episodes_max = 8;
  const auto generator = case_generator(space);
  int stopped_early = 0;
  for (std::uint64_t i = 0; i < 60; ++i) {
    Case c = generator(rc::Random(i + 1), static_cast<int>(10 + i % 90)).value();
    if (i % 10 == 9) c.config.virtual_time_us_max = 1'000'000;  // some are cut short
    const RunResult full = run_case(c);
    const RunResult early = run_case_for_history(c);
    ASSERT_EQ(to_jsonl(early.history), to_jsonl(full.history)) << "case " << i;
    EXPECT_EQ(early.stats.out_of_virtual_time, full.stats.out_of_virtual_time) << "case " << i;
    stopped_early += early.stats.end_time_us < full.stats.end_time_us;
    for (const Property& property : all_properties()) {
      if (property.needs_end_state) continue;
      EXPECT_EQ(property.check(c, early, CheckBudget{}).outcome, property.check(c, full, CheckBudget{}).outcome)
          << property.name << ", case " << i;
    }
  }
  EXPECT_GT(stopped_early, 40);  // the quiet period is skipped, not run
}

TEST(Shrinking, DropsFaultsAndOpsAndMovesFaultsEarlierAndOntoNodeZero) {
  CaseSpace space = test::inversion_space();
  space.base.store.node_count = 5;
  space.nemesis = {"partition", "crash", "clock"};
  space.fault_episodes_max = 8;
  const auto generator = case_generator(space);
  // The first drawn case with a crash among at least four fault episodes' events.
  std::uint64_t seed = 1;
  auto drawn = generator(rc::Random(seed), 100);
  while (!has_crash(drawn.value()) || drawn.value().faults.events.size() < 8) drawn = generator(rc::Random(++seed), 100);

  const ShrinkOutcome shrunk = shrink_greedily(drawn, has_crash, 10'000);
  const Case smallest = shrunk.smallest.value();
  ASSERT_GE(smallest.faults.events.size(), 1u);
  const FaultEvent& crash = smallest.faults.events[0];
  EXPECT_EQ(crash.kind, FaultKind::crash);
  EXPECT_EQ(crash.at_op, 0);
  // Node masks shrink toward the node that holds most of the workload's keys.
  EXPECT_EQ(crash.nodes, std::vector<int>{nodes_by_involvement(smallest.config.store, smallest.workload)[0]});
  EXPECT_EQ(smallest.config.workload.ops, 1u);
  // With one op the restart would come after the last op: the final heal does it.
  ASSERT_EQ(smallest.faults.events.size(), 1u);
  EXPECT_EQ(smallest.config.workload.clients, 1u);
  EXPECT_EQ(smallest.config.seed, drawn.value().config.seed);  // the seed never shrinks
  EXPECT_TRUE(validate(smallest.faults, 5).is_ok());
}

TEST(Shrinking, ARealFailureShrinksToASmallerCaseThatStillFails) {
  const auto generator = case_generator(test::inversion_space());
  const Property& linearizable = *find_property("linearizable").value();
  const auto fails = [&](const Case& c) {
    return linearizable.check(c, run_case(c), {}).outcome == PropertyOutcome::violated;
  };
  std::uint64_t seed = 1;
  auto drawn = generator(rc::Random(seed), 100);
  while (!fails(drawn.value()) || count_invoked_ops(run_case(drawn.value()).history) <= 8)
    drawn = generator(rc::Random(++seed), 100);
  const std::size_t ops_before = count_invoked_ops(run_case(drawn.value()).history);

  const ShrinkOutcome shrunk = shrink_greedily(drawn, fails, 400);
  EXPECT_GT(shrunk.runs, 0u);
  EXPECT_TRUE(fails(shrunk.smallest.value()));
  EXPECT_LT(count_invoked_ops(run_case(shrunk.smallest.value()).history), ops_before);
}

// Reads the bundle back and counts the client invocations in the history it holds.
std::size_t ops_in_bundle(const std::string& path) {
  auto bundle = read_bundle(path);
  EXPECT_TRUE(bundle.is_ok()) << bundle.status().message();
  auto history = parse_jsonl(bundle.value().history_jsonl, path);
  EXPECT_TRUE(history.is_ok());
  return count_invoked_ops(history.value());
}

TEST(Shrinking, FindsTheNewOldInversionAndShrinksItToAtMostSixOps) {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    CampaignOptions options;
    options.space = test::inversion_space();
    options.properties = {"linearizable", "convergence"};
    options.cases = 1000;
    options.seed = seed;
    options.out_dir = test::fresh_dir("inversion-" + std::to_string(seed));
    auto result = run_campaign(options);
    ASSERT_TRUE(result.is_ok()) << result.status().message();
    const PropertyResult& linearizable = result.value().properties[0];
    ASSERT_EQ(linearizable.status, ClaimStatus::refuted) << "seed " << seed;
    const Refutation& refutation = linearizable.refutations.at(0);
    EXPECT_LE(ops_in_bundle(refutation.bundle_path), 6u) << refutation.verdict.text;
    EXPECT_EQ(refutation.verdict.outcome, PropertyOutcome::violated);
    // Strict quorums do converge: the anomaly is ordering, not lost replicas.
    EXPECT_EQ(result.value().properties[1].status, ClaimStatus::holds);
  }
}

// The campaign `claims` runs for M=5 N=3 and this R, W, on its defaults (slow writes,
// partitions and crashes, up to 4 clients, 30 ops and 2 keys, 2000 cases, seed 1), with
// every history property, and with `ops` as the range of client ops per case.
CampaignResult claims_campaign(std::uint32_t r, std::uint32_t w, CountRange ops) {
  CampaignOptions options;
  options.space.base.store.node_count = 5;
  options.space.base.store.replication_factor = 3;
  options.space.base.store.read_quorum = r;
  options.space.base.store.write_quorum = w;
  options.space.base.store.read_repair = ReadRepair::async;
  options.space.base.network = latency_profile("slow-writes").value();
  options.space.nemesis = {"partition", "crash"};
  options.space.clients = {1, 4};
  options.space.ops = ops;
  options.space.keys = {1, 2};
  options.space.fault_episodes_max = 6;
  options.properties = claim_properties();
  options.cases = 2000;
  options.seed = 1;
  auto result = run_campaign(options);
  EXPECT_TRUE(result.is_ok()) << result.status().message();
  return result.value();
}

// Issue 7: with N=3, R=W=2 and async read repair, every refuted register property
// shrinks to at most 4 client ops, from failing cases of at least 10.
TEST(Shrinking, EveryRefutationOfMajorityQuorumsShrinksToFourOpsFromTenOrMore) {
  const CampaignResult result = claims_campaign(2, 2, {10, 30});
  std::set<std::string> refuted;
  for (const PropertyResult& property : result.properties) {
    if (property.status != ClaimStatus::refuted) continue;
    refuted.insert(property.property);
    const Refutation& refutation = property.refutations.at(0);
    std::cout << property.property << ": shrunk from " << refutation.ops_before_shrink << " to "
              << refutation.ops_after_shrink << " client ops in " << refutation.shrink_runs << " runs\n";
    EXPECT_GE(refutation.ops_before_shrink, 10u) << property.property;
    EXPECT_LE(refutation.ops_after_shrink, 4u) << property.property << ": " << refutation.verdict.text;
  }
  // A regular register, not an atomic one: these two break, the others hold.
  EXPECT_TRUE(refuted.contains("linearizable"));
  EXPECT_TRUE(refuted.contains("monotonic-reads"));
}

// Across the N=3 claims matrix (every R and W from 1 to 3), the median shrunk
// counterexample has at most 5 client ops.
TEST(Shrinking, TheMedianCounterexampleOfTheThreeReplicaMatrixHasAtMostFiveOps) {
  std::vector<std::size_t> sizes;
  for (std::uint32_t r = 1; r <= 3; ++r) {
    for (std::uint32_t w = 1; w <= 3; ++w) {
      for (const PropertyResult& property : claims_campaign(r, w, {1, 30}).properties) {
        if (property.status != ClaimStatus::refuted) continue;
        const Refutation& refutation = property.refutations.at(0);
        std::cout << "R=" << r << " W=" << w << " " << property.property << ": shrunk from "
                  << refutation.ops_before_shrink << " to " << refutation.ops_after_shrink << " client ops\n";
        sizes.push_back(refutation.ops_after_shrink);
      }
    }
  }
  ASSERT_GE(sizes.size(), 9u) << "partial quorums refute several properties each";
  std::ranges::sort(sizes);
  const double median = sizes.size() % 2 == 1 ? static_cast<double>(sizes[sizes.size() / 2])
                                              : (sizes[sizes.size() / 2 - 1] + sizes[sizes.size() / 2]) / 2.0;
  std::cout << "median of " << sizes.size() << " shrunk counterexamples: " << median << " client ops\n";
  EXPECT_LE(median, 5.0);
}

}  // namespace
}  // namespace qc
