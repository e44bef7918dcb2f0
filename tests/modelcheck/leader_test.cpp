// Exhaustive exploration of the leader-based store (Raft, impl/leader/): a tiny scope
// counted by hand; the correct store holding linearizable with sync replication and
// ReadIndex reads; two planted bugs refuted by shortest counterexamples that replay
// byte for byte; async replication losing an acknowledged write to a crash; the scope's
// checks, text and JSON for the new budgets. Each well under a few seconds.
#include <iostream>

#include <gtest/gtest.h>

#include "modelcheck/counterexample.h"
#include "test_scopes.h"

namespace qc {
namespace {
using namespace qc::test;

void print_figures(const char* name, const ExploreResult& result) {
  std::cout << name << ": " << to_string(result.outcome) << ", " << result.figures.states << " states (+ "
            << result.figures.shortest_pass_states << " in the second pass), " << result.figures.transitions
            << " transitions, " << result.figures.complete_executions << " complete executions, "
            << result.figures.seconds << " s";
  if (result.counterexample) std::cout << ", counterexample of " << result.counterexample->steps.size() << " steps";
  std::cout << "\n";
}

// One node, one write, one election timeout: the node is its own majority. Either the
// election comes first (s1: it leads, its no-op committed alone) and then the write,
// which commits and is answered at once (s2); or the write comes first and waits for a
// leader (s1'), and the election releases it (s2': another state, since the op went
// through two op ids and the clock moved differently). 5 states, 4 transitions, 2
// complete executions, depth 2.
TEST(LeaderExploreCounts, OneNodeOneWriteOneElectionIsWorkedOutByHand) {
  const Scope scope = leader_scope(1, "write k0", 1, 0);
  const ExploreResult result = run(scope, "linearizable");
  EXPECT_EQ(result.outcome, ExploreOutcome::holds);
  EXPECT_EQ(result.figures.states, 5u);
  EXPECT_EQ(result.figures.transitions, 4u);
  EXPECT_EQ(result.figures.complete_executions, 2u);
  EXPECT_EQ(result.figures.max_depth, 2u);
}

// Without an election nobody leads: the scope is refused rather than holding because
// every request waits for ever.
TEST(LeaderScope, NeedsAnElectionAndTheStoresOwnTimers) {
  Scope scope = leader_one_election_scope();
  EXPECT_TRUE(validate(scope).is_ok());
  scope.periodic.elections = 0;
  EXPECT_NE(validate(scope).message().find("--elections"), std::string::npos) << validate(scope).message();
  scope.periodic.elections = 1;
  scope.periodic.anti_entropy = 1;
  EXPECT_NE(validate(scope).message().find("leaderless store's timers"), std::string::npos);
  Scope leaderless = scope_of(3, 3, 2, 2, "c0: write k0");
  leaderless.periodic.heartbeats = 1;
  EXPECT_NE(validate(leaderless).message().find("--store leader"), std::string::npos);
}

TEST(LeaderScope, DescribedWithItsBudgetsAndWhatIsLeftOut) {
  Scope scope = leader_scope(3, "c0: write k0; c1: read k0", 2, 1);
  scope.faults.crashes = 1;
  const std::string text = describe(scope);
  EXPECT_NE(text.find("leader-based (Raft) M=3 replication=sync reads=read_index"), std::string::npos) << text;
  EXPECT_NE(text.find("in scope: 1 crash, 2 election timeouts, 1 heartbeat;"), std::string::npos) << text;
  EXPECT_NE(text.find("left out: lost messages, duplicated messages, partitions, request timeouts;"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("anti-entropy"), std::string::npos) << text;
  auto back = scope_from_json(scope_to_json(scope), "scope");
  ASSERT_TRUE(back.is_ok()) << back.status().message();
  EXPECT_EQ(back.value(), scope);
  // Leaderless scopes write no Raft budgets, so their files stay as they were.
  EXPECT_FALSE(scope_to_json(scope_of(3, 3, 2, 2, "c0: write k0"))["periodic"].contains("elections"));
}

// The correct store: sync replication and ReadIndex reads are linearizable on every
// schedule of 3 nodes, a write and a read, and one election timeout (which node stands,
// and when, is the explorer's choice); with a crash of any node at any step no
// acknowledged write is lost.
TEST(LeaderExplore, SyncReadIndexHoldsLinearizable) {
  const ExploreResult result = run(leader_one_election_scope(), "linearizable");
  print_figures("sync read_index, 1 election", result);
  EXPECT_EQ(result.outcome, ExploreOutcome::holds) << result.incomplete_reason;
  EXPECT_GT(result.figures.states, 10'000u);
  EXPECT_EQ(result.undecided_checks, 0u);
}

TEST(LeaderExplore, SyncLosesNoWriteToACrash) {
  Scope scope = leader_scope(3, "c0: write k0", 1, 0);
  scope.faults.crashes = 1;
  const ExploreResult result = run(scope, "linearizable,no-lost-writes");
  print_figures("sync, 1 election, 1 crash", result);
  EXPECT_EQ(result.outcome, ExploreOutcome::holds) << result.incomplete_reason;
}

// Plays a counterexample back through its file, as `quorumcheck replay` does: written,
// parsed, written again byte for byte, and reproduced with the same history.
void expect_replays(const Scope& scope, const Counterexample& example) {
  const CounterexampleFile file = make_counterexample_file(scope, example);
  const std::string json = counterexample_to_json(file);
  auto parsed = parse_counterexample(json, "leader.json");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  EXPECT_EQ(parsed.value().scope, scope);
  EXPECT_EQ(counterexample_to_json(parsed.value()), json);
  auto replayed = replay_counterexample(parsed.value(), CheckBudget{});
  ASSERT_TRUE(replayed.is_ok()) << replayed.status().message();
  EXPECT_TRUE(replayed.value().reproduces());
  EXPECT_EQ(replayed.value().descriptions, example.descriptions);
  EXPECT_EQ(replayed.value().history_hash, file.history_hash);
}

void print_steps(const Counterexample& example) {
  for (std::size_t i = 0; i < example.descriptions.size(); ++i)
    std::cout << "  " << (i + 1) << ". " << example.descriptions[i] << "\n";
}

// A leader that answers reads without ReadIndex: n1 forwards the write to the first
// leader, holds it in its log, and wins the second election before it hears that the
// write committed; it answers the read from its applied state, without the write. No
// fault is needed: a message may stay in flight as long as the explorer likes. The
// same length with and without forgetting.
TEST(LeaderExplore, UnconfirmedLeaderReadsAreRefutedAtTheShortestAndReplay) {
  for (const bool forgetting : {true, false}) {
    Scope scope = leader_two_elections_scope();
    scope.store.planted_bugs.leader_reads_unconfirmed = true;
    ExploreLimits limits;
    limits.forgetting = forgetting;
    const ExploreResult result = run(scope, "linearizable", limits);
    print_figures(forgetting ? "leader_reads_unconfirmed" : "leader_reads_unconfirmed, no forgetting", result);
    ASSERT_EQ(result.outcome, ExploreOutcome::refuted) << result.incomplete_reason;
    EXPECT_EQ(result.counterexample->steps.size(), kUnconfirmedReadSteps);
    expect_replays(scope, *result.counterexample);
    if (forgetting) print_steps(*result.counterexample);
  }
}

// Async replication acknowledges a write from the leader's log alone: the leader
// crashes before any follower has it, another is elected, and the final heal (which
// elects and heartbeats until followers learn the commit) overwrites it on the old
// leader. Sync replication keeps it in the same scope.
TEST(LeaderExplore, AsyncReplicationLosesAnAcknowledgedWriteToACrash) {
  Scope scope = leader_scope(3, "c0: write k0", 2, 0);
  scope.faults.crashes = 1;
  scope.store.leader.replication = LeaderReplication::async;
  const ExploreResult async = run(scope, "no-lost-writes");
  print_figures("async, 2 elections, 1 crash", async);
  ASSERT_EQ(async.outcome, ExploreOutcome::refuted) << async.incomplete_reason;
  EXPECT_NE(async.counterexample->verdict.text.find("lost"), std::string::npos) << async.counterexample->verdict.text;
  expect_replays(scope, *async.counterexample);
  print_steps(*async.counterexample);
}

// The explorer stays a function of its scope: the same figures and the same
// counterexample, step for step, every time.
TEST(LeaderExplore, Deterministic) {
  Scope scope = leader_two_elections_scope();
  scope.store.planted_bugs.leader_reads_unconfirmed = true;
  const ExploreResult a = run(scope, "linearizable");
  const ExploreResult b = run(scope, "linearizable");
  EXPECT_EQ(a.figures.states, b.figures.states);
  EXPECT_EQ(a.figures.transitions, b.figures.transitions);
  ASSERT_TRUE(a.counterexample && b.counterexample);
  EXPECT_EQ(a.counterexample->steps, b.counterexample->steps);
  EXPECT_EQ(a.counterexample->descriptions, b.counterexample->descriptions);
}

}  // namespace
}  // namespace qc
