#include "cli/campaign_command.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/exit_codes.h"
#include "cli/run_setup.h"
#include "cli/store_options.h"
#include "explore/campaign.h"
#include "explore/latency_profiles.h"
#include "faults/nemesis.h"

namespace qc {
namespace {

struct CampaignArguments {
  StoreFlags store;
  std::string config_file;
  std::string latency = "default";
  std::string properties = "linearizable,convergence";
  std::string nemesis = "partition,crash";
  std::uint64_t cases = 100;
  double budget_s = 60;
  std::uint64_t seed = 1;
  std::string shard = "0/1";
  std::string out_dir = "quorumcheck-campaign";
  std::uint32_t clients_max = 4, ops_max = 30, keys_max = 2, fault_episodes_max = 6;
  bool deletes = false, no_zones = false;
  std::uint64_t check_steps = CheckBudget{}.search.steps;
  std::uint64_t shrink_runs_max = CampaignOptions{}.shrink_runs_max;
};

int fail_with(const Status& status) {
  std::cerr << "quorumcheck campaign: " << status.message() << "\n";
  return exit_code_for(status);
}

Result<CampaignOptions> build_options(const CampaignArguments& a) {
  RunArguments base;  // `run`'s defaults and --config, then the store flags
  base.config_file = a.config_file;
  base.store = a.store;
  auto config = build_sim_config(base);
  if (!config.is_ok()) return config.status();
  CampaignOptions options;
  options.space.base = config.value();
  if (a.config_file.empty() || a.latency != "default") {
    auto network = latency_profile(a.latency);
    if (!network.is_ok()) return network.status();
    options.space.base.network = network.value();
  }
  auto kinds = parse_nemesis_list(a.nemesis);
  if (!kinds.is_ok()) return kinds.status();
  options.space.nemesis = kinds.value();
  options.space.clients = {1, a.clients_max};
  options.space.ops = {1, a.ops_max};
  options.space.keys = {1, a.keys_max};
  options.space.delete_weight = {0, a.deletes ? 1u : 0u};
  options.space.fault_episodes_max = a.fault_episodes_max;
  auto properties = parse_property_list(a.properties);
  if (!properties.is_ok()) return properties.status();
  for (const Property* property : properties.value()) options.properties.push_back(property->name);
  auto shard = parse_shard(a.shard);
  if (!shard.is_ok()) return shard.status();
  options.shard = shard.value();
  if (a.budget_s < 0) return Status::error(ErrorKind::usage, "--budget-s must be >= 0 (0: no limit)");
  options.cases = a.cases;
  options.budget_s = a.budget_s;
  options.seed = a.seed;
  options.out_dir = a.out_dir;
  options.check_budget.search.steps = a.check_steps;
  options.check_budget.use_zones = !a.no_zones;
  options.shrink_runs_max = a.shrink_runs_max;
  return options;
}

// Prints progress to stderr at most every three seconds.
std::function<void(const CampaignProgress&)> progress_printer() {
  auto last = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  return [last](const CampaignProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (now - *last < std::chrono::seconds(3)) return;
    *last = now;
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f", p.cases_per_s);
    std::cerr << "quorumcheck campaign: " << p.cases_done << "/" << p.cases_planned << " cases, " << p.failures
              << " failing, " << rate << " cases/s\n";
  };
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text.empty() ? "none" : text;
}

void print_property(const PropertyResult& r, std::uint64_t seed) {
  std::cout << r.property << ": ";
  if (r.status == ClaimStatus::refuted) {
    const Refutation& f = r.refutations.front();
    std::cout << "REFUTED in " << r.cases_violated << " of " << r.cases_checked << " cases; case " << f.case_index
              << " (campaign seed " << seed << ", run seed " << f.shrunk.config.seed << ") shrunk from "
              << f.ops_before_shrink << " to " << f.ops_after_shrink << " client ops in " << f.shrink_runs
              << " runs\n";
    if (!f.bundle_path.empty())
      std::cout << "  bundle: " << f.bundle_path << "\n  replay: quorumcheck replay " << f.bundle_path << "\n";
  } else if (r.status == ClaimStatus::undecided) {
    std::cout << "UNDECIDED on " << r.cases_undecided << " of " << r.cases_checked << " cases: " << r.undecided_reason
              << "\n";
  } else {
    std::cout << "HOLDS for " << r.cases_checked << " cases (fault kinds tried: " << joined(r.fault_kinds_tried)
              << ")\n";
  }
}

int campaign(const CampaignArguments& arguments) {
  auto options = build_options(arguments);
  if (!options.is_ok()) return fail_with(options.status());
  options.value().progress = progress_printer();
  auto result = run_campaign(options.value());
  if (!result.is_ok()) return fail_with(result.status());
  const CampaignResult& r = result.value();
  std::cout << "campaign: " << r.cases_run << " of " << r.cases_planned << " cases run on shard " << arguments.shard
            << " in " << static_cast<std::int64_t>(r.elapsed_s * 1000) << " ms\n";
  if (r.budget_exhausted)
    std::cout << "budget: --budget-s " << arguments.budget_s << " ran out; " << r.cases_planned - r.cases_run
              << " cases not started\n";
  bool refuted = false, undecided = false;
  for (const PropertyResult& property : r.properties) {
    print_property(property, arguments.seed);
    refuted |= property.status == ClaimStatus::refuted;
    undecided |= property.status == ClaimStatus::undecided;
  }
  return refuted ? kExitViolated : undecided ? kExitUndecided : kExitHolds;
}

void add_space_options(CLI::App* app, CampaignArguments& a) {
  app->add_option("--clients-max", a.clients_max, "clients per case: 1 .. this")->capture_default_str();
  app->add_option("--ops-max", a.ops_max, "client ops per case: 1 .. this")->capture_default_str();
  app->add_option("--keys-max", a.keys_max, "keys per case: 1 .. this")->capture_default_str();
  app->add_flag("--deletes", a.deletes, "draw deletes too");
  app->add_option("--nemesis", a.nemesis, "faults: none, all, or a list of partition, crash, pause, clock, loss, delay")
      ->capture_default_str();
  app->add_option("--fault-episodes-max", a.fault_episodes_max, "faults per case, each with its recovery")
      ->capture_default_str();
  app->add_option("--latency", a.latency, "network latency profile: " + latency_profile_names())
      ->capture_default_str();
  app->add_option("--config", a.config_file, "base config.json (network, clocks, store); store flags apply on top");
}

}  // namespace

CommandHandle add_campaign_command(CLI::App& parent) {
  auto a = std::make_shared<CampaignArguments>();
  CLI::App* app = parent.add_subcommand(
      "campaign",
      "Draw cases (workload, faults, seed) for one store configuration, check the properties on each, "
      "shrink failures and write repro bundles to --out. Exit 0: all hold within the budget; 1: one is "
      "refuted; 2: one is undecided; 64: bad options.");
  add_store_options(app, a->store);
  add_space_options(app, *a);
  app->add_option("--properties", a->properties, "comma-separated: " + property_names())->capture_default_str();
  app->add_option("--cases", a->cases, "cases in all shards")->capture_default_str();
  app->add_option("--budget-s", a->budget_s, "wall-clock seconds; no case starts after (0: none)")->capture_default_str();
  app->add_option("--seed", a->seed, "the campaign's seed")->capture_default_str();
  app->add_option("--shard", a->shard, "I/K: run cases i with i % K == I")->capture_default_str();
  app->add_option("--out", a->out_dir, "directory for repro bundles")->capture_default_str();
  app->add_option("--check-steps", a->check_steps, "search steps a linearizability check may take")->capture_default_str();
  app->add_flag("--no-zones", a->no_zones, "decide every key by the general search, not the zone check");
  app->add_option("--shrink-runs-max", a->shrink_runs_max, "runs spent shrinking one failure")->capture_default_str();
  return CommandHandle{app, [a] { return campaign(*a); }};
}

}  // namespace qc
