#include "explore/claims.h"

#include <cstdio>

#include "checker/staleness.h"
#include "impl/ring.h"
#include "sim/config_json.h"

namespace qc {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text.empty() ? "none" : text;
}

ClaimLine line_from(const PropertyResult& result, const std::vector<FaultKindTally>& faults) {
  ClaimLine line;
  line.property = result.property;
  auto property = find_property(result.property);
  if (property.is_ok()) line.description = property.value()->description;
  line.status = result.status;
  if (result.status == ClaimStatus::refuted && !result.refutations.empty()) {
    const Refutation& refutation = result.refutations.front();
    line.bundle_path = refutation.bundle_path;
    line.detail = "case " + std::to_string(refutation.case_index) + ", shrunk from " +
                  std::to_string(refutation.ops_before_shrink) + " to " +
                  std::to_string(refutation.ops_after_shrink) + " client ops" +
                  (line.bundle_path.empty() ? "" : "; replay: quorumcheck replay " + line.bundle_path);
  } else if (result.status == ClaimStatus::undecided) {
    line.detail = result.undecided_reason;
  } else {
    line.detail = "no counterexample in " + std::to_string(result.cases_checked) +
                  " sampled cases; faults that hit the workload: " + join(result.fault_kinds_tried);
    const std::vector<std::string> missed = kinds_that_missed(faults);
    if (!missed.empty()) line.detail += " (injected but hit nothing, so not tested: " + join(missed) + ")";
  }
  return line;
}

ClaimLine line_from(const AvailabilityResult& result, const Config& store) {
  ClaimLine line;
  const std::string what = result.writes ? "writes" : "reads";
  line.property = what + "-available";
  line.description = what + " succeed with " + std::to_string(result.replicas_down) +
                     (store.store == StoreKind::leader ? " of the " + std::to_string(store.node_count) + " nodes down"
                                                        : " of a key's replicas down");
  line.status = result.status;
  line.detail = result.detail;
  line.evidence = "one run";
  return line;
}

// Adds one run's reads to the freshness tally and the k histogram.
void add_freshness(const RunResult& run, std::vector<FreshnessPoint>& points,
                   std::map<std::uint32_t, std::uint64_t>& k_histogram) {
  auto operations = pair_operations(run.history);
  if (!operations.is_ok()) return;  // properties report a malformed history
  StalenessOptions options;
  options.thresholds_us.clear();
  for (const FreshnessPoint& point : points) options.thresholds_us.push_back(point.t_us);
  const StalenessReport staleness = measure_staleness(operations.value(), options);
  for (std::size_t i = 0; i < points.size(); ++i) {
    points[i].reads += staleness.visibility[i].reads_at_least;
    points[i].fresh_reads += staleness.visibility[i].fresh_reads_at_least;
  }
  for (const auto& [k, reads] : staleness.k_histogram) k_histogram[k] += reads;
}

const char* placement_name(CoordinatorPlacement placement) { return name_of(placement, kCoordinatorPlacementNames); }

// 150000 -> "150 ms", 500 -> "0.5 ms".
std::string milliseconds(std::int64_t us) {
  char text[48];
  if (us % 1000 == 0)
    std::snprintf(text, sizeof text, "%lld ms", static_cast<long long>(us / 1000));
  else
    std::snprintf(text, sizeof text, "%g ms", static_cast<double>(us) / 1000.0);
  return text;
}

std::string render_freshness(const ClaimsReport& report) {
  std::string text = "freshness (PBS t-visibility; latency profile " + report.latency_profile + ", coordinator " +
                     placement_name(report.coordinator_placement) +
                     "):\n  P(fresh | read starts >= t after its key's last acknowledged write):";
  for (const FreshnessPoint& point : report.freshness) {
    char figure[64];
    if (point.probability())
      std::snprintf(figure, sizeof figure, " %lld ms %.3f (%zu reads)", static_cast<long long>(point.t_us / 1000),
                    *point.probability(), point.reads);
    else
      std::snprintf(figure, sizeof figure, " %lld ms - (no reads)", static_cast<long long>(point.t_us / 1000));
    text += std::string(figure) + (&point == &report.freshness.back() ? "" : ",");
  }
  return text + "\n";
}

// k0's preference list, as the nodes compute it.
std::vector<NodeId> replicas_of_first_key(const Config& store) {
  return cluster_ring(store.node_count, store.virtual_nodes_per_node)->preference_list(workload_key(0), store.replication_factor);
}

}  // namespace

QuorumCalculation calculate_quorums(const Config& store) {
  QuorumCalculation q;
  q.nodes = store.node_count;
  q.n = store.replication_factor;
  q.r = store.read_quorum;
  q.w = store.write_quorum;
  q.sloppy = store.sloppy_quorum;
  q.reads_meet_writes = q.r + q.w > q.n && !q.sloppy;
  q.writes_meet_writes = 2 * q.w > q.n && !q.sloppy;
  q.reads_tolerate_down = q.n - q.r;
  q.writes_tolerate_down = q.sloppy ? q.nodes - q.w : q.n - q.w;
  return q;
}

std::string render_text(const QuorumCalculation& q) {
  auto yes = [](bool b) { return b ? "yes" : "no"; };
  std::string text = "quorums: M=" + std::to_string(q.nodes) + " N=" + std::to_string(q.n) +
                     " R=" + std::to_string(q.r) + " W=" + std::to_string(q.w) +
                     (q.sloppy ? " (sloppy quorum, hinted handoff)" : "") + "\n";
  text += "  every read quorum meets every write quorum (R + W > N" +
          std::string(q.sloppy ? ", strict quorums" : "") + "): " + yes(q.reads_meet_writes) + "\n";
  text += "  every two write quorums meet (2W > N): " + std::string(yes(q.writes_meet_writes)) + "\n";
  text += "  reads still gather R replies with up to " + std::to_string(q.reads_tolerate_down) +
          " of a key's N replicas unreachable\n";
  text += "  writes still gather W acks with up to " + std::to_string(q.writes_tolerate_down) +
          (q.sloppy ? " nodes unreachable (fallbacks take hints)\n" : " of a key's N replicas unreachable\n");
  if (q.reads_meet_writes) {
    text += "  note: overlapping quorums give a regular register, not linearizability: a read\n"
            "  concurrent with a write can see the new value and a later read the old one\n";
  }
  return text;
}

LeaderCalculation calculate_leader(const Config& store) {
  LeaderCalculation l;
  l.nodes = store.node_count;
  l.majority = store.node_count / 2 + 1;
  l.tolerates_down = store.node_count == 0 ? 0 : (store.node_count - 1) / 2;
  l.options = store.leader;
  return l;
}

std::string leader_label(const LeaderOptions& options) {
  return std::string("leader-based (Raft), ") + (options.replication == LeaderReplication::sync ? "sync" : "async") +
         ", " + (options.reads == LeaderReads::read_index ? "read-index" : "follower") + " reads";
}

std::string render_text(const LeaderCalculation& l) {
  const std::string m = std::to_string(l.nodes);
  std::string text = "store: leader-based (Raft), M=" + m + " nodes, each holding every key; replication " +
                     name_of(l.options.replication, kLeaderReplicationNames) + ", reads " +
                     name_of(l.options.reads, kLeaderReadsNames) + "\n";
  text += "  a write commits once a majority of " + std::to_string(l.majority) + " of the " + m +
          " nodes holds it (M/2 + 1); a leader needs a majority's votes too\n";
  text += "  tolerates " + std::to_string(l.tolerates_down) + " of the " + m +
          " nodes down (floor((M - 1)/2)): a majority still elects a leader and commits\n";
  if (l.options.replication == LeaderReplication::sync)
    text += "  replication sync: a write is acknowledged once a majority holds it (committed), so a new\n"
            "  leader, elected by a majority, has it\n";
  else
    text += "  replication async: the leader acknowledges a write alone and replicates behind; what had\n"
            "  not reached the next leader is lost on failover\n";
  if (l.options.reads == LeaderReads::read_index)
    text += "  reads read_index: linearizable reads at the leader, which first confirms with a heartbeat\n"
            "  round to a majority that it still leads (no clock assumption, unlike leases)\n";
  else
    text += "  reads follower: any node answers from what it has applied: no round trip, but it may be\n"
            "  behind the leader, so reads may be stale\n";
  text += "  elections: a follower that hears no leader for " + milliseconds(l.options.election_timeout_min_us) + " to " +
          milliseconds(l.options.election_timeout_max_us) + " stands; the leader sends heartbeats every " +
          milliseconds(l.options.heartbeat_interval_us) + "\n";
  text += "  (no N, R or W to choose: the quorum is the majority of the M nodes)\n";
  if (l.options.replication == LeaderReplication::sync && l.options.reads == LeaderReads::read_index)
    text += "  note: on paper linearizable, reads and writes alike (Raft with ReadIndex)\n";
  else if (l.options.replication == LeaderReplication::async)
    text += "  note: on paper neither linearizable nor free of lost writes: an acknowledged write can\n"
            "  vanish in a failover\n";
  else
    text += "  note: on paper writes are linearizable at commit, but follower reads are not even a\n"
            "  regular register: a read after an acknowledged write can miss it\n";
  return text;
}

AvailabilityResult measure_availability(const SimConfig& base, bool writes, std::uint32_t replicas_down) {
  SimConfig config = base;
  // The default network: a heavy latency tail would time requests out with every replica
  // up, and that says nothing of how many replicas may be down.
  config.network = NetworkConfig{};
  config.workload.keys = 1;
  config.workload.ops = 200;
  config.workload.final_reads = 0;
  config.workload.mix = writes ? OperationMix{0, 1, 0} : OperationMix{1, 0, 0};
  FaultSchedule schedule;
  const std::vector<NodeId> replicas = replicas_of_first_key(config.store);
  FaultEvent crash;
  crash.kind = FaultKind::crash;
  crash.lose_volatile = false;
  for (std::uint32_t i = 0; i < replicas_down && i < replicas.size(); ++i) {
    crash.nodes.push_back(static_cast<int>(replicas[i]));
  }
  if (!crash.nodes.empty()) schedule.events.push_back(crash);  // at op 0: before the first op
  schedule.quiescence_us = 100'000;
  const RunResult run = run_simulation(config, schedule);
  AvailabilityResult result;
  result.writes = writes;
  result.replicas_down = replicas_down;
  auto operations = pair_operations(run.history);
  // The leader-based store takes no request before its first election: ops invoked before
  // the first acknowledged one wait for a leader and may time out, with every node up as
  // with some down. That is start-up, not the nodes down, so they are not counted (the
  // leaderless store answers from the first op on; without any ok op, every op counts).
  std::int64_t counted_from = 0;
  std::uint64_t before_first_leader = 0;
  if (config.store.store == StoreKind::leader) {
    for (const Operation& op : operations.value())
      if (op.outcome == Outcome::ok && (counted_from == 0 || op.return_index < counted_from)) counted_from = op.return_index;
  }
  for (const Operation& op : operations.value()) {
    if (op.call_index < counted_from) {
      ++before_first_leader;
      continue;
    }
    // An op refused because every node the client may try is down says nothing of quorums.
    if (op.outcome == Outcome::fail && op.output.is_nil() && op.return_index != kNeverReturned) {
      const Event& done = run.history.events[static_cast<std::size_t>(op.return_index)];
      if (done.error && done.error->find(" is down") != std::string::npos) continue;
    }
    ++result.ops_counted;
    result.ops_ok += op.outcome == Outcome::ok;
  }
  const std::string what = writes ? "writes" : "reads";
  if (result.ops_counted == 0) {
    result.status = ClaimStatus::undecided;
    result.detail = "no " + what + " reached a live coordinator";
  } else if (result.ops_ok == result.ops_counted) {
    result.detail = "all " + std::to_string(result.ops_counted) + " " + what + " succeeded";
  } else {
    result.status = ClaimStatus::refuted;
    result.detail = std::to_string(result.ops_counted - result.ops_ok) + " of " +
                    std::to_string(result.ops_counted) + " " + what + " failed or timed out";
  }
  if (before_first_leader > 0)
    result.detail += " (not counted: " + std::to_string(before_first_leader) + " invoked before the first " +
                     (writes ? "write" : "read") + " was acknowledged, while the first leader was elected)";
  return result;
}

std::optional<double> FreshnessPoint::probability() const {
  if (reads == 0) return std::nullopt;
  return static_cast<double>(fresh_reads) / static_cast<double>(reads);
}

std::vector<FreshnessPoint> freshness_points() {
  return {FreshnessPoint{0}, FreshnessPoint{1'000}, FreshnessPoint{10'000}, FreshnessPoint{100'000}};
}

const std::vector<std::string>& claim_properties() {
  static const std::vector<std::string> names = {"linearizable", "regular", "read-your-writes",
                                                 "monotonic-reads", "no-lost-writes", "convergence"};
  return names;
}

Result<ClaimsReport> evaluate_claims(const ClaimsOptions& options) {
  ClaimsReport report;
  report.quorums = calculate_quorums(options.campaign.space.base.store);
  if (options.campaign.space.base.store.store == StoreKind::leader)
    report.leader = calculate_leader(options.campaign.space.base.store);
  report.store = options.campaign.space.base.store;
  report.latency_profile = options.latency_profile;
  report.coordinator_placement = options.campaign.space.base.store.coordinator_placement;
  CampaignOptions campaign = options.campaign;
  campaign.properties = claim_properties();
  campaign.observe_case = [&report](const Case&, const RunResult& run) {
    add_freshness(run, report.freshness, report.k_histogram);
  };
  auto result = run_campaign(campaign);
  if (!result.is_ok()) return result.status();
  for (const PropertyResult& property : result.value().properties)
    report.lines.push_back(line_from(property, result.value().fault_tallies));
  report.cases_run = result.value().cases_run;
  report.fault_tallies = result.value().fault_tallies;
  report.budget_exhausted = result.value().budget_exhausted;
  const SimConfig& base = options.campaign.space.base;
  report.scheduling = base.scheduling;
  for (bool writes : {true, false}) {
    report.lines.push_back(line_from(measure_availability(base, writes, options.replicas_down), base.store));
  }
  DowntimeOptions downtime;
  downtime.config = base;
  for (std::uint64_t seed = 1; seed <= kDowntimeSeeds; ++seed) report.downtime.push_back(measure_downtime(downtime, seed));
  return report;
}

namespace {

// One figure (writes, reads, or their fault-free twins) of every downtime sample.
Spread spread(const std::vector<DowntimeSample>& samples, ProbeFigures DowntimeSample::*which) {
  std::vector<std::optional<std::int64_t>> figures;
  for (const DowntimeSample& sample : samples) figures.push_back((sample.*which).downtime_us);
  return spread_of(figures);
}

std::string spread_text(const Spread& s) {
  const auto ms = [](std::optional<std::int64_t> us) {
    if (!us) return std::string("-");
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", static_cast<double>(*us) / 1000.0);
    return std::string(text);
  };
  return "p50 " + ms(s.p50_us) + ", p99 " + ms(s.p99_us) + ", max " + ms(s.max_us) +
         (s.absent > 0 ? " (" + std::to_string(s.absent) + " seeds never back)" : "");
}

std::string render_downtime(const ClaimsReport& report) {
  if (report.downtime.empty()) return "";
  const bool leader = report.store.store == StoreKind::leader;
  return "downtime (a crash of " + std::string(leader ? "the leader" : "node 0") + " for 1 s, " +
         std::to_string(report.downtime.size()) + " seeds, probes every 5 ms; quorumcheck downtime for more):\n" +
         "  writes back after " + spread_text(spread(report.downtime, &DowntimeSample::writes)) +
         " (fault-free: " + spread_text(spread(report.downtime, &DowntimeSample::baseline_writes)) +
         ")\n  reads back after " + spread_text(spread(report.downtime, &DowntimeSample::reads)) +
         " (fault-free: " + spread_text(spread(report.downtime, &DowntimeSample::baseline_reads)) +
         ")\n";
}

nlohmann::ordered_json spread_json(const Spread& s) {
  const auto us = [](std::optional<std::int64_t> v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(); };
  return {{"p50_us", us(s.p50_us)}, {"p99_us", us(s.p99_us)}, {"max_us", us(s.max_us)}, {"never_back", s.absent}};
}

}  // namespace

std::string render_text(const ClaimsReport& report) {
  std::string text = (report.leader ? render_text(*report.leader) : render_text(report.quorums)) + "claims (" + std::to_string(report.cases_run) +
                     " sampled cases" + (report.budget_exhausted ? ", stopped by the time budget" : "") +
                     (report.scheduling.strategy == SchedulingStrategy::time_order
                          ? std::string()
                          : ", scheduling: " + describe(report.scheduling)) +
                     "):\n";
  text += "  fault events that hit the workload, by kind: " + describe_tallies(report.fault_tallies) + "\n";
  if (!report.proof_scope.empty()) text += "  explored exhaustively too, within the scope: " + report.proof_scope + "\n";
  for (const ClaimLine& line : report.lines) {
    std::string status = to_string(line.status);
    for (char& c : status) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string evidence = report.proof_scope.empty() ? "" : " (" + line.evidence + ")";
    text += "  " + line.property + ": " + status + evidence + " - " + line.detail + "\n";
  }
  return text + render_downtime(report) + render_freshness(report);
}

nlohmann::ordered_json to_json(const ClaimsReport& report) {
  const QuorumCalculation& q = report.quorums;
  nlohmann::ordered_json node;
  node["store_kind"] = report.leader ? "leader" : "leaderless";
  if (report.leader) {
    // No "quorums": R, W and N are not the leader-based store's, and a reader that knows
    // only the leaderless report had better refuse this one than show R + W > N for it.
    const LeaderCalculation& l = *report.leader;
    node["leader"] = {{"nodes", l.nodes}, {"majority", l.majority}, {"tolerates_down", l.tolerates_down},
                      {"replication", name_of(l.options.replication, kLeaderReplicationNames)},
                      {"reads", name_of(l.options.reads, kLeaderReadsNames)},
                      {"election_timeout_min_us", l.options.election_timeout_min_us},
                      {"election_timeout_max_us", l.options.election_timeout_max_us},
                      {"heartbeat_interval_us", l.options.heartbeat_interval_us},
                      {"label", leader_label(l.options)}};
  } else {
    node["quorums"] = {{"nodes", q.nodes}, {"n", q.n}, {"r", q.r}, {"w", q.w}, {"sloppy", q.sloppy},
                       {"reads_meet_writes", q.reads_meet_writes}, {"writes_meet_writes", q.writes_meet_writes},
                       {"reads_tolerate_down", q.reads_tolerate_down},
                       {"writes_tolerate_down", q.writes_tolerate_down}};
  }
  node["store"] = store_to_json(report.store);
  node["cases_run"] = report.cases_run;
  node["budget_exhausted"] = report.budget_exhausted;
  node["scope"] = report.proof_scope.empty() ? "sampled" : "exhaustive within a scope, sampled beyond";
  if (!report.proof_scope.empty()) node["proof_scope"] = report.proof_scope;
  node["scheduling"] = describe(report.scheduling);
  node["faults"] = nlohmann::ordered_json::array();
  for (const FaultKindTally& tally : report.fault_tallies)
    node["faults"].push_back({{"kind", tally.kind}, {"events", tally.events}, {"fired", tally.fired},
                              {"hit", tally.hit}, {"ops_touched", tally.ops_touched}});
  node["freshness"] = {{"latency_profile", report.latency_profile},
                        {"coordinator_placement", placement_name(report.coordinator_placement)},
                        {"points", nlohmann::ordered_json::array()}};
  for (const FreshnessPoint& point : report.freshness) {
    const auto probability = point.probability();
    node["freshness"]["points"].push_back({{"t_us", point.t_us}, {"reads", point.reads},
                                           {"fresh_reads", point.fresh_reads},
                                           {"probability_fresh", probability ? nlohmann::ordered_json(*probability)
                                                                             : nlohmann::ordered_json(nullptr)}});
  }
  node["freshness"]["k_histogram"] = nlohmann::ordered_json::array();
  for (const auto& [k, reads] : report.k_histogram) node["freshness"]["k_histogram"].push_back({{"k", k}, {"reads", reads}});
  if (!report.downtime.empty()) {
    const auto of = [&](ProbeFigures DowntimeSample::*which) {
      return spread_json(spread(report.downtime, which));
    };
    node["downtime"] = {{"fault", "crash"}, {"target", report.store.store == StoreKind::leader ? "leader" : "node 0"},
                        {"seeds", report.downtime.size()}, {"writes", of(&DowntimeSample::writes)},
                        {"reads", of(&DowntimeSample::reads)}, {"fault_free_writes", of(&DowntimeSample::baseline_writes)},
                        {"fault_free_reads", of(&DowntimeSample::baseline_reads)}};
  }
  node["claims"] = nlohmann::ordered_json::array();
  for (const ClaimLine& line : report.lines) {
    node["claims"].push_back({{"property", line.property}, {"description", line.description},
                              {"status", to_string(line.status)}, {"evidence", line.evidence},
                              {"detail", line.detail}, {"bundle", line.bundle_path}});
  }
  return node;
}

}  // namespace qc
