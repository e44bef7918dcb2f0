// The issue's own scopes, each under a minute on one core (label long; README, "Model
// checking"): the new-old inversion at 2 clients x 2 ops, and ABD with blocking repair
// holding with a crash and a lost message; the leader-based store (sync, ReadIndex)
// holding linearizable with a writer and a reader at different nodes.
#include <gtest/gtest.h>

#include "modelcheck/explorer.h"

namespace qc {
namespace {

Scope scope_of(const std::string& workload) {
  Scope scope;
  scope.store.node_count = 3;
  scope.store.replication_factor = 3;
  scope.workload = parse_workload_text(workload).value();
  return scope;
}

ExploreResult run(const Scope& scope) {
  ExploreLimits limits;
  limits.seconds = 1200;
  return explore(scope, parse_property_list("linearizable").value(), limits, CheckBudget{});
}

TEST(ExploreIssueScopes, NewOldInversionAtTwoClientsByTwoOpsHasAShortestSchedule) {
  Scope scope = scope_of("c0: write k0, read k0; c1: read k0, read k0");
  scope.store.read_repair = ReadRepair::async;
  const ExploreResult result = run(scope);
  ASSERT_EQ(result.outcome, ExploreOutcome::refuted) << result.incomplete_reason;
  // Every schedule of fewer steps was explored; the search measured 20 on 2026-12-03.
  EXPECT_EQ(result.counterexample->steps.size(), 20u);
}

TEST(ExploreIssueScopes, AbdWithBlockingRepairHoldsWithACrashAndALostMessage) {
  Scope scope = scope_of("c0: write k0; c1: read k0");
  scope.store.read_repair = ReadRepair::blocking;
  scope.store.abd_writers = true;
  scope.faults.crashes = 1;
  scope.faults.losses = 1;
  const ExploreResult result = run(scope);
  EXPECT_EQ(result.outcome, ExploreOutcome::holds) << result.incomplete_reason;
}

// Out of reach before forgetting (INCOMPLETE after 600 s and 30 M states); 2.4 M states
// and under a minute of CPU with it (README, "Model checking").
TEST(ExploreIssueScopes, AbdWithBlockingRepairHoldsForFourOpsWithALostMessage) {
  Scope scope = scope_of("c0: write k0, read k0; c1: read k0, read k0");
  scope.store.read_repair = ReadRepair::blocking;
  scope.store.abd_writers = true;
  scope.faults.losses = 1;
  const ExploreResult result = run(scope);
  EXPECT_EQ(result.outcome, ExploreOutcome::holds) << result.incomplete_reason;
}

// Two clients at different nodes (the read forwarded to the leader, the write maybe
// too), one election timeout: about 2 M states, 15-30 s of CPU. With two election
// timeouts this scope does not finish in minutes (over 10 M states in 120 s).
TEST(ExploreLeaderScopes, SyncReadIndexHoldsWithAWriterAndAReaderAtDifferentNodes) {
  Scope scope = scope_of("c0: write k0; c1: read k0");
  scope.store.store = StoreKind::leader;
  scope.store.read_quorum = scope.store.write_quorum = 1;
  scope.coordinators = {0, 1};
  scope.periodic.elections = 1;
  ASSERT_TRUE(validate(scope).is_ok()) << validate(scope).message();
  const ExploreResult result = run(scope);
  EXPECT_EQ(result.outcome, ExploreOutcome::holds) << result.incomplete_reason;
  EXPECT_GT(result.figures.states, 1'000'000u);
}

}  // namespace
}  // namespace qc
