#include "faults/schedule.h"

#include <array>

#include "common/assert.h"
#include "faults/schedule_rules.h"

namespace qc {
namespace {

constexpr std::array kAllKinds{
    FaultKind::partition,  FaultKind::heal,       FaultKind::crash,      FaultKind::restart,
    FaultKind::pause,      FaultKind::resume,     FaultKind::clock_bump, FaultKind::clock_strobe,
    FaultKind::loss_burst, FaultKind::delay_burst};

}  // namespace

const char* to_string(FaultKind kind) {
  switch (kind) {
    case FaultKind::partition: return "partition";
    case FaultKind::heal: return "heal";
    case FaultKind::crash: return "crash";
    case FaultKind::restart: return "restart";
    case FaultKind::pause: return "pause";
    case FaultKind::resume: return "resume";
    case FaultKind::clock_bump: return "clock-bump";
    case FaultKind::clock_strobe: return "clock-strobe";
    case FaultKind::loss_burst: return "loss-burst";
    case FaultKind::delay_burst: return "delay-burst";
  }
  QC_ASSERT(false && "unknown FaultKind");
  return "";
}

std::optional<FaultKind> fault_kind_from_string(std::string_view name) {
  for (FaultKind kind : kAllKinds) {
    if (name == to_string(kind)) return kind;
  }
  return std::nullopt;
}

std::span<const FaultKind> all_fault_kinds() { return kAllKinds; }

Status validate(const FaultSchedule& schedule, int node_count) {
  if (node_count < 1) {
    return Status::error(
        ErrorKind::usage,
        "fault schedule: node count is " + std::to_string(node_count) + "; expected at least 1");
  }
  auto problem = fault_rules::find_problem(schedule, node_count);
  if (!problem) return Status::ok();
  if (!problem->event_index) {
    return Status::error(ErrorKind::usage, "fault schedule: " + problem->what);
  }
  const std::size_t index = *problem->event_index;
  return Status::error(ErrorKind::usage, "fault event " + std::to_string(index) + " (" +
                                             fault_rules::describe_event(schedule.events[index]) +
                                             "): " + problem->what);
}

}  // namespace qc
