#pragma once
// Quorum claims: what a configuration promises on paper (the quorum calculator; for the
// leader-based store, Raft's majority arithmetic and its modes) and what it keeps in practice (a campaign over every history property, plus availability runs
// with replicas down). Each claim ends HOLDS (no counterexample within the budget, with
// the cases and faults tried), REFUTED (with a shrunk repro bundle) or UNDECIDED.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explore/campaign.h"
#include "explore/downtime.h"

namespace qc {

struct QuorumCalculation {
  std::uint32_t nodes = 0, n = 0, r = 0, w = 0;
  bool sloppy = false;
  bool reads_meet_writes = false;   // R + W > N, and quorums are strict
  bool writes_meet_writes = false;  // 2W > N: two write quorums always share a replica
  std::uint32_t reads_tolerate_down = 0;   // replicas of a key that may be unreachable
  std::uint32_t writes_tolerate_down = 0;  // while reads (writes) still gather a quorum
};

QuorumCalculation calculate_quorums(const Config& store);
std::string render_text(const QuorumCalculation& quorums);

// The leader-based store's counterpart (Config::store == StoreKind::leader): no N, R or W
// to choose. Every node holds every key; a write commits once a majority of the M nodes
// holds it in its log, and a leader needs a majority's votes, so the store keeps taking
// writes with up to floor((M - 1) / 2) nodes down. What a write's acknowledgement and a
// read promise depends on LeaderOptions (Raft's sync replication and ReadIndex reads, or
// the faster modes that give up on it).
struct LeaderCalculation {
  std::uint32_t nodes = 0;           // M
  std::uint32_t majority = 0;        // M / 2 + 1
  std::uint32_t tolerates_down = 0;  // floor((M - 1) / 2)
  LeaderOptions options;
};

LeaderCalculation calculate_leader(const Config& store);  // store.store == StoreKind::leader
std::string render_text(const LeaderCalculation& leader);
// "leader-based (Raft), sync, read-index reads": the mode in a few words, as the
// calculator page and the matrix name it.
std::string leader_label(const LeaderOptions& options);

// Runs the workload on key k0 with `replicas_down` of k0's N replicas crashed from the
// start, on the default network; holds when every read (or write) whose coordinator was
// up completed ok.
struct AvailabilityResult {
  bool writes = true;
  std::uint32_t replicas_down = 0;
  ClaimStatus status = ClaimStatus::holds;
  std::uint64_t ops_counted = 0;  // reads (writes) sent to a coordinator that was up
  std::uint64_t ops_ok = 0;
  std::string detail;
};
AvailabilityResult measure_availability(const SimConfig& base, bool writes, std::uint32_t replicas_down);

struct ClaimLine {
  std::string property;     // as in --properties, or writes-available / reads-available
  std::string description;
  ClaimStatus status = ClaimStatus::holds;
  std::string detail;       // cases and faults tried, or the refutation
  std::string bundle_path;  // REFUTED with --out
  // "sampled", or "exhaustive within scope + sampled" once modelcheck/claims_proof.h has
  // explored a small scope for it too; "one run" for the availability claims.
  std::string evidence = "sampled";
};

struct ClaimsOptions {
  CampaignOptions campaign;  // space.base.store is the configuration under test
  std::uint32_t replicas_down = 1;  // f for the availability claims
  std::string latency_profile = "default";  // the name campaign.space.base.network came from
};

// PBS-style freshness beside the worst case, over every case the claims campaign ran
// (faults included): of the reads that began at least t after the last acknowledged
// write to their key, how many returned it or something newer (checker/staleness.h's
// t-visibility, "at least t" form).
struct FreshnessPoint {
  std::int64_t t_us = 0;
  std::size_t reads = 0;
  std::size_t fresh_reads = 0;
  std::optional<double> probability() const;  // absent with no reads
};

// t = 0, 1, 10 and 100 ms.
std::vector<FreshnessPoint> freshness_points();

struct ClaimsReport {
  QuorumCalculation quorums;  // the leaderless store's; text and JSON leave it out for the leader-based one
  std::optional<LeaderCalculation> leader;  // the leader-based store's, in place of the quorum arithmetic
  Config store;  // the configuration under test
  std::string latency_profile;
  CoordinatorPlacement coordinator_placement = CoordinatorPlacement::any_node;
  std::vector<FreshnessPoint> freshness = freshness_points();
  std::map<std::uint32_t, std::uint64_t> k_histogram;  // k-staleness (checker/staleness.h) -> reads, over every case
  std::vector<ClaimLine> lines;
  std::uint64_t cases_run = 0;
  bool budget_exhausted = false;
  SchedulingConfig scheduling;  // the order the cases' events ran in
  std::vector<FaultKindTally> fault_tallies;  // what the cases' faults did, by kind
  std::string proof_scope;  // the scope explored exhaustively (describe()), if any
  // Write and read downtime on a crash of the node that matters (the leader; node 0 of a
  // leaderless store), kDowntimeSeeds seeds of explore/downtime.h on the claims' store
  // and latencies.
  std::vector<DowntimeSample> downtime;
};

inline constexpr std::uint64_t kDowntimeSeeds = 20;

// The history properties a claims run checks, in report order.
const std::vector<std::string>& claim_properties();

Result<ClaimsReport> evaluate_claims(const ClaimsOptions& options);
std::string render_text(const ClaimsReport& report);
// "store_kind" ("leaderless" or "leader"), then for the leaderless store "quorums" (the
// arithmetic), for the leader-based one "leader" ({nodes, majority, tolerates_down,
// replication, reads, election_timeout_min_us, election_timeout_max_us,
// heartbeat_interval_us, label}) and no "quorums"; then "store" (config.json's settings)
// and the rest, the same for both.
nlohmann::ordered_json to_json(const ClaimsReport& report);

}  // namespace qc
