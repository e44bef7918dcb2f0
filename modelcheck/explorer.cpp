#include "modelcheck/explorer.h"

#include <algorithm>
#include <new>
#include <unordered_map>

#include "common/assert.h"
#include "impl/hash.h"
#include "modelcheck/visited_table.h"

namespace qc {
namespace {

using SteadyClock = std::chrono::steady_clock;

bool reads_end_state(const std::vector<const Property*>& properties) {
  return std::any_of(properties.begin(), properties.end(), [](const Property* p) { return p->needs_end_state; });
}

struct Sleeping {
  std::uint64_t key = 0;
  Footprint footprint;
};

class Search {
 public:
  Search(const Scope& scope, const std::vector<const Property*>& properties, const ExploreLimits& limits,
         const CheckBudget& budget, const ExploreProgress& progress)
      : scope_(scope), properties_(properties), limits_(limits), budget_(budget), progress_(progress),
        end_state_(reads_end_state(properties)), without_losses_(scope) {
    without_losses_.faults.losses = 0;
    if (delays_losses(scope, properties, limits)) searched_ = &without_losses_;
  }

  ExploreResult run() {
    started_ = SteadyClock::now();
    last_progress_ = started_;
    least_depth_ = !limits_.two_passes;
    result_.figures.losses_delayed = searched_ != &scope_;
    search_pass();
    // A counterexample found without losses is one of the scope's, but one with a loss
    // may be shorter: the search for the shortest takes every step of the scope.
    const bool shortest_left = limits_.two_passes || searched_ != &scope_;
    searched_ = &scope_;
    if (shortest_left && result_.counterexample && !stopped()) shortest_pass();
    result_.figures.seconds = elapsed();
    if (result_.counterexample) {
      auto replayed = replay_steps(scope_, result_.counterexample->steps);
      QC_ASSERT(replayed.is_ok());  // the search took exactly these steps
      result_.counterexample->descriptions = std::move(replayed).value().descriptions;
    }
    if (!result_.incomplete_reason.empty()) {
      result_.outcome = ExploreOutcome::incomplete;
      if (result_.counterexample) result_.incomplete_reason += "; a counterexample was found but may not be the shortest";
    } else if (result_.counterexample) {
      result_.outcome = ExploreOutcome::refuted;
    } else if (result_.undecided_checks > 0) {
      result_.outcome = ExploreOutcome::incomplete;
      result_.incomplete_reason = std::to_string(result_.undecided_checks) + " complete execution(s) the checkers could not decide";
    }
    return std::move(result_);
  }

 private:
  void search_pass() {
    try {
      SystemState initial(*searched_);
      dfs(initial, 0, {});
    } catch (const std::bad_alloc&) {
      visited_.clear();
      stop("memory ran out (the visited table held " + std::to_string(result_.figures.states) + " states)");
    }
  }

  // The first pass expanded each state once, at whatever depth it was first reached,
  // and stopped at its first counterexample (of d steps, say); this one starts afresh,
  // expands a state again whenever it is reached by fewer steps and none at depth
  // d - 1 or more, so that what it ends with has the fewest steps of any. Only its
  // states and transitions are added to the figures.
  void shortest_pass() {
    const ExploreFigures first = result_.figures;
    visited_.clear();
    result_.figures = ExploreFigures{};
    least_depth_ = true;
    search_pass();
    const ExploreFigures second = result_.figures;
    result_.figures = first;
    result_.figures.shortest_pass_states = second.states;
    result_.figures.transitions += second.transitions;
    result_.figures.revisits += second.revisits;
    result_.figures.memory_bytes = std::max(first.memory_bytes, second.memory_bytes);
    result_.figures.done_share = second.done_share;
    result_.figures.estimated_states = second.estimated_states;
  }

  // The first of two passes (ExploreLimits::two_passes) ends at its first
  // counterexample: the second looks for the shortest.
  bool first_pass_done() const {
    return !least_depth_ && !limits_.collect_histories && result_.counterexample.has_value();
  }

  double elapsed() const { return std::chrono::duration<double>(SteadyClock::now() - started_).count(); }

  void stop(std::string reason) {
    if (!result_.incomplete_reason.empty()) return;
    result_.incomplete_reason = std::move(reason);
    forecast(result_.figures);  // how far it got
  }

  void forecast(ExploreFigures& f) const {
    f.done_share = done_share();
    f.estimated_states = f.done_share > 0 ? static_cast<double>(f.states) / f.done_share : 0;
  }
  bool stopped() const { return !result_.incomplete_reason.empty(); }

  void check_budgets() {
    ExploreFigures& f = result_.figures;
    if (f.states >= limits_.states_max)
      stop("the state budget ran out (" + std::to_string(limits_.states_max) + " states)");
    if ((++budget_checks_ & 1023) != 0) return;  // every call: revisits too, not just new states
    const auto now = SteadyClock::now();
    if (limits_.seconds > 0 && elapsed() >= limits_.seconds)
      stop("the time budget ran out (" + std::to_string(static_cast<long long>(limits_.seconds)) + " s)");
    if (progress_ && now - last_progress_ >= std::chrono::seconds(2)) {
      last_progress_ = now;
      f.seconds = elapsed();
      forecast(f);
      progress_(f);
    }
  }

  // A complete execution; or, when every property reads the history alone, one whose
  // history is final: what follows cannot change a verdict, so it is not explored.
  bool terminal(const SystemState& state) const {
    return state.complete() || (!end_state_ && state.all_ops_done());
  }

  double done_share() const {
    double share = 0, weight = 1;
    for (const auto& [index, count] : position_) {
      share += weight * index / count;
      weight /= count;
    }
    return share;
  }

  // Judges a complete execution once; history-only verdicts are shared by every state
  // with the same history.
  bool judge_complete(const SystemState& state) {
    ++result_.figures.complete_executions;
    std::optional<Judgement> found = judge_cached(state);
    if (!found) return false;
    if (found->verdict.outcome == PropertyOutcome::undecided) {
      ++result_.undecided_checks;
      return false;
    }
    return true;
  }

  std::optional<Judgement> judge_cached(const SystemState& state) {
    const std::uint64_t history = state.history_hash();
    if (limits_.collect_histories) result_.histories.insert(history);
    if (!end_state_) {
      auto cached = judged_.find(history);
      if (cached != judged_.end()) return cached->second;
    }
    ++result_.figures.histories_checked;
    std::optional<Judgement> found = judge(state, properties_, budget_);
    if (limits_.collect_histories)
      result_.verdicts.insert(std::to_string(history) + " " + (found ? found->property + " " + to_string(found->verdict.outcome) : "holds"));
    if (!end_state_) judged_.emplace(history, found);
    return found;
  }

  // The verdict is taken again on this state's own history: a cached one may come from
  // another history with the same hash, whose evidence names other events.
  void record_counterexample(const SystemState& state, std::uint32_t depth) {
    std::optional<Judgement> found = judge(state, properties_, budget_);
    if (!found || found->verdict.outcome != PropertyOutcome::violated) return;
    best_depth_ = depth;
    Counterexample example;
    example.steps = path_;
    example.property = found->property;
    example.verdict = std::move(found->verdict);
    example.history = state.history(true);
    result_.counterexample = std::move(example);
  }

  // The sleeping steps (carried from the parent, named by Step::key()) by their
  // canonical keys in this state, sorted. A sleeping step is enabled here (it commutes
  // with every step taken since it fell asleep); when no step is left (a final
  // history), its key stays as it is and names nothing.
  static std::vector<std::uint64_t> canonical_asleep(const std::vector<Step>& steps,
                                                     const std::vector<std::uint64_t>& step_keys,
                                                     const std::vector<Sleeping>& asleep) {
    std::vector<std::uint64_t> keys, raw_keys;
    if (!asleep.empty())
      for (const Step& step : steps) raw_keys.push_back(step.key());
    for (const Sleeping& s : asleep) {
      const auto at = std::find(raw_keys.begin(), raw_keys.end(), s.key);
      keys.push_back(at == raw_keys.end() ? s.key : step_keys[static_cast<std::size_t>(at - raw_keys.begin())]);
    }
    std::sort(keys.begin(), keys.end());
    return keys;
  }

  void dfs(const SystemState& state, std::uint32_t depth, const std::vector<Sleeping>& asleep) {
    if (stopped() || first_pass_done()) return;
    check_budgets();
    if (stopped()) return;
    ExploreFigures& f = result_.figures;
    f.max_depth = std::max(f.max_depth, depth);
    const bool history_final = !end_state_ && state.all_ops_done();
    const std::vector<Step> steps = history_final ? std::vector<Step>{} : state.steps();
    // Steps by their canonical keys (SystemState::canonical), which name a step alike in
    // every state of one hash: the visited table compares sleep sets across such states.
    const SystemState::Canonical canonical = state.canonical(limits_.state_caching && limits_.forgetting, steps);
    const std::vector<std::uint64_t> asleep_keys = canonical_asleep(steps, canonical.step_keys, asleep);
    std::vector<Step> to_explore;
    bool violating = false;
    if (!limits_.state_caching) {
      ++f.states;
      violating = terminal(state) && judge_complete(state);
      for (std::size_t i = 0; i < steps.size(); ++i)
        if (!std::binary_search(asleep_keys.begin(), asleep_keys.end(), canonical.step_keys[i])) to_explore.push_back(steps[i]);
    } else {
      if (visited_.bytes_of_next_growth() > 0 &&
          visited_.bytes() + visited_.bytes_of_next_growth() > limits_.memory_mb * 1024 * 1024) {
        stop("the memory budget ran out (" + std::to_string(limits_.memory_mb) + " MB for visited states)");
        return;
      }
      auto [v, first] = visited_.find_or_insert(canonical.hash);
      if (first) {
        ++f.states;
        v->depth = depth;
        visited_.set_asleep(*v, asleep_keys);
        v->violating = terminal(state) && judge_complete(state);
        for (std::size_t i = 0; i < steps.size(); ++i)
          if (!std::binary_search(asleep_keys.begin(), asleep_keys.end(), canonical.step_keys[i])) to_explore.push_back(steps[i]);
      } else {
        ++f.revisits;
        const std::span<const std::uint64_t> then = visited_.asleep(*v);
        std::vector<std::uint64_t> still_asleep;
        std::set_intersection(then.begin(), then.end(), asleep_keys.begin(), asleep_keys.end(),
                              std::back_inserter(still_asleep));
        for (std::size_t i = 0; i < steps.size(); ++i) {
          const std::uint64_t key = canonical.step_keys[i];
          const bool asleep_now = std::binary_search(asleep_keys.begin(), asleep_keys.end(), key);
          const bool asleep_then = std::binary_search(then.begin(), then.end(), key);
          if (!asleep_now && ((least_depth_ && depth < v->depth) || asleep_then)) to_explore.push_back(steps[i]);
        }
        visited_.set_asleep(*v, still_asleep);
        if (depth < v->depth) v->depth = depth;
        else if (to_explore.empty()) return;
      }
      f.memory_bytes = std::max(f.memory_bytes, visited_.bytes());
      violating = v->violating;
    }
    if (violating && depth < best_depth_) record_counterexample(state, depth);
    if (!limits_.collect_histories && depth + 1 >= best_depth_) return;  // nothing shorter below
    std::vector<Sleeping> done;
    position_.emplace_back(0, static_cast<double>(to_explore.size()));
    for (const Step& step : to_explore) {
      if (stopped() || first_pass_done()) break;
      SystemState child = state;
      const Footprint footprint = child.apply(step);
      ++f.transitions;
      std::vector<Sleeping> child_asleep;
      if (limits_.sleep_sets) {
        for (const Sleeping& s : asleep)
          if (independent(s.footprint, footprint)) child_asleep.push_back(s);
        for (const Sleeping& s : done)
          if (independent(s.footprint, footprint)) child_asleep.push_back(s);
      }
      path_.push_back(step);
      dfs(child, depth + 1, child_asleep);
      path_.pop_back();
      done.push_back(Sleeping{step.key(), footprint});
      ++position_.back().first;
    }
    position_.pop_back();
  }

  const Scope& scope_;
  const std::vector<const Property*>& properties_;
  const ExploreLimits& limits_;
  const CheckBudget& budget_;
  const ExploreProgress& progress_;
  const bool end_state_;  // some property reads the nodes' end state
  Scope without_losses_;     // the scope with its lost-message budget at 0
  const Scope* searched_ = &scope_;  // the scope the current pass explores
  ExploreResult result_;
  VisitedTable visited_;
  std::unordered_map<std::uint64_t, std::optional<Judgement>> judged_;  // by history hash
  std::vector<Step> path_;
  std::vector<std::pair<double, double>> position_;  // per depth: (children done, children)
  std::uint32_t best_depth_ = UINT32_MAX;
  bool least_depth_ = true;  // expand a state again when it is reached by fewer steps
  std::uint64_t budget_checks_ = 0;
  SteadyClock::time_point started_, last_progress_;
};

constexpr std::uint32_t kHealRounds = 2;  // anti-entropy rounds per node after the final heal

}  // namespace

const char* to_string(ExploreOutcome outcome) {
  switch (outcome) {
    case ExploreOutcome::holds: return "HOLDS EXHAUSTIVELY";
    case ExploreOutcome::refuted: return "REFUTED";
    case ExploreOutcome::incomplete: return "INCOMPLETE";
  }
  return "INCOMPLETE";
}

std::optional<Judgement> judge(const SystemState& state, const std::vector<const Property*>& properties,
                               const CheckBudget& budget) {
  const Scope& scope = state.scope();
  Case run_case;
  run_case.config.store = scope.store;
  run_case.workload = scope.workload;
  RunResult run;
  run.history = state.history(true);
  if (reads_end_state(properties)) {
    run.final_nodes = state.healed_nodes(kHealRounds * scope.store.node_count);
    std::vector<const StoreNode*> nodes;
    for (const auto& node : run.final_nodes) nodes.push_back(node.get());
    run.stats.divergent_keys = divergent_keys(nodes, keys_of(scope.workload), scope.store.replication_factor);
    run.stats.converged = run.stats.divergent_keys.empty();
  }
  for (const Property* property : properties) {
    PropertyVerdict verdict = property->check(run_case, run, budget);
    if (verdict.outcome != PropertyOutcome::holds) return Judgement{property->name, std::move(verdict)};
  }
  return std::nullopt;
}

ExploreResult explore(const Scope& scope, const std::vector<const Property*>& properties,
                      const ExploreLimits& limits, const CheckBudget& budget, const ExploreProgress& progress) {
  QC_ASSERT(!properties.empty());
  return Search(scope, properties, limits, budget, progress).run();
}

bool delays_losses(const Scope& scope, const std::vector<const Property*>& properties, const ExploreLimits& limits) {
  return limits.losses_as_delays && !limits.collect_histories && scope.faults.losses > 0 &&
         std::all_of(properties.begin(), properties.end(),
                     [](const Property* p) { return p->violations_survive_extension; });
}

Result<Replayed> replay_steps(const Scope& scope, const std::vector<Step>& steps) {
  Replayed replayed{SystemState(scope), {}};
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::vector<Step> enabled = replayed.state.steps();
    if (std::find(enabled.begin(), enabled.end(), steps[i]) == enabled.end())
      return Status::error(ErrorKind::malformed, "step " + std::to_string(i + 1) + " (" + to_string(steps[i].kind) +
                                                     ") is not enabled at that point of the execution");
    replayed.descriptions.push_back(replayed.state.describe(steps[i]));
    replayed.state.apply(steps[i]);
  }
  return replayed;
}

}  // namespace qc
