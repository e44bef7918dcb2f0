#include "cli/replay_command.h"

#include <iostream>
#include <memory>

#include "cli/exit_codes.h"
#include "cli/html_output.h"
#include "cli/option_checks.h"
#include "explore/bundle.h"
#include "explore/bundle_verify.h"
#include "histories/jsonl.h"
#include "modelcheck/counterexample.h"
#include "common/input_file.h"

namespace qc {
namespace {

struct ReplayArguments {
  std::string bundle_file;
  std::uint64_t check_steps = CheckBudget{}.search.steps;
  bool no_zones = false;
  std::string html;  // the replayed history's timeline page
};

// --html: the page, and a line saying where it is; on failure a message, and the status
// for the exit code (64 for a path that cannot be written, as --out elsewhere).
Status write_page(const ReplayArguments& arguments, const History& history, const std::string& verdict_text,
                  const FaultSchedule* schedule, const std::vector<FaultImpact>* impacts) {
  if (arguments.html.empty()) return Status::ok();
  const Status written = write_history_page(arguments.html, arguments.bundle_file, history, first_line(verdict_text),
                                            schedule, impacts);
  if (!written.is_ok()) {
    std::cerr << "quorumcheck replay: " << written.message() << "\n";
    return written;
  }
  std::cout << "timeline: " << arguments.html << "\n";
  return Status::ok();
}

// An exhaustive counterexample (modelcheck/counterexample.h): its steps again, one by
// one, each required to be enabled where it is taken, and the same history.
int replay_steps_file(const ReplayArguments& arguments, const std::string& text, const CheckBudget& budget) {
  auto file = parse_counterexample(text, arguments.bundle_file);
  if (!file.is_ok()) {
    std::cerr << "quorumcheck replay: " << file.status().message() << "\n";
    return kExitMalformed;
  }
  const CounterexampleFile& f = file.value();
  auto replayed = replay_counterexample(f, budget);
  if (!replayed.is_ok()) {
    std::cerr << "quorumcheck replay: " << arguments.bundle_file << ": " << replayed.status().message() << "\n";
    return kExitMalformed;
  }
  const CounterexampleReplay& r = replayed.value();
  std::cout << "counterexample: " << arguments.bundle_file << " (property " << f.property << ", written by quorumcheck "
            << f.tool_version << ")\n"
            << "scope: " << describe(f.scope) << "\n";
  for (std::size_t i = 0; i < r.descriptions.size(); ++i) std::cout << "  " << (i + 1) << ". " << r.descriptions[i] << "\n";
  std::cout << "history: fnv1a64 " << r.history_hash
            << (r.same_history ? " (as recorded)" : " (recorded: " + f.history_hash + ")") << "\n"
            << r.verdict.text << (r.verdict.text.ends_with('\n') ? "" : "\n");
  if (!arguments.html.empty()) {
    auto history = parse_jsonl(f.history_jsonl, arguments.bundle_file);
    if (!history.is_ok()) {
      std::cerr << "quorumcheck replay: " << history.status().message() << "\n";
      return kExitMalformed;
    }
    if (Status s = write_page(arguments, history.value(), r.verdict.text, nullptr, nullptr); !s.is_ok())
      return exit_code_for(s);
  }
  if (r.reproduces()) {
    std::cout << "REPRODUCED: " << f.property << " is violated, as recorded\n";
    return kExitViolated;
  }
  if (r.same_history && r.verdict.outcome == PropertyOutcome::undecided) {
    std::cout << "UNDECIDED: the checker could not decide " << f.property << " on the same history\n";
    return kExitUndecided;
  }
  std::cerr << "quorumcheck replay: NO LONGER REPRODUCES: "
            << (r.same_history ? f.property + " now holds on the same history"
                               : "the steps give a different history than the file recorded")
            << " (" << arguments.bundle_file << ")\n";
  return kExitNoLongerReproduces;
}

int replay(const ReplayArguments& arguments) {
  auto text = read_input_file(arguments.bundle_file, "the bundle");
  if (!text.is_ok()) {
    std::cerr << "quorumcheck replay: " << text.status().message() << "\n";
    return kExitMalformed;
  }
  if (looks_like_counterexample(text.value())) {
    CheckBudget budget;
    budget.search.steps = arguments.check_steps;
    budget.use_zones = !arguments.no_zones;
    return replay_steps_file(arguments, text.value(), budget);
  }
  auto bundle = parse_bundle(text.value(), arguments.bundle_file);
  if (!bundle.is_ok()) {
    std::cerr << "quorumcheck replay: " << bundle.status().message() << "\n";
    return kExitMalformed;
  }
  CheckBudget budget;
  budget.search.steps = arguments.check_steps;
  budget.use_zones = !arguments.no_zones;
  if (Status verified = verify_bundle(bundle.value(), arguments.bundle_file, budget); !verified.is_ok()) {
    std::cerr << "quorumcheck replay: " << verified.message() << "\n";
    return kExitMalformed;
  }
  auto replayed = replay_bundle(bundle.value(), budget);
  if (!replayed.is_ok()) {  // a property this build does not know: the bundle is bad input here
    std::cerr << "quorumcheck replay: " << arguments.bundle_file << ": " << replayed.status().message() << "\n";
    return kExitMalformed;
  }
  const Bundle& b = bundle.value();
  const Replay& r = replayed.value();
  std::cout << "bundle: " << arguments.bundle_file << " (property " << b.property << ", written by quorumcheck "
            << b.tool_version << ")\n"
            << "seed: " << b.repro.config.seed << "\n"
            << "history: fnv1a64 " << r.history_hash << (r.same_history ? " (as recorded)" : " (recorded: " + b.history_hash + ")")
            << ", " << count_invoked_ops(r.run.history) << " client ops\n"
            << r.verdict.text << (r.verdict.text.ends_with('\n') ? "" : "\n");
  if (Status s = write_page(arguments, r.run.history, r.verdict.text, &b.repro.faults, &r.run.fault_impacts); !s.is_ok())
    return exit_code_for(s);
  if (r.reproduces()) {
    std::cout << "REPRODUCED: " << b.property << " is violated, as recorded\n";
    return kExitViolated;
  }
  if (r.same_history && r.verdict.outcome == PropertyOutcome::undecided) {
    std::cout << "UNDECIDED: same history, but the check ran out of budget\n";
    return kExitUndecided;
  }
  std::cerr << "quorumcheck replay: NO LONGER REPRODUCES: "
            << (r.same_history ? b.property + " now holds on the same history"
                               : "the run gives a different history than the bundle recorded")
            << " (" << arguments.bundle_file << ")\n";
  return kExitNoLongerReproduces;
}

}  // namespace

CommandHandle add_replay_command(CLI::App& parent) {
  auto arguments = std::make_shared<ReplayArguments>();
  CLI::App* app = parent.add_subcommand(
      "replay",
      "Replay a counterexample of `quorumcheck explore` step by step, or check that a repro bundle (from `quorumcheck campaign`) agrees with itself (its history with the "
      "stored hash, its recorded verdict with that history), then run it again from its own contents, "
      "compare the history's hash and check its property. Exit 1: the failure reproduces; 2: undecided; "
      "3: it no longer reproduces; 64: an --html path that cannot be written; 65: unreadable, malformed or "
      "self-contradicting bundle.");
  app->add_option("bundle", arguments->bundle_file, "the bundle's JSON file")->required();
  app->add_option("--check-steps", arguments->check_steps, "search steps a linearizability check may take")
      ->capture_default_str()
      ->check(whole_number(1, UINT64_MAX));
  app->add_flag("--no-zones", arguments->no_zones, "decide every key by the general search, not the zone check");
  app->add_option("--html", arguments->html,
                  "also write the replayed history's timeline (one self-contained HTML page) to this file");
  return CommandHandle{app, [arguments] { return replay(*arguments); }};
}

}  // namespace qc
