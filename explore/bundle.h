#pragma once
// A repro bundle: ONE JSON file that replays a failure from its own contents alone
// (DESIGN.md, "Campaigns, shrinking and bundles"): the property, the whole SimConfig
// (sim/config_json.h's form, store configuration and seed included), the workload as
// data (histories/workload.h's form), the fault schedule (faults/schedule_json.h's form),
// the history it produced with its hash, and the verdict with its evidence. Never
// RapidCheck state: a bundle outlives the generator. Bundles of an older format_version
// are refused with a message saying why, never replayed into a different history.
//
//   {"format": "quorumcheck-bundle", "format_version": 3, "tool_version": "0.2.0",
//    "property": "linearizable", "seed": 7, "config": {...}, "workload": {...}, "faults": {...},
//    "history_fnv1a64": "…", "history": [{event}, ...],
//    "verdict": {"outcome": "violated", "text": "…", "evidence": {...}},
//    "origin": {"campaign_seed": 1, "case_index": 3, "shrink_runs": 41, "ops_invoked": 4}}
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "explore/case.h"
#include "explore/property.h"

namespace qc {

// 2: workloads as data, faults placed by op progress, keyed timing streams.
// 3: a delay burst draws each message's hold (faults/burst_delay.h). A version 2 bundle
//    replays the same unless its faults hold a delay burst: those are refused.
inline constexpr int kBundleFormatVersion = 3;

// The version of quorumcheck that built this library (the project's version).
const char* explore_tool_version();

// Where a bundle came from; informational, replay does not need it.
struct BundleOrigin {
  std::uint64_t campaign_seed = 0;
  std::uint64_t case_index = 0;
  std::uint64_t shrink_runs = 0;
  std::uint64_t ops_invoked = 0;
};

struct Bundle {
  int format_version = kBundleFormatVersion;
  std::string tool_version = explore_tool_version();
  std::string property;
  Case repro;                 // repro.config.seed is the seed
  std::string history_jsonl;  // histories/jsonl.h's form
  std::string history_hash;   // history_fnv1a64(history_jsonl)
  PropertyVerdict verdict;
  BundleOrigin origin;
};

// FNV-1a 64 of the bytes, 16 hex digits; the same value `quorumcheck run` prints.
std::string history_fnv1a64(std::string_view history_jsonl);

// Builds a bundle for a case, its run and the property's verdict on it.
Bundle make_bundle(const std::string& property, const Case& repro, const RunResult& run,
                   const PropertyVerdict& verdict, const BundleOrigin& origin);

std::string bundle_to_json(const Bundle& bundle);  // pretty, ends with '\n'

// Errors are ErrorKind::malformed and name `source` and the field: "b.json: $.faults:
// events[0].nodes: ...". The config and the schedule are validated (node range too).
Result<Bundle> parse_bundle(std::string_view text, const std::string& source);

Status write_bundle(const Bundle& bundle, const std::string& path);  // io errors name the path
Result<Bundle> read_bundle(const std::string& path);

struct Replay {
  RunResult run;
  std::string history_hash;   // of the new run
  bool same_history = false;  // equals the bundle's hash
  PropertyVerdict verdict;    // the property's verdict on the new run
  // The failure is still there: same history and the property still violated.
  bool reproduces() const { return same_history && verdict.outcome == PropertyOutcome::violated; }
};

// Runs the bundle's case again and checks its property. Usage error if the property is
// unknown to this build.
Result<Replay> replay_bundle(const Bundle& bundle, const CheckBudget& budget = {});

}  // namespace qc
