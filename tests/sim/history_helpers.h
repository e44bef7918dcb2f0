#pragma once
// Small history analyses the known-result tests need, beyond linearizability. Both
// assume generated workloads: unique written values, and no deletes on the keys they
// look at (a key with a delete is skipped).
#include <string>
#include <vector>

#include "histories/history.h"
#include "sim/simulator.h"

namespace qc::test {

// Reads that returned a value older than a write acknowledged before the read began
// (checker/regular.h's "superseded" violations), each explained for failure messages.
std::vector<std::string> stale_reads(const History& history);

// Acknowledged writes lost for good: an ok write that follows every other write to its
// key in real time (each completed before it began), is followed by at least one ok read,
// and no read invoked after it completed returns its value.
std::vector<std::string> lost_writes(const History& history);

// Runs every event before `until_us` (or until the run ends).
void run_until(Simulator& simulator, std::int64_t until_us);

// Runs until the clients have invoked `ops` ops (or the run ends): faults placed at op
// numbers below `ops` have fired, those at `ops` or later have not.
void run_until_invoked(Simulator& simulator, std::size_t ops);

// A small, fast configuration: M = N = 3, R = W = 2, millisecond-ish latencies.
SimConfig small_config(std::uint64_t seed);

// A fault event of `kind` at op `at_op`, on `nodes` (for kinds that name nodes).
FaultEvent fault(std::int64_t at_op, FaultKind kind, std::vector<int> nodes = {});

}  // namespace qc::test
