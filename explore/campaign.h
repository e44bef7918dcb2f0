#pragma once
// A campaign: draw cases from a CaseSpace, run each in the simulator, check properties,
// shrink the first few failures of each property and save the smallest as a repro bundle. The loop is
// ours, not rc::check's (DESIGN.md): it never reads RC_PARAMS, so a stale
// `reproduce=` in the environment cannot make a campaign pass without running.
//
// Determinism: case i is drawn from rc::Random(case_seed(seed, i)) at case_size(i);
// neither depends on the shard count, so shards I/K for I in 0..K-1 together run
// exactly the cases of shard 0/1. Wall-clock budgets decide only how many cases start;
// shrinking is bounded by simulator runs, so a case's bundle is the same on any machine.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "explore/case.h"
#include "explore/property.h"

namespace qc {

struct Shard {
  std::uint32_t index = 0;  // I: this process runs cases i with i % count == index
  std::uint32_t count = 1;  // K
};

// "I/K" with 0 <= I < K; usage error otherwise.
Result<Shard> parse_shard(const std::string& text);

struct CampaignProgress {
  std::uint64_t cases_done = 0;  // on this shard
  std::uint64_t cases_planned = 0;
  std::uint64_t failures = 0;    // cases where some property was violated
  double cases_per_s = 0;
  double elapsed_s = 0;
};

struct CampaignOptions {
  CaseSpace space;                       // store configuration fixed in space.base.store
  std::vector<std::string> properties;   // names from all_properties()
  std::uint64_t cases = 100;             // over all shards: case indices 0 .. cases-1
  double budget_s = 0;                   // wall clock; 0: no limit
  std::uint64_t seed = 1;
  Shard shard;
  std::string out_dir;                   // bundles go here; empty: no files written
  std::uint64_t shrink_runs_max = 400;   // simulator runs spent shrinking one failure
  std::uint64_t failures_shrunk_max = 10; // per property; the smallest shrunk one is kept
  bool stop_at_first_failure = false;    // for measurements of cases until a first find
  CheckBudget check_budget;
  // Called after each case and at the end; the caller decides how often to print.
  std::function<void(const CampaignProgress&)> progress;
  // Called with each case drawn and its run (not with shrinking's runs), for figures
  // gathered over a campaign such as claims' freshness.
  std::function<void(const Case&, const RunResult&)> observe_case;
};

enum class ClaimStatus : std::uint8_t { holds, refuted, undecided };
const char* to_string(ClaimStatus status);

struct Refutation {
  std::uint64_t case_index = 0;
  std::string bundle_path;            // empty when out_dir was empty
  std::size_t ops_before_shrink = 0;  // client invocations in the first failing run
  std::size_t ops_after_shrink = 0;   // ... and in the shrunk one
  std::uint64_t shrink_runs = 0;
  PropertyVerdict verdict;            // on the shrunk case
  Case shrunk;
};

struct PropertyResult {
  std::string property;
  ClaimStatus status = ClaimStatus::holds;  // refuted > undecided > holds
  std::uint64_t cases_checked = 0;
  std::uint64_t cases_violated = 0;
  std::uint64_t cases_undecided = 0;
  std::vector<std::string> fault_kinds_tried;  // kinds that hit the workload in some case
  std::vector<Refutation> refutations;         // at most one: the smallest shrunk failure
  std::string undecided_reason;                // the first undecided case's text
};

struct CaseRecord {  // one line of the campaign's log, for sharding and reports
  std::uint64_t index = 0;
  std::string history_hash;
  std::vector<std::string> violated;  // property names
};

struct CampaignResult {
  std::vector<PropertyResult> properties;  // in the order of options.properties
  std::uint64_t cases_run = 0;             // on this shard
  std::uint64_t cases_planned = 0;         // on this shard
  bool budget_exhausted = false;           // stopped starting cases for budget_s
  std::vector<FaultKindTally> fault_tallies;  // what the cases' faults did, by kind
  double elapsed_s = 0;
  std::vector<CaseRecord> cases;
};

std::uint64_t case_seed(std::uint64_t campaign_seed, std::uint64_t case_index);
int case_size(std::uint64_t case_index);  // 10 .. 100 in a sawtooth

// Runs the campaign. Usage errors: an invalid space, unknown properties, a bad shard;
// io errors when a bundle cannot be written.
Result<CampaignResult> run_campaign(const CampaignOptions& options);

// Greedy shrinking: from `failing`, repeatedly take the first shrink for which
// `still_fails` is true, until none does or `runs_max` calls were spent (a count, not a
// time, so that the result does not depend on the machine). Returns the smallest
// failing value found and the number of calls.
struct ShrinkOutcome {
  rc::Shrinkable<Case> smallest;
  std::uint64_t runs = 0;
};
ShrinkOutcome shrink_greedily(rc::Shrinkable<Case> failing, const std::function<bool(const Case&)>& still_fails,
                              std::uint64_t runs_max);

}  // namespace qc
