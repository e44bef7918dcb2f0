#pragma once
// `claims --prove-workload`: each history property of a claims report explored
// exhaustively within a small scope (the report's store, a given workload and fault
// budgets), beside its sampled verdict. A property refuted within the scope is refuted,
// with the shortest schedule; one that holds there says so, and what the sampled cases
// found beyond the scope still counts.
#include <string>

#include "explore/claims.h"
#include "modelcheck/explorer.h"

namespace qc {

struct ProofScope {
  Workload workload;
  FaultBudget faults;
  ExploreLimits limits;  // per property
};

// Explores the scope once per history property in report.lines and merges the outcome
// into each line (status, evidence, detail) and report.proof_scope. With `out_dir`
// non-empty, a counterexample is written there as <property>-counterexample.json.
// Usage errors: a scope the explorer cannot model (validate(Scope)); io errors: a file
// that cannot be written.
Status prove_within_scope(ClaimsReport& report, const Config& store, const ProofScope& proof,
                          const CheckBudget& budget, const std::string& out_dir);

// One property over `scope`, as the gate's test cases read it: holds (cases_checked is
// the number of complete executions), refuted (the counterexample written to out_dir,
// its path, verdict and number of steps, as ops_after_shrink, in the refutation) or undecided (the search incomplete, and why).
// `property` must be a known name.
Result<PropertyResult> prove_property(const Scope& scope, const std::string& property, const ExploreLimits& limits,
                                      const CheckBudget& budget, const std::string& out_dir);

}  // namespace qc
