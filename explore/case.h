#pragma once
// A case is one simulator run to check (DESIGN.md): the store and network configuration
// with the simulator seed, the workload as data (per client, the ops it issues) and a
// fault schedule placed by workload progress. case_generator(space) draws cases as
// rc::Shrinkable values whose shrinks drop ops one at a time (or in chunks), move ops to
// fewer clients, merge keys, turn ops into reads, and drop, shorten and simplify fault
// episodes; the seed never shrinks (a different seed is a different run, not a simpler
// one), and since each op's timing comes from its own stream (sim/simulator.h), dropping
// one op leaves the others' timing as it was.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "common/status.h"
#include "faults/episodes.h"
#include "faults/schedule.h"
#include "histories/workload.h"
#include "sim/sim_config.h"
#include "sim/simulator.h"

namespace qc {

struct Case {
  SimConfig config;  // config.seed is the simulator seed; the workload shape fields describe `workload`
  Workload workload;
  FaultSchedule faults;
};

struct CountRange {  // inclusive
  std::uint32_t min = 1;
  std::uint32_t max = 1;
};

// What a campaign draws from. `base` fixes the store configuration, the network, the
// clocks and the workload's think time and timeouts; the ranges below decide the
// workload's clients, ops, keys and mix.
struct CaseSpace {
  SimConfig base;
  CountRange clients{1, 5};
  CountRange ops{1, 60};
  CountRange keys{1, 3};
  CountRange read_weight{0, 3};
  CountRange write_weight{1, 3};
  CountRange delete_weight{0, 0};
  std::vector<std::string> nemesis;  // kinds among nemesis_kinds(); empty: no faults
  std::uint32_t fault_episodes_max = 6;  // each episode is a fault and its recovery
  // Fault-free time after the final heal; several anti-entropy intervals, so that
  // convergence failures are failures and not a lack of time.
  std::int64_t quiescence_us = 3'000'000;
};

// Usage errors naming the field: an invalid base, empty or inverted ranges, unknown kinds.
Status validate(const CaseSpace& space);

// Every case drawn passes validate(SimConfig), validate(Workload) and
// validate(FaultSchedule, node_count). `space` must pass validate().
rc::Gen<Case> case_generator(const CaseSpace& space);

// The quiet period after the final heal: at least `requested_us`, and with anti-entropy
// on long enough for every node to sync with every peer in turn.
std::int64_t quiet_period_us(std::int64_t requested_us, const Config& store);

// Node ids, those that replicate most of the workload's keys first (then by id): the
// order in which fault episodes' node masks name nodes (faults/episodes.h).
std::vector<int> nodes_by_involvement(const Config& store, const Workload& workload);

// Runs the case in the simulator and numbers the history's lines (index + 1), so
// evidence can name lines of the history as JSON Lines.
RunResult run_case(const Case& test_case);

// The same, but gives up (nullopt) when `keep_going` says false; it is asked every
// 4096 simulator steps. For wall-clock budgets: a case cut short counts for nothing.
std::optional<RunResult> run_case_while(const Case& test_case, const std::function<bool()>& keep_going);

// The same history as run_case(), sooner: the run stops once its history is final
// (Simulator::history_final), skipping the quiet period when it would not be cut short.
// For properties that read the history alone (Property::needs_end_state false); the
// statistics and end states are those of the moment it stopped.
RunResult run_case_for_history(const Case& test_case);

// Client invocations in a history (nemesis annotations left out).
std::size_t count_invoked_ops(const History& history);

}  // namespace qc
