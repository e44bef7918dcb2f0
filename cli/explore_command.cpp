#include "cli/explore_command.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/exit_codes.h"
#include "cli/option_checks.h"
#include "cli/store_options.h"
#include "common/input_file.h"
#include "modelcheck/counterexample.h"
#include "sim/config_json.h"

namespace qc {
namespace {

constexpr const char* kDefaultWorkload = "c0: write k0, read k0; c1: read k0, read k0";

struct ExploreArguments {
  StoreFlags store;
  std::string config_file;
  std::vector<std::string> bugs;
  std::string workload = kDefaultWorkload;
  std::vector<NodeId> coordinators;
  FaultBudget faults;
  PeriodicBudget periodic;
  std::string properties = "linearizable";
  ExploreLimits limits;
  bool no_sleep_sets = false, no_state_caching = false, no_forgetting = false, one_pass = false, step_losses = false;
  std::string out = "quorumcheck-counterexample.json";
  std::uint64_t check_steps = CheckBudget{}.search.steps;
};

int fail_with(const Status& status) {
  std::cerr << "quorumcheck explore: " << status.message() << "\n";
  return exit_code_for(status);
}

Result<Scope> build_scope(const ExploreArguments& a) {
  Scope scope;
  scope.store.node_count = 3;
  scope.store.replication_factor = 3;
  if (!a.config_file.empty()) {
    auto text = read_input_file(a.config_file, "the --config file");
    if (!text.is_ok()) return text.status();
    auto config = parse_sim_config(text.value(), a.config_file);
    if (!config.is_ok()) return config.status();
    scope.store = config.value().store;
  }
  if (Status s = apply_store_flags(a.store, scope.store); !s.is_ok()) return s;
  for (const std::string& bug : a.bugs) {
    auto field = find_named(kPlantedBugNames, bug);
    if (!field) {
      std::string known;
      for (const auto& [name, f] : kPlantedBugNames) known += (known.empty() ? "" : ", ") + std::string(name);
      return Status::error(ErrorKind::usage, "--bug " + bug + ": expected one of " + known);
    }
    scope.store.planted_bugs.*(*field) = true;
  }
  auto workload = parse_workload_text(a.workload);
  if (!workload.is_ok()) return workload.status();
  scope.workload = std::move(workload).value();
  scope.coordinators = a.coordinators;
  scope.faults = a.faults;
  scope.periodic = a.periodic;
  if (Status s = validate(scope); !s.is_ok()) return s;
  return scope;
}

std::string with_commas(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return digits;
}

std::string figures_text(const ExploreFigures& f) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s", f.seconds);
  return with_commas(f.states) + " states, " + with_commas(f.transitions) + " transitions, " +
         with_commas(f.complete_executions) + " complete executions (" + with_commas(f.histories_checked) +
         " distinct histories checked), depth up to " + std::to_string(f.max_depth) + ", " + seconds + ", ~" +
         std::to_string(f.memory_bytes >> 20) + " MB of visited states" +
         (f.shortest_pass_states == 0 ? ""
                                      : "; a second pass for the shortest counterexample expanded " +
                                            with_commas(f.shortest_pass_states) + " states");
}

// The explorer's rough forecast (explorer.h): meant to say early that a scope explodes.
std::string forecast_text(const ExploreFigures& f) {
  if (f.done_share <= 0) return "";
  char text[128];
  std::snprintf(text, sizeof text, "; forecast (rough): %.2g%% done, ~%.2g states, ~%.2g s in all", 100 * f.done_share,
                f.estimated_states, f.seconds / f.done_share);
  return text;
}

bool will_not_fit(const ExploreFigures& f, const ExploreLimits& limits) {
  if (f.done_share <= 0 || f.seconds < 10) return false;  // too early to say
  const bool states = f.estimated_states > 2.0 * static_cast<double>(limits.states_max);
  const bool time = limits.seconds > 0 && f.seconds / f.done_share > 2.0 * limits.seconds;
  return states || time;
}

// TLC's optimistic estimate: two of n distinct states sharing a 64-bit hash.
std::string collision_text(std::uint64_t states) {
  const double n = static_cast<double>(states);
  char text[32];
  std::snprintf(text, sizeof text, "%.1e", n * n / std::pow(2.0, 65));
  return text;
}

void print_counterexample(const Counterexample& example, std::ostream& out) {
  for (std::size_t i = 0; i < example.descriptions.size(); ++i)
    out << "  " << (i + 1) << ". " << example.descriptions[i] << "\n";
  out << example.verdict.text << (example.verdict.text.ends_with('\n') ? "" : "\n");
}

int run_explore(const ExploreArguments& a) {
  auto scope = build_scope(a);
  if (!scope.is_ok()) return fail_with(scope.status());
  auto properties = parse_property_list(a.properties);
  if (!properties.is_ok()) return fail_with(properties.status());
  ExploreLimits limits = a.limits;
  limits.sleep_sets = !a.no_sleep_sets;
  limits.state_caching = !a.no_state_caching;
  limits.forgetting = !a.no_forgetting;
  limits.two_passes = !a.one_pass;
  limits.losses_as_delays = !a.step_losses;
  CheckBudget budget;
  budget.search.steps = a.check_steps;
  std::cout << "scope: " << describe(scope.value()) << "\n"
            << "properties: " << a.properties << "\n"
            << "reduction: " << (limits.state_caching ? "state hashing" : "none (every path)")
            << (limits.state_caching && limits.forgetting ? " (forgetting what no later step reads)" : "")
            << (limits.sleep_sets ? " + sleep sets" : "")
            << (delays_losses(scope.value(), properties.value(), limits)
                    ? " + lost messages as deliveries after the end (losses are steps only in a search for the shortest "
                      "counterexample)"
                    : "")
            << "; budget: " << with_commas(limits.states_max)
            << " states, " << limits.memory_mb << " MB, " << limits.seconds << " s\n"
            << std::flush;
  bool warned = false;
  const ExploreResult result = explore(scope.value(), properties.value(), limits, budget, [&](const ExploreFigures& f) {
    std::cerr << "quorumcheck explore: " << figures_text(f) << forecast_text(f) << "\n";
    if (!warned && will_not_fit(f, limits)) {
      warned = true;
      std::cerr << "quorumcheck explore: warning: the rough forecast above is beyond the budget; it overshoots, often "
                   "by orders of magnitude, where states merge, so the scope may still fit. If it ends INCOMPLETE, "
                   "fewer ops, clients or faults shrink it the most.\n";
    }
  });
  std::cout << "explored: " << figures_text(result.figures) << "\n";
  if (limits.state_caching)
    std::cout << "hash collision probability (optimistic, 64-bit state hashes): " << collision_text(result.figures.states) << "\n";
  if (result.outcome == ExploreOutcome::holds) {
    std::cout << "HOLDS EXHAUSTIVELY: " << a.properties << ", on every schedule of this scope\n";
    return kExitHolds;
  }
  if (result.counterexample) {
    const Counterexample& example = *result.counterexample;
    std::cout << (result.outcome == ExploreOutcome::refuted ? "REFUTED: " : "INCOMPLETE, but a counterexample: ")
              << example.property << ", by a schedule of " << example.steps.size() << " steps"
              << (result.outcome != ExploreOutcome::refuted ? ""
                  : result.undecided_checks == 0
                      ? " (the shortest: every schedule of fewer steps was explored)"
                      : " (the shortest among the executions the checkers decided; " +
                            std::to_string(result.undecided_checks) + " were undecided)")
              << "\n";
    print_counterexample(example, std::cout);
    const std::string json = counterexample_to_json(make_counterexample_file(scope.value(), example));
    std::ofstream file(a.out, std::ios::binary);
    file << json;
    if (!file.flush())
      return fail_with(Status::error(ErrorKind::usage, "--out " + a.out + ": cannot write the counterexample there (" +
                                                           std::strerror(errno) + ")"));
    std::cout << "counterexample: " << a.out << "\nreplay: quorumcheck replay " << a.out << "\n";
  }
  if (result.outcome == ExploreOutcome::incomplete) {
    std::cout << "INCOMPLETE: " << result.incomplete_reason << "; nothing is claimed beyond the states explored\n";
    if (result.figures.done_share > 0) {
      char text[160];
      std::snprintf(text, sizeof text, "how far it got (rough forecast): %.2g%% of the search tree; ~%.2g states in all",
                    100 * result.figures.done_share, result.figures.estimated_states);
      std::cout << text << "\n";
    }
    return result.counterexample ? kExitViolated : kExitUndecided;
  }
  return kExitViolated;
}

}  // namespace

CommandHandle add_explore_command(CLI::App& parent) {
  auto a = std::make_shared<ExploreArguments>();
  CLI::App* app = parent.add_subcommand(
      "explore",
      "Model-check one small scope: every order of message deliveries, client invocations, timers and faults "
      "(within the budgets below), under logical time (README, \"Model checking\"). Prints HOLDS EXHAUSTIVELY with "
      "the states explored, REFUTED with the shortest schedule (saved to --out, replayed by `quorumcheck replay`), "
      "or INCOMPLETE when a budget ran out. Exit 0 holds; 1 refuted (also when a budget ran out after a "
      "counterexample was found: it is real, but may not be the shortest); 2 incomplete; 64 bad options or an --out "
      "that cannot be written; 65 unreadable --config.");
  add_store_options(app, a->store);
  app->add_option("--config", a->config_file, "take the store (and planted bugs) from this config.json; flags apply on top");
  app->add_option("--bug", a->bugs, "plant a bug (repeatable): " + [] {
    std::string names;
    for (const auto& [name, field] : kPlantedBugNames) names += (names.empty() ? "" : ", ") + std::string(name);
    return names;
  }());
  app->add_option("--workload", a->workload,
                  "per client, its ops in order: clients split by ';', ops by ','; each op is write KEY, read KEY or "
                  "delete KEY (writes get unique values v0, v1, ...)")
      ->capture_default_str();
  app->add_option("--coordinators", a->coordinators, "the node each client sends to, in client order (default: client i to node i mod M)")
      ->delimiter(',');
  app->add_option("--crashes", a->faults.crashes, "node crashes the explorer may choose, each at any step (restarts are free)")
      ->capture_default_str()->check(whole_number(0, 8));
  app->add_option("--losses", a->faults.losses, "messages between nodes it may drop")->capture_default_str()->check(whole_number(0, 8));
  app->add_option("--duplicates", a->faults.duplicates, "messages between nodes it may deliver twice")
      ->capture_default_str()->check(whole_number(0, 8));
  app->add_option("--partitions", a->faults.partitions, "partitions (one node cut from the rest, until a heal)")
      ->capture_default_str()->check(whole_number(0, 4));
  app->add_flag("--timeouts", a->faults.timeouts, "coordinators' request timeouts may fire (an op then ends as info)");
  app->add_option("--ae-rounds", a->periodic.anti_entropy, "anti-entropy rounds it may fire, over all nodes")
      ->capture_default_str()->check(whole_number(0, 16));
  app->add_option("--maintenance-ticks", a->periodic.maintenance, "maintenance ticks (hint retries, purging) it may fire")
      ->capture_default_str()->check(whole_number(0, 16));
  app->add_option("--flushes", a->periodic.flush, "volatile-mode flushes it may fire")->capture_default_str()->check(whole_number(0, 16));
  app->add_option("--elections", a->periodic.elections,
                  "leader store: election timeouts it may fire, over all nodes, each at any step while a node does not "
                  "lead (at least 1: nobody leads before the first)")
      ->capture_default_str()->check(whole_number(0, 16));
  app->add_option("--heartbeats", a->periodic.heartbeats,
                  "leader store: leaders' heartbeats it may fire, over all nodes (how followers learn the commit index "
                  "when no write follows)")
      ->capture_default_str()->check(whole_number(0, 16));
  app->add_option("--properties", a->properties, "comma-separated: " + property_names())->capture_default_str();
  app->add_option("--max-states", a->limits.states_max, "stop, INCOMPLETE, after this many distinct states")
      ->capture_default_str()->check(whole_number(1, UINT64_MAX));
  app->add_option("--memory-mb", a->limits.memory_mb, "stop, INCOMPLETE, when the visited-state table needs more")
      ->capture_default_str()->check(whole_number(1, 1 << 20));
  app->add_option("--budget-s", a->limits.seconds, "stop, INCOMPLETE, after this many wall-clock seconds (0: none)")
      ->capture_default_str()->check(real_number(0, 1e9));
  app->add_flag("--no-sleep-sets", a->no_sleep_sets, "expand every order of independent steps (for comparison)");
  app->add_flag("--no-forgetting", a->no_forgetting, "hash every part of a state, even what no later step reads (for comparison)");
  app->add_flag("--one-pass", a->one_pass, "expand states again at their least depth from the start, not only in a second pass after a counterexample (for comparison)");
  app->add_flag("--step-losses", a->step_losses,
                "explore every lost message as a step even where a message delivered after the end stands for it "
                "(properties that survive extension: linearizable; for comparison)");
  app->add_flag("--no-state-caching", a->no_state_caching, "expand a state each time it is reached (for comparison; tiny scopes only)");
  app->add_option("--out", a->out, "where a counterexample is written")->capture_default_str();
  app->add_option("--check-steps", a->check_steps, "search steps a linearizability check may take")
      ->capture_default_str()->check(whole_number(1, UINT64_MAX));
  return CommandHandle{app, [a] { return run_explore(*a); }};
}

}  // namespace qc
