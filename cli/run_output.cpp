#include "cli/run_output.h"

#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "checker/linearizability.h"
#include "cli/output_files.h"
#include "common/assert.h"
#include "explore/bundle.h"
#include "explore/downtime.h"
#include "faults/schedule_json.h"
#include "sim/config_json.h"

namespace qc {
namespace {


// Crashes and partitions are what take a store's writes away (a leader's above all).
bool may_stop_writes(FaultKind kind) { return kind == FaultKind::crash || kind == FaultKind::partition; }

// Each event of the schedule with what it did, and the same by kind. After a crash or a
// partition, how soon the workload's writes and reads were acknowledged again
// (explore/downtime.h's recovery_after; absent: none was before the run ended).
nlohmann::ordered_json faults_json(const RunResult& result, const SimStats& stats) {
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const FaultImpact& impact : result.fault_impacts) {
    nlohmann::ordered_json event{{"kind", to_string(impact.kind)}, {"at_op", impact.at_op}, {"fired", impact.fired}};
    if (impact.fired) event["fired_at_us"] = impact.fired_at_us;
    if (!is_recovery(impact.kind)) event["ops_touched"] = impact.ops_touched;
    if (impact.fired && may_stop_writes(impact.kind)) {
      for (const bool writes : {true, false}) {
        const auto back = recovery_after(result.history, impact.fired_at_us, writes);
        event[writes ? "writes_back_after_us" : "reads_back_after_us"] =
            back ? nlohmann::ordered_json(*back) : nlohmann::ordered_json();
      }
    }
    events.push_back(std::move(event));
  }
  nlohmann::ordered_json by_kind = nlohmann::ordered_json::array();
  for (const FaultKindTally& tally : tally_by_kind(result.fault_impacts))
    by_kind.push_back({{"kind", tally.kind}, {"events", tally.events}, {"fired", tally.fired},
                       {"hit", tally.hit}, {"ops_touched", tally.ops_touched}});
  return {{"events", result.fault_impacts.size()}, {"crashes", stats.crashes}, {"restarts", stats.restarts},
          {"by_kind", by_kind}, {"each", events}};
}

// The slowest return of writes after a crash or partition, and the median: the
// leader-based store's election shows here.
std::string write_recovery_text(const RunResult& result) {
  std::vector<std::int64_t> back;
  std::size_t never = 0;
  for (const FaultImpact& impact : result.fault_impacts) {
    if (!impact.fired || !may_stop_writes(impact.kind)) continue;
    const auto after = recovery_after(result.history, impact.fired_at_us, true);
    if (after) back.push_back(*after);
    else ++never;
  }
  if (back.empty() && never == 0) return "";
  char text[160];
  const auto ms = [](std::optional<std::int64_t> us) { return us ? static_cast<double>(*us) / 1000.0 : 0.0; };
  std::snprintf(text, sizeof text, "\n  writes acknowledged again after a crash or partition: median %.1f ms, slowest %.1f ms",
                ms(percentile(back, 50)), ms(percentile(back, 100)));
  std::string line = text;
  if (never > 0) line += " (" + std::to_string(never) + " with no write acknowledged after them)";
  return line;
}

}  // namespace

std::string store_description(const Config& store, bool with_timing) {
  if (store.store == StoreKind::leader) {
    const LeaderOptions& l = store.leader;
    std::string text = std::string("leader-based (Raft, ") + (l.replication == LeaderReplication::sync ? "sync" : "async") +
                       " replication, " + (l.reads == LeaderReads::read_index ? "read_index" : "follower") + " reads";
    if (with_timing)
      text += ", election timeout " + std::to_string(l.election_timeout_min_us / 1000) + "-" +
              std::to_string(l.election_timeout_max_us / 1000) + " ms, heartbeat " +
              std::to_string(l.heartbeat_interval_us / 1000) + " ms";
    return text + ") M=" + std::to_string(store.node_count);
  }
  return std::string(with_timing ? "leaderless " : "") + "M=" + std::to_string(store.node_count) +
         " N=" + std::to_string(store.replication_factor) + " R=" + std::to_string(store.read_quorum) +
         " W=" + std::to_string(store.write_quorum);
}

nlohmann::ordered_json summary_json(const RunReport& report) {
  const SimStats& stats = report.result->stats;
  nlohmann::ordered_json summary;
  summary["tool_version"] = QC_VERSION;
  summary["seed"] = report.config->seed;
  summary["history_fnv1a64"] = history_fnv1a64(report.history_jsonl);
  summary["verdict"] = is_unfinished_pass(*report.result, *report.check) ? "undecided (the run is unfinished)"
                                                                         : to_string(report.check->verdict);
  summary["ops"] = {{"invoked", stats.ops_invoked}, {"ok", stats.ops_ok}, {"fail", stats.ops_fail},
                    {"info", stats.ops_info}, {"in_workload", op_count(*report.workload)}};
  summary["messages"] = {{"sent", stats.messages_sent}, {"delivered", stats.deliveries},
                         {"per_client_op", stats.messages_per_client_op}};
  nlohmann::ordered_json by_class;
  for (std::size_t c = 0; c < kMessageClassCount; ++c) {
    const ClassCounters& counters = stats.messages_by_class[c];
    by_class[to_string(static_cast<MessageClass>(c))] = {{"sent", counters.sent},
                                                        {"delivered", counters.delivered},
                                                        {"dropped", counters.dropped},
                                                        {"duplicated", counters.duplicated}};
  }
  summary["messages"]["by_class"] = by_class;
  summary["anti_entropy"] = {{"messages", stats.anti_entropy_messages}, {"bytes", stats.anti_entropy_bytes}};
  summary["faults"] = faults_json(*report.result, stats);
  summary["replicas_agree"] = stats.converged;
  summary["divergent_keys"] = stats.divergent_keys;
  nlohmann::ordered_json convergence;
  convergence["quiet_from_us"] = stats.quiet_from_us;
  if (stats.converged_at_us) {
    convergence["converged_at_us"] = *stats.converged_at_us;
    convergence["took_us"] = *stats.converged_at_us - stats.quiet_from_us;
    convergence["anti_entropy_messages"] = stats.anti_entropy_messages_to_converge;
    convergence["anti_entropy_bytes"] = stats.anti_entropy_bytes_to_converge;
  } else {
    convergence["converged_at_us"] = nullptr;  // the replicas never all agreed
  }
  summary["convergence"] = convergence;
  summary["staleness"] = to_json(*report.staleness);
  summary["end_time_us"] = stats.end_time_us;
  summary["out_of_virtual_time"] = stats.out_of_virtual_time;
  return summary;
}

CheckResult check_recorded_history(const std::vector<Operation>& operations) {
  constexpr std::uint64_t kRecordedHistoryCheckSteps = 200'000'000;
  CheckOptions check_options;
  check_options.model = "register";
  check_options.limits.steps = kRecordedHistoryCheckSteps;
  auto checked = check_linearizability(operations, check_options);
  QC_ASSERT(checked.is_ok());  // the harness's own histories follow the rules
  return std::move(checked).value();
}

bool is_unfinished_pass(const RunResult& run, const CheckResult& check) {
  return run.stats.out_of_virtual_time && check.verdict == Verdict::linearizable;
}

Status write_run_directory(const RunReport& report) {
  const std::filesystem::path dir(report.out_dir);
  if (Status ready = prepare_output_dir(report.out_dir, "--out"); !ready.is_ok()) return ready;
  for (const auto& [name, content] :
       {std::pair<const char*, std::string>{"history.jsonl", report.history_jsonl},
        {"config.json", to_json(*report.config)},
        {"workload.json", workload_to_json(*report.workload).dump() + "\n"},
        {"faults.json", fault_schedule_to_json(*report.schedule)},
        {"summary.json", summary_json(report).dump(2) + "\n"}}) {
    Status written = write_output_file((dir / name).string(), content, "--out");
    if (!written.is_ok()) return written;
  }
  return Status::ok();
}

std::string summary_text(const RunReport& report) {
  const SimStats& stats = report.result->stats;
  std::string text = "run: " + store_description(report.config->store, false) + ", " +
                     std::to_string(report.schedule->events.size()) + " fault events, seed " +
                     std::to_string(report.config->seed) + "\n";
  text += "  ops: " + std::to_string(stats.ops_invoked) + " invoked (" + std::to_string(stats.ops_ok) +
          " ok, " + std::to_string(stats.ops_fail) + " fail, " + std::to_string(stats.ops_info) + " info)";
  text += "\n  faults that hit the workload: " + describe_tallies(tally_by_kind(report.result->fault_impacts));
  text += write_recovery_text(*report.result);
  char per_op[32];
  std::snprintf(per_op, sizeof per_op, "%.1f", stats.messages_per_client_op);
  text += "\n  messages: " + std::to_string(stats.messages_sent) + " sent, " + per_op +
          " per op; anti-entropy " + std::to_string(stats.anti_entropy_messages) + " messages, " +
          std::to_string(stats.anti_entropy_bytes) + " bytes\n";
  text += "  replicas at the end: ";
  if (stats.converged_at_us) {
    text += "all agree, " + std::to_string((*stats.converged_at_us - stats.quiet_from_us) / 1000) +
            " ms into the quiet period, after " + std::to_string(stats.anti_entropy_messages_to_converge) +
            " anti-entropy messages (" + std::to_string(stats.anti_entropy_bytes_to_converge) + " bytes)\n";
  } else {
    text += std::to_string(stats.divergent_keys.size()) + " keys still differ: NOT converged\n";
  }
  const std::string staleness = render_staleness_text(*report.staleness);
  for (std::size_t start = 0; start < staleness.size();) {  // indented under the run
    const std::size_t end = staleness.find('\n', start);
    text += "  " + staleness.substr(start, end - start + 1);
    start = end + 1;
  }
  text += "  history: " + report.out_dir + "/history.jsonl (fnv1a64 " + history_fnv1a64(report.history_jsonl) + ")\n";
  return text;
}

}  // namespace qc
