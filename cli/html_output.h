#pragma once
// --html of check, run and replay: a history's timeline page (report/page_data.h), with
// the run's faults as spans of its time axis when there was a run.
#include <string>
#include <vector>

#include "common/status.h"
#include "faults/schedule.h"
#include "histories/history.h"
#include "report/page_data.h"
#include "sim/convergence_trace.h"
#include "sim/fault_impact.h"

namespace qc {

// Each fault event that fired, from its time to the event that ended it: a partition to
// the next partition or heal, a crash (pause) to the restart (resume) of one of its
// nodes, a burst or strobe to the invocation of op until_op, a clock bump at one
// instant. An end the run never reached is absent (the final heal ended it).
std::vector<FaultSpan> fault_spans(const FaultSchedule& schedule, const std::vector<FaultImpact>& impacts,
                                   const std::vector<Operation>& operations);

// A run's divergence trace as the page's convergence lanes.
std::vector<DivergenceLane> divergence_lanes(const std::vector<KeyDivergence>& divergence);

// The first line of a rendered verdict, for the page's summary.
std::string first_line(const std::string& text);

// Writes the page; an io error names `option` and the path.
Status write_timeline_page(const std::string& path, const TimelineInput& input, const std::string& option);

// A history the harness recorded (a replayed bundle's run, a counterexample's history)
// as a page: checked as `run` checks it, its stale reads measured, and the schedule's
// faults drawn when there are impacts to time them by.
Result<nlohmann::json> history_timeline(const std::string& title, const History& history, const std::string& summary,
                                        const FaultSchedule* schedule, const std::vector<FaultImpact>* impacts);
Status write_history_page(const std::string& path, const std::string& title, const History& history,
                          const std::string& summary, const FaultSchedule* schedule,
                          const std::vector<FaultImpact>* impacts);

// A repro bundle's timeline (its case run again, so its faults are timed), or an explore
// counterexample's (its recorded history); an error when the file cannot be read,
// parsed or replayed.
Result<nlohmann::json> file_timeline(const std::string& path);
// The same for the calculator's refuted claims: null when it cannot be had.
nlohmann::json bundle_timeline(const std::string& path);

// The timeline page of a bundle or counterexample file, written beside it (same name,
// .html), for campaign and gate: its path.
Result<std::string> write_page_beside(const std::string& path);
// Writes it and prints "<indent>timeline: PAGE", or why there is none.
void print_page_beside(const std::string& path, const std::string& indent);

}  // namespace qc
