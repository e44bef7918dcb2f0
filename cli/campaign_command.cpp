#include "cli/campaign_command.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/exit_codes.h"
#include "cli/html_output.h"
#include "cli/run_setup.h"
#include "cli/campaign_options.h"
#include "cli/store_options.h"
#include "explore/campaign.h"
#include "explore/latency_profiles.h"
#include "faults/nemesis.h"

namespace qc {
namespace {

int fail_with(const Status& status) {
  std::cerr << "quorumcheck campaign: " << status.message() << "\n";
  return exit_code_for(status);
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
    if (!f.bundle_path.empty()) {
      std::cout << "  bundle: " << f.bundle_path << "\n  replay: quorumcheck replay " << f.bundle_path << "\n";
      print_page_beside(f.bundle_path, "  ");
    }
  } else if (r.status == ClaimStatus::undecided && r.cases_checked == 0) {
    std::cout << "UNDECIDED: " << r.undecided_reason << "\n";
  } else if (r.status == ClaimStatus::undecided) {
    std::cout << "UNDECIDED on " << r.cases_undecided << " of " << r.cases_checked << " cases: " << r.undecided_reason
              << "\n";
  } else {
    std::cout << "HOLDS for " << r.cases_checked << " cases (fault kinds tried: " << joined(r.fault_kinds_tried)
              << ")\n";
  }
}

int campaign(const CampaignArguments& arguments) {
  auto options = build_campaign_options(arguments);
  if (!options.is_ok()) return fail_with(options.status());
  options.value().progress = progress_printer("campaign");
  auto result = run_campaign(options.value());
  if (!result.is_ok()) return fail_with(result.status());
  const CampaignResult& r = result.value();
  std::cout << "campaign: " << r.cases_run << " of " << r.cases_planned << " cases run on shard " << arguments.shard
            << " in " << static_cast<std::int64_t>(r.elapsed_s * 1000) << " ms";
  const SchedulingConfig& scheduling = options.value().space.base.scheduling;
  if (scheduling.strategy != SchedulingStrategy::time_order) std::cout << " (scheduling: " << describe(scheduling) << ")";
  std::cout << "\n";
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

}  // namespace

CommandHandle add_campaign_command(CLI::App& parent) {
  auto a = std::make_shared<CampaignArguments>();
  CLI::App* app = parent.add_subcommand(
      "campaign",
      "Draw cases (workload, faults, seed) for one store configuration, check the properties on each, "
      "shrink failures and write repro bundles to --out. Exit 0: all hold within the budget; 1: one is "
      "refuted; 2: one is undecided, or no case ran; 64: bad options.");
  add_store_options(app, a->store);
  add_space_options(app, *a);
  app->add_option("--properties", a->properties, "comma-separated: " + property_names())->capture_default_str();
  add_campaign_run_options(app, *a);
  return CommandHandle{app, [a] { return campaign(*a); }};
}

}  // namespace qc
