#pragma once
// The CI gate: a file names store configurations and the properties each must keep;
// the gate runs a campaign per configuration and fails when a required property is
// refuted or undecided. It writes a JUnit XML report (one test case per configuration
// and property) and the shrunk bundles, and splits its cases into shards for CI matrix
// jobs (DESIGN.md: a campaign's case seeds depend only on the seed and the case index,
// so shards 0/K .. K-1/K together run exactly the cases of one unsharded gate).
//
// The gate file (JSON; every field but "configurations" is optional):
//   {
//     "seed": 1, "cases": 100, "budget_s": 120, "nemesis": "partition,crash",
//     "latency": "default", "ops_max": 30, "clients_max": 4, "keys_max": 2,
//     "strategy": "pct:3", "strategy_window_us": 2000,  <- the scheduling (sim_config.h)
//     "configurations": [
//       {"name": "abd", "store": {"nodes": 5, "n": 3, "r": 2, "w": 2,
//                                 "read_repair": "blocking", "abd": true},
//        "require": ["linearizable", "convergence"],
//        "cases": 50, "nemesis": "partition"}          <- overrides, per configuration
//     ]
//   }
// "store" takes the keys of `quorumcheck run`'s store flags (nodes, n, r, w,
// read_repair, durability, abd, sloppy, anti_entropy) and, for testing the harness
// itself, "planted_bugs": a list of impl/config.h PlantedBugs field names.
// A configuration may add "prove": {"workload": "c0: write k0; c1: read k0",
// "crashes": 0, "losses": 0, "max_states": 2000000, "budget_s": 120}: each required
// property is then also explored exhaustively within that scope (modelcheck/, run by
// the command line on shard 0 only), a test case of its own.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "explore/campaign.h"

namespace qc {

struct GateProof {  // "prove": a scope to explore exhaustively (the workload is checked later)
  std::string workload;
  std::uint32_t crashes = 0, losses = 0;
  std::uint64_t max_states = 2'000'000;
  double budget_s = 120;
};

struct GateConfiguration {
  std::string name;
  CampaignOptions campaign;  // properties = the required ones
  std::optional<GateProof> prove;
};

struct GateSpec {
  std::vector<GateConfiguration> configurations;
};

// Errors are ErrorKind::malformed and name the file and the JSON path.
Result<GateSpec> parse_gate(std::string_view text, const std::string& source);

struct GateCaseResult {  // one JUnit test case
  std::string configuration;
  PropertyResult property;
  double elapsed_s = 0;
};

struct GateResult {
  std::vector<GateCaseResult> cases;
  std::uint64_t campaign_cases_run = 0;
  bool passed() const;      // every required property holds
  bool any_refuted() const;
};

// Runs every configuration's campaign on `shard`, writing bundles under out_dir/<name>.
Result<GateResult> run_gate(const GateSpec& spec, const Shard& shard, const std::string& out_dir,
                            const std::function<void(const std::string&, const CampaignProgress&)>& progress);

// JUnit XML as CI systems read it: refuted -> <failure>, undecided -> <error>.
std::string to_junit_xml(const GateResult& result, const Shard& shard);

}  // namespace qc
