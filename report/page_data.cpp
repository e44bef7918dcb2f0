#include "report/page_data.h"

#include <algorithm>
#include <optional>

namespace qc {
namespace {

using nlohmann::json;

json value_json(const Value& value) {
  if (value.is_nil()) return nullptr;
  if (value.is_string()) return value.as_string();
  return value.to_string();
}

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok: return "ok";
    case Outcome::fail: return "fail";
    case Outcome::open: return "open";
  }
  return "open";
}

// Times when every op has them, else event indexes: one axis for the whole history.
bool has_times(const std::vector<Operation>& operations) {
  return std::all_of(operations.begin(), operations.end(), [](const Operation& op) {
    return op.call_time.has_value() && (op.outcome == Outcome::open || op.return_time.has_value());
  });
}

// Where an op lies on the axis: from its invocation to its completion (none while open).
struct AxisSpan {
  std::int64_t start = 0;
  std::optional<std::int64_t> end;
};

AxisSpan axis_span(const Operation& op, bool timed) {
  AxisSpan span{timed ? *op.call_time : op.call_index, std::nullopt};
  if (op.outcome != Outcome::open) span.end = timed ? *op.return_time : op.return_index;
  return span;
}

json op_row(const Operation& op, const AxisSpan& span) {
  json key = op.key ? json(*op.key) : json(nullptr);
  return json::array({op.process, span.start, span.end ? json(*span.end) : json(nullptr), op.f, key,
                      value_json(op.input), value_json(op.output), outcome_name(op.outcome), op.call_line});
}

json ids(const std::vector<std::int32_t>& list) { return json(list); }

json violation_json(const Violation& violation) {
  return json{{"key", violation.key ? json(*violation.key) : json(nullptr)},
              {"explanation", violation.explanation},
              {"involved", ids(violation.involved_ops)},
              {"prefix", ids(violation.longest_prefix)},
              {"state", violation.state},
              {"blocking", violation.blocking_op >= 0 ? json(violation.blocking_op) : json(nullptr)},
              {"candidates", ids(violation.candidate_ops)}};
}

const char* outcome_text(const CheckResult* check) {
  if (check == nullptr) return "not checked";
  switch (check->verdict) {
    case Verdict::linearizable: return "linearizable";
    case Verdict::not_linearizable: return "not linearizable";
    case Verdict::unknown: return "unknown";
  }
  return "unknown";
}

constexpr std::size_t kMaxStaleReads = 1000;

json convergence_json(const std::optional<std::vector<DivergenceLane>>& lanes) {
  if (!lanes) return nullptr;
  json out = json::array();
  for (const DivergenceLane& lane : *lanes) {
    json spans = json::array();
    for (const DivergenceLane::Span& span : lane.spans)
      spans.push_back({{"start", span.start},
                       {"end", span.end ? json(*span.end) : json(nullptr)},
                       {"repaired_by", span.repaired_by},
                       {"anti_entropy_bytes", span.anti_entropy_bytes}});
    out.push_back({{"key", lane.key}, {"replicas", lane.replicas}, {"spans", std::move(spans)}});
  }
  return out;
}

}  // namespace

json timeline_data(const TimelineInput& input) {
  const std::vector<Operation>& operations = input.operations;
  const bool timed = has_times(operations);
  const std::size_t kept = std::min(operations.size(), input.max_ops);
  json ops = json::array();
  std::vector<std::int64_t> processes;
  std::int64_t time_end = 0;
  for (std::size_t i = 0; i < kept; ++i) {
    const Operation& op = operations[i];
    const AxisSpan span = axis_span(op, timed);
    time_end = std::max(time_end, span.end.value_or(span.start) + 1);
    processes.push_back(op.process);
    ops.push_back(op_row(op, span));
  }
  for (const FaultSpan& fault : input.faults) time_end = std::max(time_end, fault.end.value_or(fault.start) + 1);
  std::sort(processes.begin(), processes.end());
  processes.erase(std::unique(processes.begin(), processes.end()), processes.end());

  json faults = json::array();
  for (const FaultSpan& fault : input.faults)
    faults.push_back({{"kind", fault.kind},
                      {"start", fault.start},
                      {"end", fault.end ? json(*fault.end) : json(nullptr)},
                      {"label", fault.label}});
  json violation = nullptr;
  if (input.check != nullptr && !input.check->violations.empty()) violation = violation_json(input.check->violations[0]);
  json stale = json::array();
  for (const ReadStaleness& read : input.staleness) {
    if (read.k == 0 || read.newest_superseder < 0 || stale.size() >= kMaxStaleReads) continue;
    if (static_cast<std::size_t>(read.read) >= kept || static_cast<std::size_t>(read.newest_superseder) >= kept) continue;
    stale.push_back({{"read", read.read}, {"superseded_by", read.newest_superseder}, {"k", read.k}});
  }
  json omitted = nullptr;
  if (kept < operations.size())
    omitted = "only the first " + std::to_string(kept) + " of " + std::to_string(operations.size()) +
              " ops are drawn (a page holds at most " + std::to_string(input.max_ops) + ")";
  return json{{"page", "timeline"},
              {"title", input.title},
              {"tool_version", QC_REPORT_TOOL_VERSION},
              {"verdict", {{"outcome", outcome_text(input.check)}, {"summary", input.summary}}},
              {"time_unit", timed ? "us" : "event"},
              {"time_end", time_end},
              {"processes", processes},
              {"ops", std::move(ops)},
              {"ops_total", operations.size()},
              {"omitted", omitted},
              {"faults", std::move(faults)},
              {"violation", std::move(violation)},
              {"stale_reads", std::move(stale)},
              {"convergence", convergence_json(input.convergence)}};
}

}  // namespace qc
