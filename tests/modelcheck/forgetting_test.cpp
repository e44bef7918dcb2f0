// Soundness of forgetting (modelcheck/forgetting.cpp) and of the two-pass search
// (ExploreLimits::two_passes): on scopes where each rule merges states (clocks of
// nodes with no put left to stamp, durable logs in any order, logs no restart can read
// any more), with crashes, lost messages, timeouts, volatile writes and end-state
// properties, the complete histories, the verdicts and the shortest counterexample are
// the same with and without them; forgetting does merge states there.
#include <algorithm>
#include <climits>
#include <iostream>
#include <unordered_map>
#include <unordered_set>

#include <gtest/gtest.h>

#include "test_scopes.h"

namespace qc {
namespace {
using namespace qc::test;

std::vector<NamedScope> forgetting_cases() {
  std::vector<NamedScope> cases;
  Scope writers = abd_scope("c0: write k0; c1: write k0");
  cases.push_back({"abd_writers", writers, "linearizable,regular"});
  Scope crash = scope_of(2, 2, 1, 1, "c0: write k0; c1: write k0, read k0");
  crash.faults.crashes = 1;
  cases.push_back({"crash_end_state", crash, "linearizable,no-lost-writes"});
  Scope loss = scope_of(2, 2, 2, 2, "c0: write k0; c1: write k0, read k0");
  loss.faults.losses = 1;
  loss.faults.timeouts = true;
  cases.push_back({"loss_and_timeouts", loss, "linearizable,convergence"});
  Scope volatile_writes = scope_of(2, 2, 1, 1, "c0: write k0; c1: write k0");
  volatile_writes.store.durability = Durability::volatile_;
  volatile_writes.faults.crashes = 1;
  volatile_writes.periodic.flush = 1;
  cases.push_back({"volatile_crash_flush", volatile_writes, "linearizable,no-lost-writes"});
  Scope inversion = scope_of(3, 3, 2, 2, "c0: write k0; c1: read k0, read k0");
  inversion.store.read_repair = ReadRepair::async;
  cases.push_back({"inversion_refuted", inversion, "linearizable"});
  return cases;
}

// The leader-based store's: only the rules proven for it apply (forgetting.cpp: its
// counter and due times, which nothing but due times reads, and logs no restart can read
// once the crash budget is spent; never the LWW-winners rule, which a Raft log breaks).
std::vector<NamedScope> leader_forgetting_cases() {
  std::vector<NamedScope> cases;
  Scope crash = leader_scope(2, "c0: write k0, read k0", 1, 0);
  crash.faults.crashes = 1;
  cases.push_back({"leader_crash_end_state", crash, "linearizable,no-lost-writes"});
  Scope timeouts = leader_scope(3, "c0: write k0", 1, 0);
  timeouts.faults.timeouts = true;
  cases.push_back({"leader_timeouts", timeouts, "linearizable,convergence"});
  return cases;
}

ExploreLimits collecting(bool forgetting) {
  ExploreLimits limits;
  limits.collect_histories = true;
  limits.forgetting = forgetting;
  return limits;
}

void expect_same_with_and_without_forgetting(const NamedScope& c) {
  {
    const ExploreResult with = run(c.scope, c.properties, collecting(true));
    const ExploreResult without = run(c.scope, c.properties, collecting(false));
    ASSERT_NE(with.outcome, ExploreOutcome::incomplete) << c.name << ": " << with.incomplete_reason;
    ASSERT_NE(without.outcome, ExploreOutcome::incomplete) << c.name << ": " << without.incomplete_reason;
    EXPECT_EQ(with.outcome, without.outcome) << c.name;
    EXPECT_EQ(with.histories, without.histories) << c.name;
    EXPECT_EQ(with.verdicts, without.verdicts) << c.name;
    EXPECT_LT(with.figures.states, without.figures.states) << c.name;  // it merged some
    // The shortest counterexample, searched as a user's run does (no collecting).
    ExploreLimits forgetting, plain;
    plain.forgetting = false;
    const ExploreResult shortest = run(c.scope, c.properties, forgetting);
    const ExploreResult reference = run(c.scope, c.properties, plain);
    EXPECT_EQ(shortest.outcome, reference.outcome) << c.name;
    ASSERT_EQ(shortest.counterexample.has_value(), reference.counterexample.has_value()) << c.name;
    if (shortest.counterexample) {
      EXPECT_EQ(shortest.counterexample->steps.size(), reference.counterexample->steps.size()) << c.name;
    }
    std::cout << c.name << ": " << with.figures.states << " states forgetting, " << without.figures.states
              << " without; " << with.histories.size() << " histories\n";
  }
}

TEST(ExploreForgetting, SameHistoriesVerdictsAndShortestWithAndWithoutIt) {
  for (const NamedScope& c : forgetting_cases()) expect_same_with_and_without_forgetting(c);
}

TEST(ExploreForgetting, LeaderStoreSameHistoriesVerdictsAndShortestWithAndWithoutIt) {
  for (const NamedScope& c : leader_forgetting_cases()) expect_same_with_and_without_forgetting(c);
}

// The claim behind forgetting, checked directly: two reachable states it merges (equal
// hash(true)) have the same steps, the same history, the same end state after the
// final heal when complete, and each step takes them to states it merges again. Every
// reachable state of each scope is compared with the first one of its class.
struct Representative {
  SystemState state;
  std::uint64_t history = 0;
};

// Steps by their canonical keys (SystemState::canonical), which name a step alike in
// every state of one class (rule 4 renames the timestamps that messages carry).
std::vector<std::uint64_t> step_keys(const SystemState& state) {
  std::vector<std::uint64_t> keys = state.canonical(true, state.steps()).step_keys;
  std::sort(keys.begin(), keys.end());
  return keys;
}

// The nodes after the final heal, with their timestamps by rank across all of them:
// rule 4 merges states whose versions differ in timestamps but not in order, and the
// end-state properties read versions only to compare them and their values.
std::vector<std::uint64_t> healed_fingerprints(const SystemState& state) {
  const auto nodes = state.healed_nodes(4);
  TimestampRanks ranks(INT64_MAX);
  std::vector<SplitFingerprint> splits;
  for (const auto& node : nodes) ranks.collect(splits.emplace_back(node->split_fingerprint()).timestamps);
  ranks.freeze();
  std::vector<std::uint64_t> prints;
  for (const SplitFingerprint& split : splits) prints.push_back(ranks.join(split));
  return prints;
}

// The step of `other` that `step` of `state` stands for: the one with its canonical key.
const Step* same_step(const SystemState& other, const std::vector<Step>& other_steps, const SystemState& state,
                      const Step& step) {
  const std::uint64_t key = state.canonical(true, {step}).step_keys.front();
  const std::vector<std::uint64_t> keys = other.canonical(true, other_steps).step_keys;
  for (std::size_t i = 0; i < other_steps.size(); ++i)
    if (keys[i] == key) return &other_steps[i];
  return nullptr;
}

// Returns how many states were compared with a representative they were merged into.
std::uint64_t check_merges(const Scope& scope, const char* name) {
  std::unordered_map<std::uint64_t, Representative> classes;  // by hash(true)
  std::unordered_set<std::uint64_t> seen;                      // by hash(false)
  std::vector<SystemState> stack{SystemState(scope)};
  std::uint64_t merged = 0;
  while (!stack.empty() && seen.size() < 300'000) {
    SystemState state = std::move(stack.back());
    stack.pop_back();
    if (!seen.insert(state.hash(false)).second) continue;
    const auto [at, first] = classes.try_emplace(state.hash(true), Representative{state, state.history_hash()});
    if (!first) {
      ++merged;
      const SystemState& other = at->second.state;
      EXPECT_EQ(state.history_hash(), at->second.history) << name;
      EXPECT_EQ(state.complete(), other.complete()) << name;
      EXPECT_EQ(state.all_ops_done(), other.all_ops_done()) << name;
      EXPECT_EQ(step_keys(state), step_keys(other)) << name;
      if (state.complete()) {
        EXPECT_EQ(healed_fingerprints(state), healed_fingerprints(other)) << name;
      }
      const std::vector<Step> other_steps = other.steps();
      for (const Step& step : state.steps()) {
        const Step* twin = same_step(other, other_steps, state, step);
        if (twin == nullptr) continue;  // reported above
        SystemState a = state, b = other;
        a.apply(step);
        b.apply(*twin);
        EXPECT_EQ(a.hash(true), b.hash(true)) << name << ": " << state.describe(step);
        if (::testing::Test::HasFailure()) return merged;
      }
    }
    for (const Step& step : state.steps()) {
      SystemState next = state;
      next.apply(step);
      stack.push_back(std::move(next));
    }
  }
  EXPECT_LT(seen.size(), 300'000u) << name << ": scope too large to check every state";
  return merged;
}

TEST(ExploreForgetting, MergesOnlyStatesWithTheSameFutureStepForStep) {
  for (const NamedScope& c : forgetting_cases()) {
    if (std::string(c.name) == "inversion_refuted") continue;  // no put left after the first step
    const std::uint64_t merged = check_merges(c.scope, c.name);
    EXPECT_GT(merged, 0u) << c.name;
    std::cout << c.name << ": " << merged << " states checked against the state they were merged with\n";
  }
}

// For the leader store, the merges of its own rules (counters and due times; logs no
// restart reads) keep the future step for step as well.
TEST(ExploreForgetting, LeaderStoreMergesOnlyStatesWithTheSameFutureStepForStep) {
  for (const NamedScope& c : leader_forgetting_cases()) {
    const std::uint64_t merged = check_merges(c.scope, c.name);
    EXPECT_GT(merged, 0u) << c.name;
    std::cout << c.name << ": " << merged << " states checked against the state they were merged with\n";
  }
}

// Every planted bug is refuted at the same shortest length with forgetting and two
// passes (the defaults), with neither, and with each alone.
TEST(ExploreForgetting, PlantedBugsAreRefutedAtTheSameShortestLength) {
  for (PlantedScope planted : planted_scopes()) {
    auto field = find_named(kPlantedBugNames, planted.bug);
    ASSERT_TRUE(field) << planted.bug;
    planted.scope.store.planted_bugs.*(*field) = true;
    std::optional<std::size_t> length;
    for (const bool forgetting : {true, false})
      for (const bool two_passes : {true, false}) {
        ExploreLimits limits;
        limits.forgetting = forgetting;
        limits.two_passes = two_passes;
        const ExploreResult result = run(planted.scope, planted.property, limits);
        ASSERT_EQ(result.outcome, ExploreOutcome::refuted) << planted.bug << ": " << result.incomplete_reason;
        if (!length) length = result.counterexample->steps.size();
        EXPECT_EQ(result.counterexample->steps.size(), *length)
            << planted.bug << " forgetting " << forgetting << " two passes " << two_passes;
      }
  }
}

}  // namespace
}  // namespace qc
