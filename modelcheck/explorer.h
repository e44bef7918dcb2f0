#pragma once
// Exhaustive exploration of a scope (modelcheck/scope.h): every order of the enabled
// steps of modelcheck/system.h, depth first, with the properties checked on every
// complete execution.
//
// Reduction, each sound and optional (tests/modelcheck compare the sets of verdicts
// and histories with and without them):
//   - state caching: a state whose canonical hash was seen is not expanded again, unless
//     it was expanded with transitions asleep that are awake now, or, in the search for
//     the shortest counterexample (below), it is reached by fewer steps;
//   - forgetting: that hash leaves out what no later step reads (SystemState::hash,
//     modelcheck/forgetting.cpp), so states equal step for step are one;
//   - sleep sets (Godefroid 1996): after exploring step t from a state, its later
//     siblings carry t asleep as long as they only take steps independent of t
//     (system.h's independent(): different nodes, different messages, different budgets,
//     and no op completion, which moves every clock), since their order does not change
//     the state. With
//     state caching, a state records the sleep set it was expanded with, and a revisit
//     with fewer steps asleep expands the missing ones (Godefroid's fix).
//   - lost messages as late deliveries: when every property survives extension
//     (Property::violations_survive_extension, e.g. linearizable), the lost-message
//     budget is not explored. An execution that loses message m, with m's loss left out
//     and m kept in flight, is an execution without the loss (no other step reads
//     whether m is in flight; a crash or a partition drops it alike); extended to its
//     end, its history is the lossy one with events appended, so a violating lossy
//     history implies a violating history without losses. Only the search for the
//     shortest counterexample (below) explores losses, as one of them may shorten it.
// An execution ends when nothing but faults is left to choose (SystemState::complete),
// or, when no property reads the nodes' end state, as soon as every client op has
// completed: the rest of it cannot change the history.
// Shortest counterexample: a first pass expands each state once and stops at its first
// violating complete execution, of d steps say (ExploreLimits::two_passes); a second
// pass then only looks for shorter ones (states at depth >= d - 1 are not expanded)
// and expands a state again whenever it is reached by fewer steps; as every state is
// then expanded at its least depth, the counterexample at the end has the fewest steps
// of any (modulo equal states, which have equal verdicts and, under forgetting, equal
// futures step for step).
//
// The outcome is holds (exhaustively, within the scope), refuted (with the shortest
// counterexample) or incomplete (a state, memory or time budget ran out, or a checker
// could not decide): never a guess.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "explore/property.h"
#include "modelcheck/system.h"

namespace qc {

struct ExploreLimits {
  std::uint64_t states_max = 50'000'000;
  std::uint64_t memory_mb = 8192;        // for the table of visited states
  double seconds = 3600;                 // wall clock; 0: none
  bool state_caching = true;
  bool sleep_sets = true;
  // States equal but for what no later step reads are one (SystemState::hash(true),
  // modelcheck/forgetting.cpp). Needs state_caching.
  bool forgetting = true;
  // Two passes: the first expands each state once (a state reached again by fewer steps
  // is not expanded again) and stops at its first counterexample; only then does a
  // second pass, bounded by that counterexample's length, expand states again at their
  // least depth to find the shortest. When the scope holds, the second pass never runs.
  // False: one pass that expands every state at its least depth throughout (forgetting
  // merges states reached by paths of different lengths, which makes that costly).
  bool two_passes = true;
  // Explore lost messages as messages delivered after the end, where that is sound (see
  // above; delays_losses()). False: every loss is a step.
  bool losses_as_delays = true;
  // For tests: every complete history's hash and verdict; the search then runs past
  // counterexamples (no pruning at the shortest one) so that every history is seen.
  bool collect_histories = false;
};

struct ExploreFigures {
  std::uint64_t states = 0;              // distinct states (tree nodes without caching)
  std::uint64_t transitions = 0;         // steps taken
  std::uint64_t revisits = 0;            // steps that reached a state seen before
  std::uint64_t complete_executions = 0; // distinct complete states checked
  std::uint64_t histories_checked = 0;   // distinct histories the checkers read
  std::uint32_t max_depth = 0;
  std::uint64_t shortest_pass_states = 0;  // states of the second pass (two_passes), if it ran
  bool losses_delayed = false;           // lost messages were explored as late deliveries
  std::uint64_t memory_bytes = 0;        // estimate of the visited table
  double seconds = 0;
  // A rough forecast, in progress reports only: the share of the search tree behind the
  // depth-first search (each choice on the current path weighs as much as its
  // siblings), and the states it would take at this rate. Uneven subtrees make it
  // wrong by a wide margin; it serves to say early that a scope will not fit. Set in
  // progress reports, and in the result when a budget stopped the search.
  double done_share = 0;
  double estimated_states = 0;
};

enum class ExploreOutcome : std::uint8_t { holds, refuted, incomplete };
const char* to_string(ExploreOutcome outcome);

struct Counterexample {
  std::vector<Step> steps;
  std::vector<std::string> descriptions;  // one line a step
  std::string property;
  PropertyVerdict verdict;
  History history;
};

struct ExploreResult {
  ExploreOutcome outcome = ExploreOutcome::holds;
  ExploreFigures figures;
  std::optional<Counterexample> counterexample;
  std::string incomplete_reason;          // why incomplete
  std::uint64_t undecided_checks = 0;
  // With collect_histories: hashes of every complete history, and of every distinct
  // (history, property, outcome) verdict.
  std::set<std::uint64_t> histories;
  std::set<std::string> verdicts;
};

using ExploreProgress = std::function<void(const ExploreFigures&)>;

// `properties` must not be empty. `progress` (may be empty) is called about every
// two seconds.
ExploreResult explore(const Scope& scope, const std::vector<const Property*>& properties,
                      const ExploreLimits& limits, const CheckBudget& budget,
                      const ExploreProgress& progress = {});

// Whether explore() takes lost messages as late deliveries for this scope (above).
bool delays_losses(const Scope& scope, const std::vector<const Property*>& properties, const ExploreLimits& limits);

// Plays `steps` from the scope's initial state; each must be enabled where it is taken.
// Errors (ErrorKind::malformed) name the first step that is not. `on_step` sees each
// step's description before it is taken.
struct Replayed {
  SystemState state;
  std::vector<std::string> descriptions;
};
Result<Replayed> replay_steps(const Scope& scope, const std::vector<Step>& steps);

// The first property in `properties` that the complete execution `state` violates
// (or leaves undecided), with its verdict; nullopt when all hold.
struct Judgement {
  std::string property;
  PropertyVerdict verdict;
};
std::optional<Judgement> judge(const SystemState& state, const std::vector<const Property*>& properties,
                               const CheckBudget& budget);

}  // namespace qc
