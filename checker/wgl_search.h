#pragma once
// The Wing–Gong linearizability search with Lowe's memoization, over one key's
// sub-history (the caller splits by key). Entries for calls and returns sit in a
// doubly linked list in history order; the search repeatedly tries to linearize a call
// that precedes the first remaining return, lifting its pair out of the list, and
// backtracks when a return comes first. A configuration (linearized set, state) seen
// before is never explored twice.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "checker/search_budget.h"
#include "checker/verdict.h"
#include "checker/visited_set.h"
#include "common/prng.h"
#include "histories/history.h"

namespace qc {

struct PartitionOutcome {
  Verdict verdict = Verdict::linearizable;
  Violation violation;  // when not linearizable; op ids are the callers' global ids
  std::uint64_t visited = 0;
};

template <typename Model>
class WglSearch {
 public:
  using State = typename Model::State;
  using Input = typename Model::Input;

  WglSearch(const Model& model, const std::vector<const Operation*>& ops,
            const std::vector<const Input*>& inputs, SearchBudget& budget)
      : model_(model), ops_(ops), inputs_(inputs), budget_(budget),
        words_((ops.size() + 63) / 64), linearized_(words_, 0),
        visited_(words_, budget.memory_limit_bytes()) {
    build_entries();
  }

  PartitionOutcome run() {
    PartitionOutcome outcome;
    State state = model_.init();
    std::int32_t entry = next_[head()];
    while (next_[head()] != kNone) {
      if (!budget_.spend_step()) return give_up(outcome);
      if (is_call_[entry]) {
        switch (try_linearize(entry, state)) {
          case VisitedSet<State>::Insert::added: entry = next_[head()]; break;
          case VisitedSet<State>::Insert::present: entry = next_[entry]; break;
          case VisitedSet<State>::Insert::full:
            budget_.run_out_of_memory();
            return give_up(outcome);
        }
        continue;
      }
      // Open ops return at "never", after every completed op: reaching one means every
      // completed op is placed, and the open ones left may take effect later or never.
      if (ops_[op_of_[entry]]->return_index == kNeverReturned) break;
      record_dead_end(entry, state);  // a return came before its op could be placed
      if (stack_.empty()) {
        outcome.verdict = Verdict::not_linearizable;
        outcome.violation = evidence_;
        outcome.visited = visited_.size();
        return outcome;
      }
      Frame frame = std::move(stack_.back());
      stack_.pop_back();
      state = std::move(frame.state);
      flip(op_of_[frame.call]);
      unlift(frame.call);
      entry = next_[frame.call];
    }
    outcome.visited = visited_.size();
    return outcome;
  }

 private:
  static constexpr std::int32_t kNone = -1;
  struct Frame {
    std::int32_t call;
    State state;  // the state before the call was linearized
  };

  std::int32_t head() const { return static_cast<std::int32_t>(is_call_.size()); }

  void build_entries() {
    const auto count = static_cast<std::int32_t>(ops_.size());
    struct Point { std::int64_t time; std::int32_t op; bool call; };
    std::vector<Point> points;
    points.reserve(ops_.size() * 2);
    for (std::int32_t op = 0; op < count; ++op) {
      points.push_back({ops_[op]->call_index, op, true});
      points.push_back({ops_[op]->return_index, op, false});
    }
    // Open ops all return at "never": among them, order by op; a call precedes any
    // return at the same time, so that open ops overlap each other.
    std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
      if (a.time != b.time) return a.time < b.time;
      if (a.call != b.call) return a.call;
      return a.op < b.op;
    });
    const std::size_t size = points.size();
    is_call_.resize(size);
    op_of_.resize(size);
    match_.resize(size);
    next_.resize(size + 1);
    prev_.resize(size + 1);
    std::vector<std::int32_t> call_entry(ops_.size());
    for (std::size_t i = 0; i < size; ++i) {
      const auto index = static_cast<std::int32_t>(i);
      is_call_[i] = points[i].call;
      op_of_[i] = points[i].op;
      if (points[i].call) {
        call_entry[points[i].op] = index;
      } else {
        match_[i] = call_entry[points[i].op];
        match_[call_entry[points[i].op]] = index;
      }
      prev_[i] = i == 0 ? head() : index - 1;
      next_[i] = i + 1 == size ? kNone : index + 1;
    }
    prev_[size] = kNone;
    next_[size] = size == 0 ? kNone : 0;
    Prng prng(0x5157u);  // fixed: Zobrist keys only need to be distinct, not secret
    zobrist_.resize(ops_.size());
    for (auto& key : zobrist_) key = prng.next_u64();
  }

  // `present` also when the model rejects the op here: either way, try the next entry.
  typename VisitedSet<State>::Insert try_linearize(std::int32_t call, State& state) {
    using Insert = typename VisitedSet<State>::Insert;
    const std::int32_t op = op_of_[call];
    State next;
    if (!model_.step(state, *inputs_[op], next)) return Insert::present;
    // An open op that changes nothing here is better left for later: whatever could
    // follow it can follow without it, and it can still take effect later or never.
    if (ops_[op]->outcome == Outcome::open && next == state) return Insert::present;
    flip(op);
    const Insert inserted = visited_.insert(linearized_.data(), next, bits_hash_ ^ model_.hash(next));
    if (inserted != Insert::added) {
      flip(op);
      return inserted;
    }
    stack_.push_back(Frame{call, std::move(state)});
    state = std::move(next);
    lift(call);
    return inserted;
  }

  void flip(std::int32_t op) {
    linearized_[static_cast<std::size_t>(op) / 64] ^= 1ULL << (op % 64);
    bits_hash_ ^= zobrist_[op];
  }

  void unlink(std::int32_t entry) {
    next_[prev_[entry]] = next_[entry];
    if (next_[entry] != kNone) prev_[next_[entry]] = prev_[entry];
  }
  void relink(std::int32_t entry) {
    next_[prev_[entry]] = entry;
    if (next_[entry] != kNone) prev_[next_[entry]] = entry;
  }
  void lift(std::int32_t call) {
    unlink(call);
    unlink(match_[call]);
  }
  void unlift(std::int32_t call) {
    relink(match_[call]);
    relink(call);
  }

  // Keeps the deepest dead end as the evidence: the longest linearizable prefix found,
  // the state it led to, the op that returned too early and the ops tried instead.
  void record_dead_end(std::int32_t return_entry, const State& state) {
    if (has_evidence_ && stack_.size() <= evidence_.longest_prefix.size()) return;
    has_evidence_ = true;
    evidence_.longest_prefix.clear();
    for (const Frame& frame : stack_) evidence_.longest_prefix.push_back(ops_[op_of_[frame.call]]->id);
    evidence_.state = model_.describe(state);
    evidence_.blocking_op = ops_[op_of_[return_entry]]->id;
    evidence_.candidate_ops.clear();
    for (std::int32_t e = next_[head()]; e != return_entry; e = next_[e]) {
      if (is_call_[e] && e != match_[return_entry]) evidence_.candidate_ops.push_back(ops_[op_of_[e]]->id);
    }
  }

  PartitionOutcome give_up(PartitionOutcome& outcome) {
    outcome.verdict = Verdict::unknown;
    outcome.visited = visited_.size();
    return outcome;
  }

  const Model& model_;
  const std::vector<const Operation*>& ops_;
  const std::vector<const Input*>& inputs_;
  SearchBudget& budget_;
  std::size_t words_;
  std::vector<std::uint64_t> linearized_;
  std::uint64_t bits_hash_ = 0;
  std::vector<std::uint64_t> zobrist_;
  VisitedSet<State> visited_;
  std::vector<bool> is_call_;
  std::vector<std::int32_t> op_of_, match_, next_, prev_;
  std::vector<Frame> stack_;
  bool has_evidence_ = false;
  Violation evidence_;
};

}  // namespace qc
