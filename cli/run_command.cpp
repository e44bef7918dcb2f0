#include "cli/run_command.h"

#include <chrono>
#include <iostream>
#include <memory>

#include "checker/linearizability.h"
#include "checker/report.h"
#include "cli/exit_codes.h"
#include "cli/html_output.h"
#include "cli/option_checks.h"
#include "cli/run_output.h"
#include "cli/run_setup.h"
#include "cli/store_options.h"
#include "common/durations.h"
#include "histories/jsonl.h"

namespace qc {
namespace {

// Search steps the linearizability check may take before the verdict is "undecided".

// Runs the simulator, telling a person every few seconds how far it got.
RunResult simulate(const SimConfig& config, const Workload& workload, const FaultSchedule& schedule,
                   bool trace_convergence) {
  Simulator simulator(config, workload, schedule);
  if (trace_convergence) simulator.trace_convergence();
  auto last_report = std::chrono::steady_clock::now();
  std::uint64_t steps = 0;
  while (simulator.step()) {
    if ((++steps & 0xffff) != 0) continue;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_report < std::chrono::seconds(3)) continue;
    last_report = now;
    std::cerr << "quorumcheck run: virtual time " << simulator.now_us() / 1000 << " ms, "
              << simulator.history().events.size() << " history events so far\n";
  }
  return simulator.finish();
}

int fail_with(const Status& status) {
  std::cerr << "quorumcheck run: " << status.message() << "\n";
  return exit_code_for(status);
}

int run(const RunArguments& arguments) {
  auto config = build_sim_config(arguments);
  if (!config.is_ok()) return fail_with(config.status());
  auto workload = build_workload(arguments, config.value());
  if (!workload.is_ok()) return fail_with(workload.status());
  auto schedule = build_fault_schedule(arguments, config.value(), workload.value());
  if (!schedule.is_ok()) return fail_with(schedule.status());

  RunResult result = simulate(config.value(), workload.value(), schedule.value(), !arguments.html.empty());
  // history.jsonl holds one event per line: number them so messages can name the line.
  for (Event& event : result.history.events) event.line = event.index + 1;
  auto operations = pair_operations(result.history);
  QC_ASSERT(operations.is_ok());  // the simulator's own history must follow the rules
  const CheckResult checked = check_recorded_history(operations.value());

  const StalenessReport staleness = measure_staleness(operations.value());
  RunReport report{arguments.out_dir, &config.value(), &workload.value(), &schedule.value(), &result,
                   &checked, &staleness, to_jsonl(result.history)};
  Status written = write_run_directory(report);
  if (!written.is_ok()) return fail_with(written);

  const std::string history_file = arguments.out_dir + "/history.jsonl";
  if (!arguments.html.empty()) {
    TimelineInput page{history_file, operations.value(), &checked,
                       first_line(render_text(history_file, "register", checked, operations.value())),
                       fault_spans(schedule.value(), result.fault_impacts, operations.value()), staleness.per_read};
    page.convergence = divergence_lanes(result.divergence);
    if (Status s = write_timeline_page(arguments.html, page, "--html"); !s.is_ok()) return fail_with(s);
  }
  if (arguments.json) {
    auto summary = summary_json(report);
    summary["check"] = render_json(history_file, "register", checked, operations.value());
    std::cout << summary.dump() << "\n";
  } else {
    std::cout << summary_text(report) << render_text(history_file, "register", checked, operations.value());
    std::cout << "seed: " << config.value().seed << "\n"
              << "replay: quorumcheck run --config " << arguments.out_dir << "/config.json --workload "
              << arguments.out_dir << "/workload.json --faults " << arguments.out_dir << "/faults.json --out "
              << arguments.out_dir << "-replay\n";
    if (!arguments.html.empty()) std::cout << "timeline: " << arguments.html << "\n";
  }
  if (result.stats.out_of_virtual_time) {
    // What the unfinished history shows is real; that it holds is not a verdict.
    std::cerr << "quorumcheck run: the run reached virtual_time_us_max (" << config.value().virtual_time_us_max
              << " us) before it ended, so its history is unfinished: a violation in it is real, but it cannot "
                 "be said to hold (raise virtual_time_us_max in config.json)\n";
  }
  if (is_unfinished_pass(result, checked)) return kExitUndecided;
  return exit_code_for(checked.verdict);
}

}  // namespace

CommandHandle add_run_command(CLI::App& parent) {
  auto arguments = std::make_shared<RunArguments>();
  CLI::App* app = parent.add_subcommand(
      "run",
      "Simulate the store under a workload and faults placed over the workload's ops, write "
      "history.jsonl, config.json, workload.json, faults.json and summary.json to --out, check "
      "linearizability, print which faults hit the workload, the verdict and the replay command. "
      "Exit 0: linearizable; 1: not; 2: undecided; 64: bad options; 65: unreadable "
      "--config/--workload/--faults.");
  add_store_options(app, arguments->store);
  add_timing_options(app, arguments->timing);
  add_scheduling_options(app, arguments->scheduling);
  add_workload_options(app, *arguments);
  add_fault_options(app, *arguments);
  app->add_option("--config", arguments->config_file,
                  "start from this config.json (flags given still apply on top)");
  app->add_option("--workload", arguments->workload_file,
                  "play this workload.json (per client, its ops) instead of drawing one from the seed");
  app->add_option("--faults", arguments->faults_file, "replay this faults.json instead of --nemesis");
  app->add_option("--out", arguments->out_dir, "directory for the run's files")->capture_default_str();
  app->add_flag("--json", arguments->json, "print the summary and the verdict as one JSON object");
  app->add_option("--html", arguments->html,
                  "also write the history's timeline (one self-contained HTML page: ops, faults, the violation) to "
                  "this file");
  return CommandHandle{app, [arguments] { return run(*arguments); }};
}

}  // namespace qc
