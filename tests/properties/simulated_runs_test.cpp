// The property checkers on the simulator's histories, reproducing known results:
// partial quorums under a partition serve stale reads (PBS); ABD (R = W = 2 of N = 3,
// blocking read repair, writers that read first) keeps every property; LWW under clock
// skew loses acknowledged writes, seen in the converged final state.
#include <gtest/gtest.h>

#include "checker/lost_writes.h"
#include "checker/regular.h"
#include "checker/sessions.h"
#include "checker/staleness.h"
#include "impl/version.h"
#include "sim/simulator.h"

namespace qc {
namespace {

SimConfig three_nodes(std::uint64_t seed, std::uint32_t quorum) {
  SimConfig config;
  config.seed = seed;
  config.store.node_count = 3;
  config.store.replication_factor = 3;
  config.store.read_quorum = quorum;
  config.store.write_quorum = quorum;
  config.store.anti_entropy_interval_us = 100'000;
  config.workload.clients = 3;
  config.workload.ops = 150;
  config.workload.keys = 1;
  return config;
}

// Node 0 is cut off from op `from_op` until the final heal, after the last op.
FaultSchedule isolate_node_0(std::int64_t from_op) {
  FaultEvent cut;
  cut.at_op = from_op;
  cut.kind = FaultKind::partition;
  cut.shape = "isolate";
  cut.links = {{0, 1}, {1, 0}, {0, 2}, {2, 0}};
  return FaultSchedule{{cut}, 500'000};
}

std::vector<Operation> operations_of(const RunResult& run) {
  auto operations = pair_operations(run.history);
  EXPECT_TRUE(operations.is_ok());
  return operations.is_ok() ? operations.value() : std::vector<Operation>{};
}

// What the nodes hold at the end: per key, the LWW winner among the nodes' copies.
FinalState final_state(const RunResult& run, std::uint32_t keys) {
  FinalState state;
  for (std::uint32_t k = 0; k < keys; ++k) {
    std::optional<Version> winner;
    for (const auto& node : run.final_nodes) {
      auto version = node ? node->version_of(workload_key(k)) : std::nullopt;
      if (version && (!winner || lww_wins(*version, *winner))) winner = version;
    }
    state[workload_key(k)] = winner && !winner->tombstone ? std::optional<std::string>(winner->value) : std::nullopt;
  }
  return state;
}

TEST(SimulatedRuns, PartialQuorumsUnderPartitionServeStaleReads) {
  int runs_with_stale = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const RunResult run = run_simulation(three_nodes(seed, 1), isolate_node_0(25));
    const std::vector<Operation> operations = operations_of(run);
    const StalenessReport staleness = measure_staleness(operations);
    const RegularResult regular = check_regular(operations);
    std::size_t superseded = 0;
    for (const RegularViolation& v : regular.violations) superseded += v.kind == RegularViolationKind::superseded;
    // A read is stale (k > 0) exactly when the regular check finds it superseded.
    EXPECT_EQ(superseded, staleness.stale_reads) << "seed " << seed;
    for (const ReadStaleness& read : staleness.per_read) {
      if (read.k == 0) continue;
      ASSERT_TRUE(read.t_us.has_value());
      EXPECT_GE(*read.t_us, 0);
      EXPECT_GE(read.newest_superseder, 0);
    }
    if (staleness.stale_reads == 0) continue;
    ++runs_with_stale;
    EXPECT_GT(staleness.stale_fraction, 0.0);
    EXPECT_GT(staleness.k_histogram.rbegin()->first, 0u);
  }
  EXPECT_GE(runs_with_stale, 4);
}

TEST(SimulatedRuns, AbdWithoutFaultsKeepsEveryProperty) {
  std::size_t reads = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    SimConfig config = three_nodes(seed, 2);
    config.store.read_repair = ReadRepair::blocking;
    config.store.abd_writers = true;
    config.workload.mix = {3, 2, 1};  // deletes too
    config.workload.keys = 2;
    const RunResult run = run_simulation(config, FaultSchedule{});
    const std::vector<Operation> operations = operations_of(run);
    EXPECT_TRUE(check_regular(operations).regular()) << "seed " << seed;
    EXPECT_TRUE(check_sessions(operations).violations.empty()) << "seed " << seed;
    const StalenessReport staleness = measure_staleness(operations);
    EXPECT_EQ(staleness.stale_reads, 0u) << "seed " << seed;
    EXPECT_EQ(staleness.reads_unexplained, 0u) << "seed " << seed;
    ASSERT_TRUE(run.stats.converged) << "seed " << seed;
    const LostWritesResult lost = check_lost_writes(operations, final_state(run, config.workload.keys));
    EXPECT_TRUE(lost.none_lost()) << "seed " << seed << ": " << lost.lost.front().explanation;
    EXPECT_EQ(lost.keys_checked, 2u);
    reads += staleness.reads;
  }
  EXPECT_GT(reads, 10u * 50);  // mostly completed reads: not a vacuous pass
}

// One client writes through random coordinators (10 writes), then only reads. Node 0's
// clock runs 1 s ahead, so its writes out-stamp later writes coordinated elsewhere.
SimConfig skewed_writer(std::uint64_t seed) {
  SimConfig config = three_nodes(seed, 2);
  config.clocks.offset_us = {1'000'000, 0, 0};
  config.store.read_repair = ReadRepair::blocking;
  config.workload.clients = 1;
  config.workload.ops = 40;
  config.workload.mix = {0, 1, 0};
  config.workload.final_reads = 30;
  return config;
}

TEST(SimulatedRuns, LwwUnderClockSkewLosesAcknowledgedWritesInTheFinalState) {
  int runs_with_lost = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    SimConfig config = skewed_writer(seed);
    const RunResult skewed = run_simulation(config, FaultSchedule{});
    const LostWritesResult lost = check_lost_writes(operations_of(skewed), final_state(skewed, 1));
    if (!lost.none_lost()) ++runs_with_lost;
    config.clocks.offset_us = {};  // control: without skew the last write survives
    const RunResult calm = run_simulation(config, FaultSchedule{});
    EXPECT_TRUE(check_lost_writes(operations_of(calm), final_state(calm, 1)).none_lost()) << "seed " << seed;
  }
  EXPECT_GE(runs_with_lost, 4);
}

}  // namespace
}  // namespace qc
