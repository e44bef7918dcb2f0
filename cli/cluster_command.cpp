#include "cli/cluster_command.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <memory>

#include "checker/linearizability.h"
#include "checker/lost_writes.h"
#include "checker/report.h"
#include "checker/staleness.h"
#include "cli/cluster_final_state.h"
#include "cli/cluster_run.h"
#include "cli/exit_codes.h"
#include "cli/html_output.h"
#include "cli/output_files.h"
#include "cli/run_output.h"
#include "cli/run_setup.h"
#include "faults/schedule_json.h"
#include "histories/jsonl.h"
#include "sim/config_json.h"

namespace qc {
namespace {

constexpr int kExitInterrupted = 130;

std::atomic<bool> interrupted{false};

struct ClusterArguments {
  RunArguments run;  // run.html: the history's timeline page
  std::string data_dir;  // default: <out>/data
};

int fail_with(const Status& status) {
  std::cerr << "quorumcheck cluster: " << status.message() << "\n";
  return status.kind() == ErrorKind::io ? kExitIo : exit_code_for(status);
}

nlohmann::ordered_json summary_of(const ClusterResult& result, const CheckResult& check,
                                  const LostWritesResult& lost, const StalenessReport& staleness) {
  std::int64_t ok = 0, fail = 0, info = 0;
  for (const Event& event : result.history.events) {
    ok += event.type == EventType::ok;
    fail += event.type == EventType::fail;
    info += event.type == EventType::info;
  }
  nlohmann::ordered_json summary;
  summary["driver"] = "cluster (real processes on 127.0.0.1)";
  summary["ops"] = {{"invoked", result.ops_invoked}, {"ok", ok}, {"fail", fail}, {"info", info}};
  nlohmann::ordered_json faults = nlohmann::ordered_json::array();
  for (const AppliedFault& fault : result.faults)
    faults.push_back({{"before_op", fault.at_op}, {"time_us", fault.time_us}, {"what", fault.what},
                      {"writes_in_flight", fault.writes_in_flight}});
  summary["faults_applied"] = faults;
  summary["verdict"] = to_string(check.verdict);
  summary["lost_writes"] = {{"acknowledged_writes", lost.acknowledged_writes},
                            {"keys_checked", lost.keys_checked},
                            {"lost", lost.lost.size()},
                            {"final_state", "from every node's log, last writer wins across nodes"}};
  summary["staleness"] = to_json(staleness);
  summary["interrupted"] = result.interrupted;
  return summary;
}

std::string self_binary() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string("quorumcheck") : path.string();
}

int run(const ClusterArguments& a) {
  auto config = build_sim_config(a.run);
  if (!config.is_ok()) return fail_with(config.status());
  if (config.value().store.coordinator_placement == CoordinatorPlacement::client)
    return fail_with(Status::error(ErrorKind::usage,
                                   "--coordinator client: a cluster's clients are redis connections, not routers that "
                                   "run the store's coordination; use any or replica"));
  auto workload = build_workload(a.run, config.value());
  if (!workload.is_ok()) return fail_with(workload.status());
  auto schedule = build_fault_schedule(a.run, config.value(), workload.value());
  if (!schedule.is_ok()) return fail_with(schedule.status());
  const std::string& out = a.run.out_dir;
  if (Status s = prepare_output_dir(out, "--out"); !s.is_ok()) return fail_with(s);
  for (const auto& [name, content] :
       {std::pair<const char*, std::string>{"config.json", to_json(config.value())},
        {"workload.json", workload_to_json(workload.value()).dump() + "\n"},
        {"faults.json", fault_schedule_to_json(schedule.value())}}) {
    if (Status s = write_output_file(out + "/" + name, content, "--out"); !s.is_ok()) return fail_with(s);
  }

  ClusterSetup setup;
  setup.store = config.value().store;
  setup.workload = workload.value();
  setup.schedule = schedule.value();
  setup.binary = self_binary();
  setup.config_file = out + "/config.json";
  setup.data_dir = a.data_dir.empty() ? out + "/data" : a.data_dir;
  setup.client_timeout_ms = config.value().workload.client_timeout_us / 1000;
  setup.think_time = config.value().workload.think_time;
  setup.seed = config.value().seed;
  setup.quiescence_ms = schedule.value().quiescence_us / 1000;
  setup.interrupted = &interrupted;
  std::filesystem::remove_all(setup.data_dir);  // a fresh cluster: no log of an earlier run
  signal(SIGINT, [](int) { interrupted = true; });
  signal(SIGTERM, [](int) { interrupted = true; });
  auto result = run_cluster(setup, std::cerr);
  if (!result.is_ok()) return fail_with(result.status());

  auto operations = pair_operations(result.value().history);
  QC_ASSERT(operations.is_ok());  // our own recorder follows the history rules
  const CheckResult checked = check_recorded_history(operations.value());
  const StalenessReport staleness = measure_staleness(operations.value());
  auto end_state = read_end_state(setup.store, setup.data_dir, keys_of(setup.workload));
  if (!end_state.is_ok()) return fail_with(end_state.status());
  const LostWritesResult lost = check_lost_writes(operations.value(), end_state.value().final_state);
  const std::vector<std::string>& divergent = end_state.value().divergent_keys;
  const std::string history_file = out + "/history.jsonl";
  auto summary = summary_of(result.value(), checked, lost, staleness);
  summary["converged"] = divergent.empty();
  summary["divergent_keys"] = divergent;
  for (const auto& [name, content] : {std::pair<std::string, std::string>{history_file, to_jsonl(result.value().history)},
                                      {out + "/summary.json", summary.dump(2) + "\n"}}) {
    if (Status s = write_output_file(name, content, "--out"); !s.is_ok()) return fail_with(s);
  }
  if (!a.run.html.empty()) {
    TimelineInput page{history_file, operations.value(), &checked,
                       first_line(render_text(history_file, "register", checked, operations.value())),
                       fault_spans(setup.schedule, result.value().fault_impacts, operations.value()), staleness.per_read};
    if (Status s = write_timeline_page(a.run.html, page, "--html"); !s.is_ok()) return fail_with(s);
  }
  std::cout << "cluster: " << setup.store.node_count << " node processes, seed " << config.value().seed << "\n"
            << "  ops: " << summary["ops"]["invoked"] << " invoked (" << summary["ops"]["ok"] << " ok, "
            << summary["ops"]["fail"] << " fail, " << summary["ops"]["info"] << " info)\n"
            << "  faults applied: " << result.value().faults.size() << "\n";
  std::int64_t crashes = 0, crashes_mid_write = 0;
  for (const AppliedFault& fault : result.value().faults) {
    std::cout << "    before op " << fault.at_op << ", at " << fault.time_us / 1000 << " ms: " << fault.what;
    if (fault.what.rfind("crash", 0) == 0) {
      ++crashes;
      crashes_mid_write += fault.writes_in_flight > 0;
      std::cout << " (" << fault.writes_in_flight << " writes in flight)";
    }
    std::cout << "\n";
  }
  std::cout << "  lost writes: " << lost.lost.size() << " of " << lost.acknowledged_writes
            << " acknowledged writes (final state from every node's log); " << crashes_mid_write << " of " << crashes
            << " crashes landed with writes in flight\n";
  for (const LostWrite& write : lost.lost) std::cout << "    " << write.explanation << "\n";
  std::cout << "  replicas at the end: "
            << (divergent.empty() ? "all agree (converged)" : std::to_string(divergent.size()) + " keys still differ: NOT converged")
            << " after " << setup.quiescence_ms << " ms of quiet\n";
  std::cout << render_text(history_file, "register", checked, operations.value())
            << "files: " << out << "/{history.jsonl,config.json,workload.json,faults.json,summary.json}; node logs in "
            << setup.data_dir << "\n"
            << "rerun: quorumcheck cluster --config " << out << "/config.json --workload " << out
            << "/workload.json --faults " << out << "/faults.json --out " << out << "-rerun"
            << " (real timing differs between runs: the same inputs, not the same history)\n";
  if (!a.run.html.empty()) std::cout << "timeline: " << a.run.html << "\n";
  if (result.value().interrupted) {
    std::cerr << "quorumcheck cluster: interrupted; every node process was stopped\n";
    return kExitInterrupted;
  }
  if (!lost.none_lost()) return kExitViolated;
  return exit_code_for(checked.verdict);
}

}  // namespace

CommandHandle add_cluster_command(CLI::App& parent) {
  auto a = std::make_shared<ClusterArguments>();
  a->run.out_dir = "quorumcheck-cluster";
  CLI::App* app = parent.add_subcommand(
      "cluster",
      "Run the store as real processes on 127.0.0.1 (`quorumcheck node`, one per node), drive the workload "
      "with real concurrency over RESP, apply the faults by `run`'s rule (crash = kill -9 then restart from the "
      "log, pause = SIGSTOP/SIGCONT; partitions, loss, delay and clock faults through each node's QC.FAULT "
      "admin command), write history.jsonl, config.json, workload.json, faults.json and summary.json to --out and check "
      "linearizability, and lost acknowledged writes against what the nodes' logs hold at the end. Exit 0 linearizable "
      "and nothing lost, 1 not linearizable or a write lost, 2 undecided, 64 bad options, 65 unreadable input, 74 the "
      "nodes did not come up, 130 interrupted (every node process is stopped in all cases). Clients wait the "
      "config's think time between ops and record an op without a reply within its client timeout as info.");
  add_store_options(app, a->run.store);
  add_workload_options(app, a->run);
  add_fault_options(app, a->run);
  app->add_option("--config", a->run.config_file, "start from this config.json (flags given still apply on top)");
  app->add_option("--workload", a->run.workload_file, "play this workload.json");
  app->add_option("--faults", a->run.faults_file, "apply this faults.json instead of --nemesis");
  app->add_option("--out", a->run.out_dir, "directory for the run's files")->capture_default_str();
  app->add_option("--data", a->data_dir, "directory for the nodes' logs [<out>/data]");
  app->add_option("--html", a->run.html,
                  "also write the history's timeline (one self-contained HTML page: ops, the faults as applied, the "
                  "violation) to this file");
  return CommandHandle{app, [a] { return run(*a); }};
}

}  // namespace qc
