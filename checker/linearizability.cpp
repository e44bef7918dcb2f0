#include "checker/linearizability.h"

#include <map>

#include <type_traits>

#include "checker/models.h"
#include "checker/wgl_search.h"
#include "checker/zones.h"
#include "common/assert.h"

namespace qc {
namespace {

struct KeyedOps {
  std::vector<const Operation*> ops;
  std::vector<std::size_t> inputs;  // index into the compiled inputs
};

// The zone check decides exactly, but the search's evidence (the longest linearizable
// prefix, the state it leads to, the op that cannot follow) is easier to read. A small
// budget of its own keeps this from costing more than the verdict did.
template <typename Model>
void add_search_evidence(const Model& model, const KeyedOps& group,
                         const std::vector<const typename Model::Input*>& key_inputs,
                         PartitionOutcome& decided) {
  constexpr std::uint64_t kEvidenceSteps = 1'000'000;
  SearchBudget evidence_budget(SearchLimits{0, 256ULL << 20, kEvidenceSteps});
  PartitionOutcome searched = WglSearch<Model>(model, group.ops, key_inputs, evidence_budget).run();
  QC_ASSERT(searched.verdict != Verdict::linearizable);  // the two algorithms must agree
  if (searched.verdict != Verdict::not_linearizable) return;
  searched.violation.explanation = std::move(decided.violation.explanation);
  searched.violation.involved_ops = std::move(decided.violation.involved_ops);
  decided.violation = std::move(searched.violation);
}

// The zone check where it applies (registers with distinct writes), else the search.
template <typename Model>
PartitionOutcome check_key(const Model& model, const KeyedOps& group,
                           const std::vector<const typename Model::Input*>& key_inputs,
                           const CheckOptions& options, SearchBudget& budget, CheckResult& result) {
  if constexpr (std::is_same_v<Model, RegisterModel>) {
    if (options.use_zones) {
      if (auto decided = check_by_zones(model, group.ops, key_inputs)) {
        ++result.keys_by_zones;
        if (decided->verdict == Verdict::not_linearizable) add_search_evidence(model, group, key_inputs, *decided);
        return *decided;
      }
    }
  }
  return WglSearch<Model>(model, group.ops, key_inputs, budget).run();
}

template <typename Model>
Result<CheckResult> check_with(Model model, const std::vector<Operation>& operations,
                               const CheckOptions& options) {
  using Input = typename Model::Input;
  CheckResult result;
  if (operations.empty()) {  // e.g. only nemesis events: a verdict would claim what nothing tested
    result.verdict = Verdict::unknown;
    result.unknown_reason = "no client operation to judge (the history holds only nemesis events)";
    return result;
  }
  std::vector<Input> inputs;
  std::vector<const Operation*> kept;
  inputs.reserve(operations.size());
  for (const Operation& operation : operations) {
    if (operation.outcome == Outcome::fail) continue;  // certainly did not happen
    auto compiled = model.compile(operation);
    if (!compiled.is_ok()) return compiled.status();
    inputs.push_back(std::move(compiled).value());
    kept.push_back(&operation);
  }
  for (const Input& input : inputs) model.observe(input);

  // std::map: keys are checked, and reported, in a stable order.
  std::map<std::optional<std::string>, KeyedOps> by_key;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (model.droppable(inputs[i])) {
      ++result.operations_dropped;
      continue;
    }
    KeyedOps& group = by_key[kept[i]->key];
    group.ops.push_back(kept[i]);
    group.inputs.push_back(i);
    ++result.operations;
  }
  result.keys = by_key.size();

  SearchBudget budget(options.limits);
  for (auto& [key, group] : by_key) {
    std::vector<const Input*> key_inputs;
    key_inputs.reserve(group.inputs.size());
    for (std::size_t index : group.inputs) key_inputs.push_back(&inputs[index]);
    PartitionOutcome outcome = check_key(model, group, key_inputs, options, budget, result);
    result.visited_max = std::max<std::uint64_t>(result.visited_max, outcome.visited);
    if (outcome.verdict == Verdict::not_linearizable) {
      outcome.violation.key = key;
      result.violations.push_back(std::move(outcome.violation));
    } else if (outcome.verdict == Verdict::unknown) {
      result.unknown_reason = budget.exhausted_reason() +
                              (key ? " on key " + *key : std::string(" on the register"));
      break;
    }
  }
  result.search_steps = budget.steps();
  if (!result.violations.empty()) {
    result.verdict = Verdict::not_linearizable;  // a violation found is a violation
  } else if (!result.unknown_reason.empty()) {
    result.verdict = Verdict::unknown;
  }
  return result;
}

}  // namespace

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::linearizable: return "linearizable";
    case Verdict::not_linearizable: return "not linearizable";
    case Verdict::unknown: return "unknown";
  }
  return "?";
}

Result<CheckResult> check_linearizability(const std::vector<Operation>& operations,
                                          const CheckOptions& options) {
  const std::string& name = options.model;
  if (name == "cas-register") {
    return check_with(RegisterModel(options.model_options, true), operations, options);
  }
  if (name == "register") {
    return check_with(RegisterModel(options.model_options, false), operations, options);
  }
  if (name == "kv-append") return check_with(KvAppendModel(), operations, options);
  return Status::error(ErrorKind::usage,
                       "unknown model \"" + name + "\"; expected one of " + kModelNames);
}

}  // namespace qc
