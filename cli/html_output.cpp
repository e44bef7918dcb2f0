#include "cli/html_output.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "checker/staleness.h"
#include "cli/output_files.h"
#include "cli/run_output.h"
#include "common/input_file.h"
#include "explore/bundle.h"
#include "faults/schedule_rules.h"
#include "histories/jsonl.h"
#include "modelcheck/counterexample.h"
#include "report/html_page.h"

namespace qc {
namespace {

bool shares_a_node(const FaultEvent& a, const FaultEvent& b) {
  return std::any_of(a.nodes.begin(), a.nodes.end(),
                     [&](int node) { return std::find(b.nodes.begin(), b.nodes.end(), node) != b.nodes.end(); });
}

// Whether `later` ends `fault`.
bool ends(const FaultEvent& fault, const FaultEvent& later) {
  switch (fault.kind) {
    case FaultKind::partition:
      return later.kind == FaultKind::partition || later.kind == FaultKind::heal;
    case FaultKind::crash:
      return later.kind == FaultKind::restart && shares_a_node(fault, later);
    case FaultKind::pause:
      return later.kind == FaultKind::resume && shares_a_node(fault, later);
    default:
      return false;
  }
}

std::optional<std::int64_t> end_of(std::size_t index, const FaultSchedule& schedule,
                                   const std::vector<FaultImpact>& impacts, const std::vector<Operation>& operations) {
  const FaultEvent& fault = schedule.events[index];
  switch (fault.kind) {
    case FaultKind::clock_bump:
      return impacts[index].fired_at_us;
    case FaultKind::loss_burst:
    case FaultKind::delay_burst:
    case FaultKind::clock_strobe:
      if (fault.until_op >= 0 && static_cast<std::size_t>(fault.until_op) < operations.size())
        return operations[static_cast<std::size_t>(fault.until_op)].call_time;
      return std::nullopt;
    default:
      break;
  }
  for (std::size_t later = index + 1; later < schedule.events.size() && later < impacts.size(); ++later) {
    if (impacts[later].fired && ends(fault, schedule.events[later])) return impacts[later].fired_at_us;
  }
  return std::nullopt;
}

}  // namespace

std::vector<FaultSpan> fault_spans(const FaultSchedule& schedule, const std::vector<FaultImpact>& impacts,
                                   const std::vector<Operation>& operations) {
  std::vector<FaultSpan> spans;
  for (std::size_t i = 0; i < schedule.events.size() && i < impacts.size(); ++i) {
    const FaultEvent& event = schedule.events[i];
    if (!impacts[i].fired || is_recovery(event.kind)) continue;
    spans.push_back(FaultSpan{to_string(event.kind), impacts[i].fired_at_us, end_of(i, schedule, impacts, operations),
                              fault_rules::describe_event(event)});
  }
  return spans;
}

std::vector<DivergenceLane> divergence_lanes(const std::vector<KeyDivergence>& divergence) {
  std::vector<DivergenceLane> lanes;
  for (const KeyDivergence& key : divergence) {
    DivergenceLane lane{key.key, {key.replicas.begin(), key.replicas.end()}, {}};
    for (const DivergenceSpan& span : key.spans)
      lane.spans.push_back({span.start_us, span.end_us, span.repaired_by, span.anti_entropy_bytes});
    lanes.push_back(std::move(lane));
  }
  return lanes;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

Result<nlohmann::json> history_timeline(const std::string& title, const History& history, const std::string& summary,
                                        const FaultSchedule* schedule, const std::vector<FaultImpact>* impacts) {
  auto operations = pair_operations(history);
  if (!operations.is_ok()) return operations.status();
  const CheckResult checked = check_recorded_history(operations.value());
  TimelineInput input{title, operations.value(), &checked, summary, {}, measure_staleness(operations.value()).per_read};
  if (schedule != nullptr && impacts != nullptr) input.faults = fault_spans(*schedule, *impacts, operations.value());
  return timeline_data(input);
}

Status write_history_page(const std::string& path, const std::string& title, const History& history,
                          const std::string& summary, const FaultSchedule* schedule,
                          const std::vector<FaultImpact>* impacts) {
  auto data = history_timeline(title, history, summary, schedule, impacts);
  if (!data.is_ok()) return data.status();
  return write_output_file(path, html_page(title, data.value()), "--html");
}

Result<nlohmann::json> file_timeline(const std::string& path) {
  auto text = read_input_file(path, "the bundle");
  if (!text.is_ok()) return text.status();
  if (looks_like_counterexample(text.value())) {
    auto file = parse_counterexample(text.value(), path);
    if (!file.is_ok()) return file.status();
    auto history = parse_jsonl(file.value().history_jsonl, path);
    if (!history.is_ok()) return history.status();
    return history_timeline(path, history.value(), first_line(file.value().verdict.text), nullptr, nullptr);
  }
  auto bundle = parse_bundle(text.value(), path);
  if (!bundle.is_ok()) return bundle.status();
  auto replayed = replay_bundle(bundle.value(), CheckBudget{});
  if (!replayed.is_ok()) return replayed.status();
  const Replay& r = replayed.value();
  return history_timeline(path, r.run.history, first_line(bundle.value().verdict.text), &bundle.value().repro.faults,
                          &r.run.fault_impacts);
}

nlohmann::json bundle_timeline(const std::string& path) {
  auto data = file_timeline(path);
  if (!data.is_ok()) return nullptr;
  nlohmann::json timeline = std::move(data).value();
  timeline.erase("page");
  return timeline;
}

Result<std::string> write_page_beside(const std::string& path) {
  auto data = file_timeline(path);
  if (!data.is_ok()) return data.status();
  const std::string page = std::filesystem::path(path).replace_extension(".html").string();
  if (Status s = write_output_file(page, html_page(path, data.value()), "--out"); !s.is_ok()) return s;
  return page;
}

void print_page_beside(const std::string& path, const std::string& indent) {
  auto page = write_page_beside(path);
  if (page.is_ok()) std::cout << indent << "timeline: " << page.value() << "\n";
  else std::cout << indent << "timeline: none (" << page.status().message() << ")\n";
}

Status write_timeline_page(const std::string& path, const TimelineInput& input, const std::string& option) {
  return write_output_file(path, html_page(input.title, timeline_data(input)), option);
}

}  // namespace qc
