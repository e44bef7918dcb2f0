#pragma once
// A case is one simulator run to check: the whole SimConfig (the store configuration is
// fixed by the campaign, the workload and the simulator seed are drawn) and a fault
// schedule. case_generator(space) draws cases as rc::Shrinkable values whose shrinks
// drop fault episodes, move them earlier and onto fewer nodes, and shrink the workload
// toward fewer clients, ops and keys; the seed never shrinks (a different seed is a
// different run, not a simpler one).
#include <cstdint>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "common/status.h"
#include "faults/schedule.h"
#include "sim/sim_config.h"
#include "sim/simulator.h"

namespace qc {

struct Case {
  SimConfig config;  // config.seed is the simulator seed
  FaultSchedule faults;
};

struct CountRange {  // inclusive
  std::uint32_t min = 1;
  std::uint32_t max = 1;
};

// What a campaign draws from. `base` fixes the store configuration, the network, the
// clocks and the workload's think time and timeouts; the ranges below replace the
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

// Every case drawn passes validate(SimConfig) and validate(FaultSchedule, node_count).
// `space` must pass validate().
rc::Gen<Case> case_generator(const CaseSpace& space);

// Runs the case in the simulator and numbers the history's lines (index + 1), so
// evidence can name lines of the history as JSON Lines.
// The quiet period after the final heal: at least `requested_us`, and with anti-entropy
// on long enough for every node to sync with every peer in turn.
std::int64_t quiet_period_us(std::int64_t requested_us, const Config& store);

RunResult run_case(const Case& test_case);

// Client invocations in a history (nemesis annotations left out).
std::size_t count_invoked_ops(const History& history);

// The fault kinds a schedule injects (recoveries left out), as to_string(FaultKind)
// names, sorted, each once.
std::vector<std::string> fault_kinds_used(const FaultSchedule& faults);

}  // namespace qc
