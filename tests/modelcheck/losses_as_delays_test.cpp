// Lost messages as late deliveries (modelcheck/explorer.h): for properties whose
// violations survive extension, the explorer leaves the lost-message budget out of the
// search for a verdict and takes it in only in the search for the shortest
// counterexample. The verdicts and the shortest counterexamples must be those of the
// search that takes every loss as a step.
#include <algorithm>

#include <gtest/gtest.h>

#include "test_scopes.h"

namespace qc {
namespace {
using namespace qc::test;

std::vector<NamedScope> lossy_linearizable_scopes() {
  std::vector<NamedScope> cases;
  Scope inversion = scope_of(3, 3, 2, 2, "c0: write k0; c1: read k0, read k0");
  inversion.store.read_repair = ReadRepair::async;
  cases.push_back({"async inversion", inversion, "linearizable"});
  Scope abd = abd_scope("c0: write k0; c1: read k0");
  cases.push_back({"abd", abd, "linearizable"});
  abd.faults.crashes = 1;
  cases.push_back({"abd with a crash", abd, "linearizable"});
  Scope first_reply = abd_scope("write k0, read k0");
  first_reply.store.planted_bugs.read_returns_first_reply = true;
  cases.push_back({"read_returns_first_reply", first_reply, "linearizable"});
  Scope stale = scope_of(2, 2, 2, 1, "write k0, write k0, read k0, read k0");
  stale.store.read_repair = ReadRepair::blocking;
  stale.store.planted_bugs.read_repair_writes_stale = true;
  cases.push_back({"read_repair_writes_stale", stale, "linearizable"});
  Scope strict = scope_of(3, 3, 3, 3, "c0: write k0; c1: read k0");  // a loss blocks an op here
  cases.push_back({"R = W = N", strict, "linearizable"});
  for (NamedScope& c : cases) c.scope.faults.losses = 1;
  return cases;
}

TEST(ExploreLossesAsDelays, SameVerdictAndShortestCounterexampleAsWithEveryLossAStep) {
  for (const NamedScope& c : lossy_linearizable_scopes()) {
    ExploreLimits stepped;
    stepped.losses_as_delays = false;
    const ExploreResult delayed = run(c.scope, c.properties);
    const ExploreResult every = run(c.scope, c.properties, stepped);
    ASSERT_NE(every.outcome, ExploreOutcome::incomplete) << c.name << ": " << every.incomplete_reason;
    EXPECT_TRUE(delayed.figures.losses_delayed) << c.name;
    EXPECT_FALSE(every.figures.losses_delayed) << c.name;
    EXPECT_EQ(delayed.outcome, every.outcome) << c.name;
    EXPECT_LT(delayed.figures.states, every.figures.states) << c.name;  // the loss budget was left out
    ASSERT_EQ(delayed.counterexample.has_value(), every.counterexample.has_value()) << c.name;
    if (every.counterexample) {
      EXPECT_EQ(delayed.counterexample->steps.size(), every.counterexample->steps.size()) << c.name;
      EXPECT_GT(delayed.figures.shortest_pass_states, 0u) << c.name;  // the second pass took losses in
    }
  }
}

// A property that an extension can mend (an op left pending by the end) must see every
// loss: R = W = N, and a lost write request leaves the write pending for good.
Property every_op_completes(bool claims_to_survive_extension) {
  Property property;
  property.name = "every-op-completes";
  property.check = [](const Case&, const RunResult& run, const CheckBudget&) {
    PropertyVerdict verdict;
    const bool pending = std::any_of(run.history.events.begin(), run.history.events.end(),
                                     [](const Event& e) { return e.type == EventType::info; });
    if (pending) verdict.outcome = PropertyOutcome::violated;
    return verdict;
  };
  property.violations_survive_extension = claims_to_survive_extension;
  return property;
}

TEST(ExploreLossesAsDelays, AViolationAnExtensionMendsIsFoundOnlyByTakingLossesAsSteps) {
  Scope scope = scope_of(3, 3, 3, 3, "c0: write k0");
  scope.faults.losses = 1;
  const Property honest = every_op_completes(false);
  const ExploreResult found = explore(scope, {&honest}, ExploreLimits{}, CheckBudget{});
  ASSERT_EQ(found.outcome, ExploreOutcome::refuted);
  EXPECT_FALSE(found.figures.losses_delayed);
  const auto& steps = found.counterexample->steps;
  EXPECT_TRUE(std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.kind == StepKind::lose; }));
  // Claimed wrongly, the loss is never a step and the violation is missed: the claim is
  // what makes the shortcut sound, which is why only linearizable makes it.
  const Property wrong = every_op_completes(true);
  const ExploreResult missed = explore(scope, {&wrong}, ExploreLimits{}, CheckBudget{});
  EXPECT_TRUE(missed.figures.losses_delayed);
  EXPECT_EQ(missed.outcome, ExploreOutcome::holds);
}

TEST(ExploreLossesAsDelays, OnlyForPropertiesThatAllSurviveExtension) {
  Scope scope = scope_of(3, 3, 2, 2, "c0: write k0");
  scope.faults.losses = 1;
  const ExploreLimits limits;
  EXPECT_TRUE(delays_losses(scope, properties("linearizable"), limits));
  EXPECT_FALSE(delays_losses(scope, properties("linearizable,convergence"), limits));
  EXPECT_FALSE(delays_losses(scope, properties("read-your-writes"), limits));
  ExploreLimits collecting;
  collecting.collect_histories = true;  // the soundness tests compare every history
  EXPECT_FALSE(delays_losses(scope, properties("linearizable"), collecting));
  scope.faults.losses = 0;
  EXPECT_FALSE(delays_losses(scope, properties("linearizable"), limits));
}

}  // namespace
}  // namespace qc
