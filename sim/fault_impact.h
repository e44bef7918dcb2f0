#pragma once
// What a run's fault events did to its workload (see sim/simulator.h for when a fault
// touches an op), and tallies of it by fault kind, so that a verdict can say which
// faults really hit the workload and a property is never called tested under a kind
// that touched nothing.
#include <cstdint>
#include <string>
#include <vector>

#include "faults/schedule.h"

namespace qc {

// What one fault event of the schedule did to the workload.
struct FaultImpact {
  FaultKind kind = FaultKind::heal;
  std::int64_t at_op = 0;
  bool fired = false;             // the workload reached at_op
  std::int64_t fired_at_us = 0;
  std::uint64_t ops_touched = 0;  // distinct client ops it touched
};

// Whether a kind ends a fault (heal, restart, resume) rather than injecting one.
bool is_recovery(FaultKind kind);

struct FaultKindTally {
  std::string kind;               // to_string(FaultKind)
  std::uint64_t events = 0;       // in the schedules
  std::uint64_t fired = 0;        // reached by the workload
  std::uint64_t hit = 0;          // touched at least one op
  std::uint64_t ops_touched = 0;  // summed over events
  friend bool operator==(const FaultKindTally&, const FaultKindTally&) = default;
};

// By kind, in FaultKind order, recoveries left out, kinds with no event left out.
std::vector<FaultKindTally> tally_by_kind(const std::vector<FaultImpact>& impacts);
// Adds `more` into `into`, keeping FaultKind order.
void add_tallies(std::vector<FaultKindTally>& into, const std::vector<FaultKindTally>& more);
// The kinds that hit at least once, and those that were injected but never hit.
std::vector<std::string> kinds_that_hit(const std::vector<FaultKindTally>& tallies);
std::vector<std::string> kinds_that_missed(const std::vector<FaultKindTally>& tallies);
// "crash 3/3 hit (41 ops), clock-bump 0/1 hit" (fired events only), or "none".
std::string describe_tallies(const std::vector<FaultKindTally>& tallies);

}  // namespace qc
