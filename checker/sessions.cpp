#include "checker/sessions.h"

#include <algorithm>
#include <map>

namespace qc {
namespace {

struct ProcessState {
  std::optional<std::int32_t> own_write;  // latest acknowledged write (index into writes)
  std::optional<std::int32_t> seen;       // the latest-invoked write an earlier read saw
  std::int32_t seen_by = kNoOp;           // that read's position
};

class SessionCheck {
 public:
  SessionCheck(const KeyOperations& group, const std::vector<Operation>& operations,
               SessionResult& result)
      : group_(group), operations_(operations), result_(result) {}

  void run() {
    // A process's ops on the key, in invocation order: its acknowledged writes and reads.
    std::vector<std::pair<std::int64_t, std::int32_t>> steps;  // (call index, write or ~read)
    for (std::size_t i = 1; i < group_.writes.size(); ++i) {
      if (group_.writes[i].acknowledged) steps.push_back({group_.writes[i].call_index, static_cast<std::int32_t>(i)});
    }
    for (std::int32_t read : group_.reads) steps.push_back({operations_[read].call_index, ~read});
    std::sort(steps.begin(), steps.end());
    for (const auto& [call_index, step] : steps) {
      if (step >= 0) states_[group_.writes[step].process].own_write = step;
      else on_read(~step);
    }
  }

 private:
  void on_read(std::int32_t position) {
    const Operation& read = operations_[position];
    std::vector<std::int32_t> possible;
    for (std::int32_t write : group_.writes_named_by(read.output)) {
      if (group_.writes[write].call_index < read.return_index) possible.push_back(write);
    }
    if (possible.empty()) return;
    ++result_.reads_checked;
    ProcessState& state = states_[read.process];
    if (state.own_write && all_older(possible, *state.own_write)) {
      report(SessionGuarantee::read_your_writes, position, possible.back(), *state.own_write, kNoOp);
    }
    if (state.seen && all_older(possible, *state.seen)) {
      report(SessionGuarantee::monotonic_reads, position, possible.back(), *state.seen, state.seen_by);
    }
    remember_seen(state, possible, position);
  }

  // Of the writes the read may have seen, those that keep both guarantees; the one
  // invoked first constrains later reads least (writes_named_by lists in call order).
  void remember_seen(ProcessState& state, const std::vector<std::int32_t>& possible, std::int32_t position) {
    for (std::int32_t write : possible) {
      if (state.own_write && is_older(group_.writes[write], group_.writes[*state.own_write])) continue;
      if (state.seen && is_older(group_.writes[write], group_.writes[*state.seen])) continue;
      if (!state.seen || group_.writes[write].call_index > group_.writes[*state.seen].call_index) {
        state.seen = write;
        state.seen_by = position;
      }
      return;
    }
  }

  bool all_older(const std::vector<std::int32_t>& writes, std::int32_t than) const {
    return std::all_of(writes.begin(), writes.end(),
                       [&](std::int32_t w) { return is_older(group_.writes[w], group_.writes[than]); });
  }

  void report(SessionGuarantee guarantee, std::int32_t read, std::int32_t read_write,
              std::int32_t earlier_write, std::int32_t earlier_read) {
    SessionViolation violation;
    violation.guarantee = guarantee;
    violation.key = group_.key;
    violation.process = operations_[read].process;
    violation.read = read;
    violation.value = operations_[read].output;
    violation.read_write = group_.writes[read_write].op;
    violation.earlier_write = group_.writes[earlier_write].op;
    violation.earlier_read = earlier_read;
    for (std::int32_t op : {violation.read_write, violation.earlier_write, earlier_read, read}) {
      if (op >= 0) violation.involved_ops.push_back(op);
    }
    std::sort(violation.involved_ops.begin(), violation.involved_ops.end());
    const std::string earlier = guarantee == SessionGuarantee::read_your_writes
                                    ? "its own acknowledged " + describe_write(group_.writes[earlier_write])
                                    : describe_write(group_.writes[earlier_write]) + ", seen by its read (op " +
                                          std::to_string(earlier_read) + ")";
    violation.explanation = "process " + std::to_string(violation.process) + " read " +
                            violation.value.to_string() + " on " + describe_key(group_.key) + " (op " +
                            std::to_string(read) + "), older than " + earlier;
    result_.violations.push_back(std::move(violation));
  }

  const KeyOperations& group_;
  const std::vector<Operation>& operations_;
  SessionResult& result_;
  std::map<std::int64_t, ProcessState> states_;
};

}  // namespace

const char* to_string(SessionGuarantee guarantee) {
  return guarantee == SessionGuarantee::read_your_writes ? "read-your-writes" : "monotonic-reads";
}

std::size_t SessionResult::count(SessionGuarantee guarantee) const {
  return static_cast<std::size_t>(std::count_if(violations.begin(), violations.end(),
                                                [&](const SessionViolation& v) { return v.guarantee == guarantee; }));
}

SessionResult check_sessions(const std::vector<Operation>& operations) {
  SessionResult result;
  for (const KeyOperations& group : group_by_key(operations)) {
    ++result.keys;
    SessionCheck(group, operations, result).run();
  }
  return result;
}

}  // namespace qc
