#include "modelcheck/claims_proof.h"

#include <filesystem>
#include <fstream>

#include "modelcheck/counterexample.h"

namespace qc {
namespace {

Result<std::string> write_counterexample(const Scope& scope, const Counterexample& example,
                                         const std::string& out_dir) {
  if (out_dir.empty()) return std::string();
  std::error_code ignored;
  std::filesystem::create_directories(out_dir, ignored);
  const std::string path = (std::filesystem::path(out_dir) / (example.property + "-counterexample.json")).string();
  std::ofstream file(path, std::ios::binary);
  file << counterexample_to_json(make_counterexample_file(scope, example));
  if (!file.flush()) return Status::error(ErrorKind::io, path + ": cannot write the counterexample");
  return path;
}

std::string states_text(const ExploreFigures& f) {
  return std::to_string(f.states) + " states, " + std::to_string(f.complete_executions) + " complete executions";
}

// The line's verdict with the exploration's outcome beside it.
Status merge(ClaimLine& line, const Scope& scope, const ExploreResult& result, const std::string& out_dir) {
  switch (result.outcome) {
    case ExploreOutcome::holds:
      line.evidence = "exhaustive within scope + sampled";
      line.detail = "holds on every schedule of the scope (" + states_text(result.figures) + "); sampled: " + line.detail;
      return Status::ok();
    case ExploreOutcome::refuted: {
      auto path = write_counterexample(scope, *result.counterexample, out_dir);
      if (!path.is_ok()) return path.status();
      line.status = ClaimStatus::refuted;
      line.evidence = "exhaustive within scope + sampled";
      line.detail = "refuted within the scope by a schedule of " + std::to_string(result.counterexample->steps.size()) +
                    " steps (the shortest)" +
                    (path.value().empty() ? "" : "; replay: quorumcheck replay " + path.value()) +
                    "; sampled: " + line.detail;
      return Status::ok();
    }
    case ExploreOutcome::incomplete: {
      if (result.counterexample) {  // real, though perhaps not the shortest
        auto path = write_counterexample(scope, *result.counterexample, out_dir);
        if (!path.is_ok()) return path.status();
        line.status = ClaimStatus::refuted;
        line.evidence = "exhaustive within scope + sampled";
        line.detail = "refuted within the scope by a schedule of " +
                      std::to_string(result.counterexample->steps.size()) + " steps (" + result.incomplete_reason +
                      ")" + (path.value().empty() ? "" : "; replay: quorumcheck replay " + path.value()) +
                      "; sampled: " + line.detail;
        return Status::ok();
      }
      line.detail = "exhaustive search of the scope INCOMPLETE (" + result.incomplete_reason + "); sampled: " + line.detail;
      return Status::ok();
    }
  }
  return Status::ok();
}

}  // namespace

Result<PropertyResult> prove_property(const Scope& scope, const std::string& property, const ExploreLimits& limits,
                                      const CheckBudget& budget, const std::string& out_dir) {
  auto found = find_property(property);
  if (!found.is_ok()) return found.status();
  const ExploreResult explored = explore(scope, {found.value()}, limits, budget);
  PropertyResult result;
  result.property = property + " (exhaustive within scope)";
  result.cases_checked = explored.figures.complete_executions;
  if (explored.counterexample) {  // real, even when the search ran out afterwards
    auto path = write_counterexample(scope, *explored.counterexample, out_dir);
    if (!path.is_ok()) return path.status();
    Refutation refutation;
    refutation.bundle_path = path.value();
    refutation.verdict = explored.counterexample->verdict;
    refutation.ops_before_shrink = refutation.ops_after_shrink = explored.counterexample->steps.size();
    result.status = ClaimStatus::refuted;
    result.cases_violated = 1;
    result.refutations.push_back(std::move(refutation));
  } else if (explored.outcome == ExploreOutcome::incomplete) {
    result.status = ClaimStatus::undecided;
    result.cases_undecided = 1;
    result.undecided_reason = "exhaustive search incomplete: " + explored.incomplete_reason;
  }
  return result;
}

Status prove_within_scope(ClaimsReport& report, const Config& store, const ProofScope& proof,
                          const CheckBudget& budget, const std::string& out_dir) {
  Scope scope;
  scope.store = store;
  scope.workload = proof.workload;
  scope.faults = proof.faults;
  if (Status valid = validate(scope); !valid.is_ok()) return valid;
  report.proof_scope = describe(scope);
  for (ClaimLine& line : report.lines) {
    auto property = find_property(line.property);
    if (!property.is_ok()) continue;  // availability lines: not a property of histories
    const ExploreResult result = explore(scope, {property.value()}, proof.limits, budget);
    if (Status merged = merge(line, scope, result, out_dir); !merged.is_ok()) return merged;
  }
  return Status::ok();
}

}  // namespace qc
