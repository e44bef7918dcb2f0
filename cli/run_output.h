#pragma once
// What `quorumcheck run` leaves behind and prints: the run directory's files
// (history.jsonl, config.json, workload.json, faults.json, summary.json) and the closing
// report.
#include <string>

#include <nlohmann/json.hpp>

#include "checker/staleness.h"
#include "checker/verdict.h"
#include "common/status.h"
#include "faults/schedule.h"
#include "sim/simulator.h"

namespace qc {

struct RunReport {
  std::string out_dir;
  const SimConfig* config = nullptr;
  const Workload* workload = nullptr;
  const FaultSchedule* schedule = nullptr;
  const RunResult* result = nullptr;
  const CheckResult* check = nullptr;
  const StalenessReport* staleness = nullptr;
  std::string history_jsonl;
};

// A run stopped at its virtual-time limit whose unfinished history shows no violation:
// it holds nothing (summary.json says undecided, `run` exits 2).
bool is_unfinished_pass(const RunResult& run, const CheckResult& check);

// The register check of a history the harness recorded itself (`run`, `cluster`), with
// a step budget rather than a time one: the verdict must not depend on the machine's
// speed.
CheckResult check_recorded_history(const std::vector<Operation>& operations);

// Writes the five files into report.out_dir (created if missing).
Status write_run_directory(const RunReport& report);

// The summary printed at the end, also summary.json's content.
// The store in a line: "M=5 N=3 R=2 W=2", or "leader-based (Raft, sync replication,
// read_index reads) M=3"; with_timing adds the election and heartbeat timing (and
// names the leaderless store as such).
std::string store_description(const Config& store, bool with_timing);

nlohmann::ordered_json summary_json(const RunReport& report);
std::string summary_text(const RunReport& report);

}  // namespace qc
