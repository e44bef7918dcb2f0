#include <iostream>

#include <gtest/gtest.h>

#include "test_scopes.h"

namespace qc {
namespace {
using namespace qc::test;

// One node replicating everything, one client writing once: invoke (the node sends the
// write to itself), deliver that write (it stores it and acks itself), deliver the ack
// (the client's op completes). A chain: 4 states, 3 transitions, 1 complete execution.
TEST(ExploreCounts, OneWriteOnOneNodeIsAChainOfFourStates) {
  const ExploreResult result = run(scope_of(1, 1, 1, 1, "write k0"), "linearizable");
  EXPECT_EQ(result.outcome, ExploreOutcome::holds);
  EXPECT_EQ(result.figures.states, 4u);
  EXPECT_EQ(result.figures.transitions, 3u);
  EXPECT_EQ(result.figures.complete_executions, 1u);
  EXPECT_EQ(result.figures.max_depth, 3u);
}

// The same with a read after the write: three more steps of the same kind (invoke, the
// read request to itself, the response to itself): 7 states, 6 transitions.
TEST(ExploreCounts, WriteThenReadOnOneNodeIsAChainOfSevenStates) {
  const ExploreResult result = run(scope_of(1, 1, 1, 1, "write k0, read k0"), "linearizable");
  EXPECT_EQ(result.outcome, ExploreOutcome::holds);
  EXPECT_EQ(result.figures.states, 7u);
  EXPECT_EQ(result.figures.transitions, 6u);
  EXPECT_EQ(result.figures.complete_executions, 1u);
}

// One write on one node with one crash allowed, worked out by hand. Without a crash the
// chain s0..s3 above. A crash at s0 (client idle) gives C0, from which the invoke fails
// at once (C0': the op is done) or the node restarts (R0, then the chain's three steps:
// R0a, R0b, R0c). A crash at s1 or s2 (write outstanding) ends the op as info (C1, C2:
// they differ in the node's clock and durable log). A crash at s3 comes too late: the
// op is done there, and with only history properties asked an execution ends when its
// ops are done. On one node every two steps touch the same node, so nothing commutes
// and no state is reached twice: a tree of 4 + 2 + 4 + 2 = 12 states and 11
// transitions, whose complete states are s3, C0', R0c, C1 and C2: 5. Asking for
// convergence (an end-state property) keeps the executions going after the op: the
// crash at s3 (C3), and restarts from C0', C1, C2 and C3 (R0', R1, R2, R3) add 5 states
// and 5 transitions, and every leaf is then one of s3, C0', R0', R0c, C1, R1, C2, R2,
// C3, R3: 10.
TEST(ExploreCounts, OneWriteWithACrashIsATreeWorkedOutByHand) {
  Scope scope = scope_of(1, 1, 1, 1, "write k0");
  scope.faults.crashes = 1;
  ExploreLimits full, plain;
  full.collect_histories = plain.collect_histories = true;
  plain.state_caching = false;
  plain.sleep_sets = false;
  for (const ExploreLimits& limits : {full, plain}) {
    const ExploreResult history_only = run(scope, "linearizable", limits);
    EXPECT_EQ(history_only.outcome, ExploreOutcome::holds);
    EXPECT_EQ(history_only.figures.states, 12u);
    EXPECT_EQ(history_only.figures.transitions, 11u);
    EXPECT_EQ(history_only.figures.complete_executions, 5u);
    EXPECT_EQ(history_only.figures.revisits, 0u);
    const ExploreResult end_state = run(scope, "linearizable,convergence", limits);
    EXPECT_EQ(end_state.outcome, ExploreOutcome::holds);
    EXPECT_EQ(end_state.figures.states, 17u);
    EXPECT_EQ(end_state.figures.transitions, 16u);
    EXPECT_EQ(end_state.figures.complete_executions, 10u);
  }
}

std::vector<NamedScope> reduction_cases() {
  std::vector<NamedScope> cases;
  Scope inversion = scope_of(3, 3, 2, 2, "c0: write k0; c1: read k0");
  inversion.store.read_repair = ReadRepair::async;
  cases.push_back({"write_and_read", inversion, "linearizable,regular"});
  Scope crash = scope_of(2, 2, 1, 1, "c0: write k0; c1: read k0");
  crash.faults.crashes = 1;
  cases.push_back({"crash", crash, "linearizable,no-lost-writes"});
  Scope loss = scope_of(2, 2, 2, 2, "c0: write k0; c1: read k0");
  loss.faults.losses = 1;
  loss.faults.timeouts = true;
  cases.push_back({"loss_and_timeouts", loss, "linearizable,convergence"});
  return cases;
}

// Soundness of the reductions: with sleep sets and state hashing, with hashing alone,
// and expanding every path, the same complete histories and the same verdicts.
TEST(ExploreReduction, SameHistoriesAndVerdictsWithAndWithoutReduction) {
  for (const NamedScope& c : reduction_cases()) {
    ExploreLimits both, hashing, none;
    both.collect_histories = hashing.collect_histories = none.collect_histories = true;
    hashing.sleep_sets = false;
    none.sleep_sets = false;
    none.state_caching = false;
    const ExploreResult a = run(c.scope, c.properties, both);
    const ExploreResult b = run(c.scope, c.properties, hashing);
    ASSERT_NE(a.outcome, ExploreOutcome::incomplete) << c.name << ": " << a.incomplete_reason;
    ASSERT_NE(b.outcome, ExploreOutcome::incomplete) << c.name << ": " << b.incomplete_reason;
    EXPECT_EQ(a.histories, b.histories) << c.name;
    EXPECT_EQ(a.outcome, b.outcome) << c.name;
    EXPECT_LE(a.figures.transitions, b.figures.transitions) << c.name;
    if (a.counterexample) {
      EXPECT_EQ(a.counterexample->steps.size(), b.counterexample->steps.size()) << c.name;
    }
    none.states_max = 400'000;
    const ExploreResult d = run(c.scope, c.properties, none);
    if (d.outcome == ExploreOutcome::incomplete) continue;  // too many paths to expand them all
    EXPECT_EQ(a.histories, d.histories) << c.name;
    EXPECT_EQ(a.outcome, d.outcome) << c.name;
    if (a.counterexample) {
      EXPECT_EQ(a.counterexample->steps.size(), d.counterexample->steps.size()) << c.name;
    }
  }
}

// Without a violation to stop at, the verdict sets agree too (every history judged).
TEST(ExploreReduction, SameVerdictSetsWhenTheSearchRunsToTheEnd) {
  Scope scope = abd_scope("c0: write k0; c1: read k0");
  ExploreLimits both, hashing;
  both.collect_histories = hashing.collect_histories = true;
  hashing.sleep_sets = false;
  const ExploreResult a = run(scope, "linearizable,regular", both);
  const ExploreResult b = run(scope, "linearizable,regular", hashing);
  EXPECT_EQ(a.outcome, ExploreOutcome::holds);
  EXPECT_EQ(a.verdicts, b.verdicts);
  EXPECT_EQ(a.histories, b.histories);
  EXPECT_LT(a.figures.transitions, b.figures.transitions);  // sleep sets did prune
}

// DESIGN.md's known result, exhaustively: R = W = 2 of N = 3 with async read repair
// shows a new-old inversion (a read sees the new value, a later read the old one, while
// the write is still going on). The 2 x 2 scope is in modelcheck_long_tests;
// this one has a read fewer.
TEST(ExploreKnownResults, NewOldInversionIsRefutedByTheShortestSchedule) {
  Scope scope = scope_of(3, 3, 2, 2, "c0: write k0; c1: read k0, read k0");
  scope.store.read_repair = ReadRepair::async;
  const ExploreResult result = run(scope, "linearizable");
  ASSERT_EQ(result.outcome, ExploreOutcome::refuted) << result.incomplete_reason;
  ASSERT_TRUE(result.counterexample);
  const Counterexample& example = *result.counterexample;
  EXPECT_EQ(example.property, "linearizable");
  EXPECT_EQ(example.steps.size(), example.descriptions.size());
  // The shortest: a search without sleep sets finds none shorter either.
  ExploreLimits hashing_only;
  hashing_only.sleep_sets = false;
  const ExploreResult check = run(scope, "linearizable", hashing_only);
  ASSERT_TRUE(check.counterexample);
  EXPECT_EQ(check.counterexample->steps.size(), example.steps.size());
  // Blocking read repair (a read writes back what it returns before answering) closes it.
  scope.store.read_repair = ReadRepair::blocking;
  EXPECT_EQ(run(scope, "linearizable").outcome, ExploreOutcome::holds);
}

TEST(ExploreKnownResults, AbdWithBlockingRepairHoldsExhaustivelyWithALostMessage) {
  Scope scope = abd_scope("c0: write k0; c1: read k0");
  scope.faults.losses = 1;
  ExploreLimits every_loss_a_step;
  every_loss_a_step.losses_as_delays = false;
  const ExploreResult result = run(scope, "linearizable", every_loss_a_step);
  EXPECT_EQ(result.outcome, ExploreOutcome::holds) << result.incomplete_reason;
  EXPECT_GT(result.figures.states, 5'000u);  // 8,103 with every reduction
  // With a lost message taken as a late delivery (the default), the scope without it.
  const ExploreResult delayed = run(scope, "linearizable");
  EXPECT_EQ(delayed.outcome, ExploreOutcome::holds) << delayed.incomplete_reason;
  EXPECT_LT(delayed.figures.states, 3'000u);  // 2,258
}

// ack_before_store: durable mode acknowledges a write before it is on disk. Only a
// crash that lands after the ack and before the read (with the node restarted in
// between) loses it; the same scope with the correct store holds.
TEST(ExplorePlantedBugs, AckBeforeStoreIsFoundOnlyByACrashAtTheRightStep) {
  Scope scope = scope_of(1, 1, 1, 1, "write k0, read k0");
  scope.faults.crashes = 1;
  EXPECT_EQ(run(scope, "linearizable").outcome, ExploreOutcome::holds);
  scope.store.planted_bugs.ack_before_store = true;
  const ExploreResult result = run(scope, "linearizable");
  ASSERT_EQ(result.outcome, ExploreOutcome::refuted);
  const auto& steps = result.counterexample->steps;
  const auto crash = std::find_if(steps.begin(), steps.end(), [](const Step& s) { return s.kind == StepKind::crash; });
  ASSERT_NE(crash, steps.end());
  // write invoked, delivered, acked (3 steps), then the crash, the restart, the read.
  EXPECT_EQ(crash - steps.begin(), 3);
  scope.faults.crashes = 0;
  EXPECT_EQ(run(scope, "linearizable").outcome, ExploreOutcome::holds);  // no crash, no loss
}

TEST(ExplorePlantedBugs, EachIsRefutedAtItsSmallestScopeWhereTheCorrectStoreHolds) {
  for (PlantedScope planted : planted_scopes()) {
    const ExploreResult correct = run(planted.scope, planted.property);
    EXPECT_EQ(correct.outcome, ExploreOutcome::holds) << planted.bug << ": " << correct.incomplete_reason;
    auto field = find_named(kPlantedBugNames, planted.bug);
    ASSERT_TRUE(field) << planted.bug;
    planted.scope.store.planted_bugs.*(*field) = true;
    const ExploreResult buggy = run(planted.scope, planted.property);
    ASSERT_EQ(buggy.outcome, ExploreOutcome::refuted) << planted.bug << ": " << buggy.incomplete_reason;
    EXPECT_EQ(buggy.counterexample->property, planted.property) << planted.bug;
    std::cout << planted.bug << ": refuted by " << buggy.counterexample->steps.size() << " steps, "
              << buggy.figures.states << " states (" << buggy.figures.shortest_pass_states
              << " in the second pass, for the shortest); correct store: " << correct.figures.states << " states\n";
  }
}

TEST(ExploreBudgets, RunningOutOfStatesIsIncompleteAndSaysWhy) {
  Scope scope = scope_of(3, 3, 2, 2, "c0: write k0, read k0; c1: write k0, read k0");
  ExploreLimits limits;
  limits.states_max = 50;
  const ExploreResult result = run(scope, "linearizable", limits);
  EXPECT_EQ(result.outcome, ExploreOutcome::incomplete);
  EXPECT_NE(result.incomplete_reason.find("state budget"), std::string::npos) << result.incomplete_reason;
  EXPECT_EQ(result.figures.states, 50u);
}

// The visited table stops before a growth would take it past the memory budget.
TEST(ExploreBudgets, RunningOutOfMemoryIsIncompleteBeforeTheTableOutgrowsTheBudget) {
  Scope scope = scope_of(3, 3, 2, 2, "c0: write k0, read k0; c1: write k0, read k0");
  ExploreLimits limits;
  limits.memory_mb = 1;
  const ExploreResult result = run(scope, "linearizable", limits);
  EXPECT_EQ(result.outcome, ExploreOutcome::incomplete);
  EXPECT_NE(result.incomplete_reason.find("memory budget"), std::string::npos) << result.incomplete_reason;
  EXPECT_LE(result.figures.memory_bytes, 1u << 20);
  EXPECT_GT(result.figures.states, 10'000u);  // 24-byte slots: about 21 k states in 1 MB
}

TEST(ExploreScope, WorkloadTextRoundTripsAndBadEntriesNameTheClient) {
  auto parsed = parse_workload_text("c0: write k0, read k0; c1: delete k1");
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(workload_text(parsed.value()), "c0: write k0, read k0; c1: delete k1");
  EXPECT_EQ(parsed.value().clients[0][0].value, "v0");
  auto bad = parse_workload_text("write k0; jump k1");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("client 1"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(parse_workload_text("write").is_ok());
  auto relabelled = parse_workload_text("c1: write k0; c0: read k0");  // labels must follow the order
  ASSERT_FALSE(relabelled.is_ok());
  EXPECT_NE(relabelled.status().message().find("expected c0"), std::string::npos) << relabelled.status().message();
  EXPECT_FALSE(parse_workload_text("write k0 k1").is_ok());
}

}  // namespace
}  // namespace qc
