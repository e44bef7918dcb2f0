#pragma once
// The options every campaign-running command shares (campaign, claims): the store
// flags, the case space, the campaign's size and seed, and a progress printer.
#include <cstdint>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/store_options.h"
#include "explore/campaign.h"

namespace qc {

struct CampaignArguments {
  StoreFlags store;
  TimingFlags timing;  // applied after the --latency profile
  SchedulingFlags scheduling;
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

Result<CampaignOptions> build_campaign_options(const CampaignArguments& arguments);

// Prints progress to stderr at most every three seconds, prefixed with the command.
std::function<void(const CampaignProgress&)> progress_printer(const std::string& command);

// The case space: --clients-max --ops-max --keys-max --deletes --nemesis
// --fault-episodes-max --latency --storage-latency-us --client-latency-us --config.
void add_space_options(CLI::App* app, CampaignArguments& arguments);

// The campaign's size and limits: --cases --budget-s --seed --shard --out --check-steps
// --no-zones --shrink-runs-max.
void add_campaign_run_options(CLI::App* app, CampaignArguments& arguments);

}  // namespace qc
