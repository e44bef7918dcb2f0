#include "checker/linearizability.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string_view>
#include <type_traits>
#include <unordered_map>

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

// Decides keys in rounds of growing step budgets (20,000 steps each, then 8 times more
// for the keys still open), so that one expensive key cannot starve the cheap ones: a
// violation on any key is found after at most a few rounds. The first violation ends
// the check unless options.all_keys. Keys given up for memory stay undecided while the
// others go on; the whole check's step or time budget running out ends it. Steps spent
// on a key's unfinished rounds count against the budget too (at most 1/7 more).
class KeyScheduler {
 public:
  explicit KeyScheduler(const CheckOptions& options)
      : options_(options), start_(std::chrono::steady_clock::now()) {}

  void add(const std::optional<std::string>* key, const KeyedOps* group) { pending_.push_back({key, group}); }

  template <typename CheckKey>
  void run(const CheckKey& check, CheckResult& result) {
    std::uint64_t round_steps = kFirstRoundSteps;
    while (!pending_.empty()) {
      std::vector<Pending> next;
      for (const Pending& key : pending_) {
        const Attempt attempt = limits_for(round_steps);
        if (attempt.out_of_budget) return give_up(result, *key.key, global_reason());
        SearchBudget budget(attempt.limits);
        PartitionOutcome outcome = check(*key.group, budget);
        steps_used_ += budget.steps();
        result.search_steps = steps_used_;
        if (outcome.verdict == Verdict::not_linearizable) {
          outcome.violation.key = *key.key;
          result.violations.push_back(std::move(outcome.violation));
          if (!options_.all_keys) return stop_at_violation(result, key);
        } else if (outcome.verdict == Verdict::unknown) {
          const bool round_ended = attempt.round_binds && budget.steps() > attempt.limits.steps;
          if (round_ended) {
            next.push_back(key);
          } else if (budget.ran_out_of_memory()) {
            if (result.unknown_reason.empty()) result.unknown_reason = on_key(budget.exhausted_reason(), *key.key);
          } else {
            return give_up(result, *key.key, global_reason());
          }
        }
      }
      pending_ = std::move(next);
      round_steps = round_steps > UINT64_MAX / kGrowth ? UINT64_MAX : round_steps * kGrowth;
    }
  }

 private:
  static constexpr std::uint64_t kFirstRoundSteps = 20'000;
  static constexpr std::uint64_t kGrowth = 8;
  struct Pending {
    const std::optional<std::string>* key;
    const KeyedOps* group;
  };
  struct Attempt {
    SearchLimits limits;
    bool round_binds = true;     // the round's cap, not the whole budget, limits the steps
    bool out_of_budget = false;  // nothing left of the whole check's budget
  };

  std::int64_t elapsed_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_).count();
  }

  Attempt limits_for(std::uint64_t round_steps) const {
    Attempt attempt;
    attempt.limits = options_.limits;
    const std::uint64_t left = options_.limits.steps == 0 ? UINT64_MAX : options_.limits.steps - std::min(options_.limits.steps, steps_used_);
    attempt.round_binds = round_steps < left;
    attempt.limits.steps = std::min(round_steps, left);
    if (options_.limits.time_ms != 0) attempt.limits.time_ms = std::max<std::int64_t>(1, options_.limits.time_ms - elapsed_ms());
    attempt.out_of_budget = left == 0 || (options_.limits.time_ms != 0 && elapsed_ms() >= options_.limits.time_ms);
    return attempt;
  }

  std::string global_reason() const {
    if (options_.limits.steps != 0 && steps_used_ >= options_.limits.steps)
      return "step budget of " + std::to_string(options_.limits.steps) + " steps ran out";
    return "time budget of " + std::to_string(options_.limits.time_ms) + " ms ran out";
  }

  static std::string on_key(const std::string& reason, const std::optional<std::string>& key) {
    return reason + (key ? " on key " + *key : std::string(" on the register"));
  }

  // Every pending key but the violating one is left unchecked.
  void stop_at_violation(CheckResult& result, const Pending& violating) {
    result.keys_left_unchecked = 0;
    for (const Pending& key : pending_) result.keys_left_unchecked += key.group != violating.group;
    pending_.clear();
  }

  void give_up(CheckResult& result, const std::optional<std::string>& key, const std::string& reason) {
    result.unknown_reason = on_key(reason, key);
    pending_.clear();
  }

  const CheckOptions& options_;
  std::chrono::steady_clock::time_point start_;
  std::vector<Pending> pending_;
  std::uint64_t steps_used_ = 0;
};

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
  // The same groups found by hashing (a million ops would otherwise each walk the map's
  // string comparisons); map nodes never move, so the pointers stay valid.
  std::unordered_map<std::string_view, KeyedOps*> group_of_key;
  KeyedOps* keyless = nullptr;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (model.droppable(inputs[i])) {
      ++result.operations_dropped;
      continue;
    }
    const std::optional<std::string>& key = kept[i]->key;
    KeyedOps*& found = key ? group_of_key[*key] : keyless;
    if (found == nullptr) found = &by_key[key];
    KeyedOps& group = *found;
    group.ops.push_back(kept[i]);
    group.inputs.push_back(i);
    ++result.operations;
  }
  result.keys = by_key.size();

  KeyScheduler scheduler(options);
  for (auto& [key, group] : by_key) scheduler.add(&key, &group);
  scheduler.run([&](const KeyedOps& group, SearchBudget& budget) {
    std::vector<const Input*> key_inputs;
    key_inputs.reserve(group.inputs.size());
    for (std::size_t index : group.inputs) key_inputs.push_back(&inputs[index]);
    PartitionOutcome outcome = check_key(model, group, key_inputs, options, budget, result);
    result.visited_max = std::max<std::uint64_t>(result.visited_max, outcome.visited);
    return outcome;
  }, result);
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
