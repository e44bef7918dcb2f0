// The built-in properties: linearizability (as a register) and convergence.
#include "checker/linearizability.h"
#include "checker/report.h"
#include "common/assert.h"
#include "explore/property.h"

namespace qc {

PropertyVerdict check_linearizable(const Case&, const RunResult& run, const CheckBudget& budget) {
  auto operations = pair_operations(run.history);
  QC_ASSERT(operations.is_ok());  // the simulator's own history must follow the rules
  CheckOptions options;
  options.model = "register";
  options.limits = budget.search;
  options.use_zones = budget.use_zones;
  auto checked = check_linearizability(operations.value(), options);
  QC_ASSERT(checked.is_ok());
  const CheckResult& result = checked.value();
  PropertyVerdict verdict;
  verdict.evidence = render_json("history", "register", result, operations.value());
  switch (result.verdict) {
    case Verdict::linearizable:
      verdict.text = "linearizable (" + std::to_string(result.operations) + " ops)";
      return verdict;
    case Verdict::not_linearizable:
      verdict.outcome = PropertyOutcome::violated;
      verdict.text = render_text("history", "register", result, operations.value());
      return verdict;
    case Verdict::unknown: break;
  }
  verdict.outcome = PropertyOutcome::undecided;
  verdict.text = "undecided: " + result.unknown_reason;
  return verdict;
}

PropertyVerdict check_convergence(const Case&, const RunResult& run, const CheckBudget&) {
  PropertyVerdict verdict;
  verdict.evidence = {{"converged", run.stats.converged}, {"divergent_keys", run.stats.divergent_keys},
                      {"end_time_us", run.stats.end_time_us}};
  if (run.stats.converged) {
    verdict.text = "all replicas of every key agree at the end";
    return verdict;
  }
  verdict.outcome = PropertyOutcome::violated;
  std::string keys;
  for (const std::string& key : run.stats.divergent_keys) keys += (keys.empty() ? "" : ", ") + key;
  verdict.text = "replicas still disagree at the end (virtual time " + std::to_string(run.stats.end_time_us) +
                 " us) on " + std::to_string(run.stats.divergent_keys.size()) + " key(s): " + keys;
  return verdict;
}

}  // namespace qc
