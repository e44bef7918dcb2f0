#include "cli/campaign_options.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/option_checks.h"
#include "cli/output_files.h"
#include "cli/run_setup.h"
#include "explore/latency_profiles.h"
#include "faults/nemesis.h"

namespace qc {

Result<CampaignOptions> build_campaign_options(const CampaignArguments& a) {
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
  if (Status s = apply_timing_flags(a.timing, options.space.base); !s.is_ok()) return s;
  if (Status s = apply_scheduling_flags(a.scheduling, options.space.base); !s.is_ok()) return s;
  if (Status s = validate(options.space.base); !s.is_ok()) return s;
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
  // Refused now, not when the first bundle is due after minutes of cases.
  if (Status ready = prepare_output_dir(a.out_dir, "--out"); !ready.is_ok()) return ready;
  options.check_budget.search.steps = a.check_steps;
  options.check_budget.use_zones = !a.no_zones;
  options.shrink_runs_max = a.shrink_runs_max;
  return options;
}

// Prints progress to stderr at most every three seconds.
std::function<void(const CampaignProgress&)> progress_printer(const std::string& command) {
  auto last = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  return [last, command](const CampaignProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (now - *last < std::chrono::seconds(3)) return;
    *last = now;
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f", p.cases_per_s);
    std::cerr << "quorumcheck " << command << ": " << p.cases_done << "/" << p.cases_planned << " cases, " << p.failures
              << " failing, " << rate << " cases/s\n";
  };
}

void add_space_options(CLI::App* app, CampaignArguments& a) {
  app->add_option("--clients-max", a.clients_max, "clients per case: 1 .. this")
      ->capture_default_str()
      ->check(whole_number(1, 10'000));
  app->add_option("--ops-max", a.ops_max, "client ops per case: 1 .. this")
      ->capture_default_str()
      ->check(whole_number(1, kWorkloadOpsMax));
  app->add_option("--keys-max", a.keys_max, "keys per case: 1 .. this")
      ->capture_default_str()
      ->check(whole_number(1, kWorkloadKeysMax));
  app->add_flag("--deletes", a.deletes, "draw deletes too");
  app->add_option("--nemesis", a.nemesis, "faults: none, all, or a list of partition, crash, pause, clock, loss, delay")
      ->capture_default_str();
  app->add_option("--fault-episodes-max", a.fault_episodes_max, "faults per case, each with its recovery")
      ->capture_default_str()
      ->check(whole_number(0, 10'000));
  app->add_option("--latency", a.latency, "network latency profile: " + latency_profile_names())
      ->capture_default_str();
  add_timing_options(app, a.timing);
  add_scheduling_options(app, a.scheduling);
  app->add_option("--config", a.config_file, "base config.json (network, clocks, store); store flags apply on top");
}


void add_campaign_run_options(CLI::App* app, CampaignArguments& arguments) {
  CampaignArguments* a = &arguments;
  app->add_option("--cases", a->cases, "cases in all shards")->capture_default_str()->check(whole_number(0, UINT64_MAX));
  app->add_option("--budget-s", a->budget_s, "wall-clock seconds; no case starts after (0: none)")
      ->capture_default_str()
      ->check(real_number(0, 1e9));
  app->add_option("--seed", a->seed, "the campaign's seed")->capture_default_str()->check(seed_number());
  app->add_option("--shard", a->shard, "I/K: run cases i with i % K == I")->capture_default_str();
  app->add_option("--out", a->out_dir, "directory for repro bundles")->capture_default_str();
  app->add_option("--check-steps", a->check_steps, "search steps a linearizability check may take")
      ->capture_default_str()
      ->check(whole_number(1, UINT64_MAX));
  app->add_flag("--no-zones", a->no_zones, "decide every key by the general search, not the zone check");
  app->add_option("--shrink-runs-max", a->shrink_runs_max, "runs spent shrinking one failure")
      ->capture_default_str()
      ->check(whole_number(0, UINT64_MAX));
}

}  // namespace qc
