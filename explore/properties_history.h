#pragma once
// Properties over a run's history beyond linearizability: the quorum guarantee (a
// regular register), the session guarantees, and no lost acknowledged writes. Their
// definitions are in checker/regular.h, checker/sessions.h and checker/lost_writes.h.
#include "explore/property.h"

namespace qc {

PropertyVerdict check_regular_property(const Case&, const RunResult& run, const CheckBudget&);
PropertyVerdict check_read_your_writes(const Case&, const RunResult& run, const CheckBudget&);
PropertyVerdict check_monotonic_reads(const Case&, const RunResult& run, const CheckBudget&);
// The final state is what the nodes hold at the end: per key, the version that wins the
// LWW merge over every node's copy (the value the replicas converge to).
PropertyVerdict check_no_lost_writes(const Case&, const RunResult& run, const CheckBudget&);

// That final state, for a run's keys k0.. (nil: absent or deleted).
std::map<std::string, std::optional<std::string>> final_state_of(const Case& run_case, const RunResult& run);

}  // namespace qc
