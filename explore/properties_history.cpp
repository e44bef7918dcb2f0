#include "explore/properties_history.h"

#include "checker/lost_writes.h"
#include "checker/models.h"
#include "checker/regular.h"
#include "checker/sessions.h"
#include "common/assert.h"

namespace qc {
namespace {

constexpr std::size_t kViolationsShown = 3;

std::vector<Operation> operations_of(const RunResult& run) {
  auto operations = pair_operations(run.history);
  QC_ASSERT(operations.is_ok());  // the simulator's own history must follow the rules
  return std::move(operations).value();
}

// One violation for people: the explanation, then each op involved.
std::string describe(const std::string& explanation, const std::vector<std::int32_t>& involved,
                     const std::vector<Operation>& operations) {
  std::string text = "  " + explanation + ":\n";
  for (std::int32_t op : involved) {
    text += "    " + describe_operation(operations[static_cast<std::size_t>(op)]) + "\n";
  }
  return text;
}

template <typename Violation>
PropertyVerdict verdict_from(const std::vector<const Violation*>& violations, std::size_t checked,
                             const std::string& what_holds, const std::string& what_failed,
                             const std::vector<Operation>& operations) {
  PropertyVerdict verdict;
  verdict.evidence = {{"checked", checked}, {"violations", violations.size()}};
  if (violations.empty()) {
    verdict.text = what_holds + " (" + std::to_string(checked) + " checked)";
    return verdict;
  }
  verdict.outcome = PropertyOutcome::violated;
  verdict.text = std::to_string(violations.size()) + " " + what_failed + ":\n";
  nlohmann::ordered_json shown = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < violations.size() && i < kViolationsShown; ++i) {
    verdict.text += describe(violations[i]->explanation, violations[i]->involved_ops, operations);
    nlohmann::ordered_json item;
    item["explanation"] = violations[i]->explanation;
    item["ops"] = nlohmann::ordered_json::array();
    for (std::int32_t op : violations[i]->involved_ops) {
      item["ops"].push_back(describe_operation(operations[static_cast<std::size_t>(op)]));
    }
    shown.push_back(std::move(item));
  }
  verdict.evidence["first"] = std::move(shown);
  return verdict;
}

template <typename Violation>
std::vector<const Violation*> pointers(const std::vector<Violation>& all) {
  std::vector<const Violation*> result;
  for (const Violation& violation : all) result.push_back(&violation);
  return result;
}

PropertyVerdict check_session(const RunResult& run, SessionGuarantee guarantee, const std::string& name) {
  const std::vector<Operation> operations = operations_of(run);
  const SessionResult result = check_sessions(operations);
  std::vector<const SessionViolation*> violations;
  for (const SessionViolation& violation : result.violations) {
    if (violation.guarantee == guarantee) violations.push_back(&violation);
  }
  return verdict_from(violations, result.reads_checked, name + " holds for every read",
                      name + " violations", operations);
}

}  // namespace

PropertyVerdict check_regular_property(const Case&, const RunResult& run, const CheckBudget&) {
  const std::vector<Operation> operations = operations_of(run);
  const RegularResult result = check_regular(operations);
  return verdict_from(pointers(result.violations), result.reads_checked,
                      "every read returned a write not superseded before it began, or a concurrent one",
                      "reads older than the last acknowledged write", operations);
}

PropertyVerdict check_read_your_writes(const Case&, const RunResult& run, const CheckBudget&) {
  return check_session(run, SessionGuarantee::read_your_writes, "read-your-writes");
}

PropertyVerdict check_monotonic_reads(const Case&, const RunResult& run, const CheckBudget&) {
  return check_session(run, SessionGuarantee::monotonic_reads, "monotonic reads");
}

std::map<std::string, std::optional<std::string>> final_state_of(const Case& run_case, const RunResult& run) {
  std::map<std::string, std::optional<std::string>> state;
  const bool arrival_ties = run_case.config.store.planted_bugs.lww_tie_break_by_arrival;
  for (const std::string& key : keys_of(run_case.workload)) {
    std::optional<Version> winner;
    for (const std::shared_ptr<const StoreNode>& node : run.final_nodes) {
      if (!node) continue;
      const std::optional<Version> held = node->version_of(key);
      if (held) winner = winner ? lww_merge(*winner, *held, arrival_ties) : *held;
    }
    state[key] = winner && !winner->tombstone ? std::optional<std::string>(winner->value) : std::nullopt;
  }
  return state;
}

PropertyVerdict check_no_lost_writes(const Case& run_case, const RunResult& run, const CheckBudget&) {
  const std::vector<Operation> operations = operations_of(run);
  const LostWritesResult result = check_lost_writes(operations, final_state_of(run_case, run));
  return verdict_from(pointers(result.lost), result.acknowledged_writes,
                      "every acknowledged write is in the final state or superseded there",
                      "acknowledged writes lost", operations);
}

}  // namespace qc
