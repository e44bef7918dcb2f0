#include "cli/store_options.h"

#include "cli/option_checks.h"
#include "common/durations.h"

namespace qc {
namespace {

Status usage(const std::string& message) { return Status::error(ErrorKind::usage, message); }

template <typename T>
CLI::Option* optional_flag(CLI::App* app, const std::string& name, std::optional<T>& target, const std::string& help) {
  return app->add_option(name, target, help);
}

}  // namespace

void add_store_options(CLI::App* app, StoreFlags& flags) {
  optional_flag(app, "--nodes", flags.nodes, "cluster size M [5]")->check(whole_number(1, kNodeCountMax));
  optional_flag(app, "--n", flags.n, "replicas per key N [3]")->check(whole_number(1, kNodeCountMax));
  optional_flag(app, "--r", flags.r, "read quorum R [2]")->check(whole_number(1, kNodeCountMax));
  optional_flag(app, "--w", flags.w, "write quorum W [2]")->check(whole_number(1, kNodeCountMax));
  optional_flag(app, "--read-repair", flags.read_repair, "none, async or blocking [async]");
  optional_flag(app, "--durability", flags.durability, "durable or volatile [durable]");
  optional_flag(app, "--abd", flags.abd, "writers first read the highest timestamp (true/false) [false]");
  optional_flag(app, "--sloppy", flags.sloppy, "sloppy quorum with hinted handoff (true/false) [false]");
  optional_flag(app, "--anti-entropy", flags.anti_entropy, "Merkle anti-entropy (true/false) [true]");
  optional_flag(app, "--coordinator", flags.coordinator,
                "who coordinates a request: any (any node, Cassandra), replica (one of the key's replicas, "
                "Dynamo) or client (the client sends to every replica, Voldemort) [any]");
  optional_flag(app, "--store", flags.store,
                "leaderless (Dynamo-style quorums) or leader (Raft: a leader takes every write; N = nodes, "
                "no read repair) [leaderless]");
  optional_flag(app, "--replication", flags.replication,
                "leader store: sync (ack once a majority holds the write) or async (the leader acks at "
                "once, replicates behind) [sync]");
  optional_flag(app, "--reads", flags.reads,
                "leader store: read_index (at the leader, after a heartbeat round confirms it leads) or "
                "follower (any node answers from what it has applied) [read_index]");
  optional_flag(app, "--election-timeout-min-us", flags.election_timeout_min_us,
                "leader store: a follower that hears no leader for a time drawn from [min, max] stands "
                "for election [150000]")
      ->check(whole_number(1, kLongestDurationUs));
  optional_flag(app, "--election-timeout-max-us", flags.election_timeout_max_us, "leader store: see above [300000]")
      ->check(whole_number(1, kLongestDurationUs));
  optional_flag(app, "--heartbeat-us", flags.heartbeat_us, "leader store: the leader's heartbeat interval [50000]")
      ->check(whole_number(1, kLongestDurationUs));
}

void add_timing_options(CLI::App* app, TimingFlags& flags) {
  optional_flag(app, "--storage-latency-us", flags.storage_latency_us,
                "each replica's own write and read, coordinator or not: exponential with this mean [0]")
      ->check(real_number(0, 3.6e9));
  optional_flag(app, "--client-latency-us", flags.client_latency_us,
                "the client's hop to its coordinator, each way: exponential with this mean [0]")
      ->check(real_number(0, 3.6e9));
}

Status apply_timing_flags(const TimingFlags& flags, SimConfig& config) {
  const auto exponential_or_none = [](double mean_us) {
    return mean_us == 0 ? LatencyDistribution::constant(0) : LatencyDistribution::exponential(mean_us);
  };
  if (flags.storage_latency_us) {
    if (!(*flags.storage_latency_us >= 0)) return usage("--storage-latency-us must be >= 0");
    config.storage.write_latency = exponential_or_none(*flags.storage_latency_us);
    config.storage.read_latency = exponential_or_none(*flags.storage_latency_us);
  }
  if (flags.client_latency_us) {
    if (!(*flags.client_latency_us >= 0)) return usage("--client-latency-us must be >= 0");
    for (const MessageClass hop : {MessageClass::client_request, MessageClass::client_reply})
      config.network.latency_by_class[class_index(hop)] = exponential_or_none(*flags.client_latency_us);
  }
  return Status::ok();
}

Status apply_leader_flags(const StoreFlags& flags, Config& store) {
  if (flags.store) {
    const auto kind = find_named(kStoreKindNames, *flags.store);
    if (!kind) return usage("--store " + *flags.store + ": expected leaderless or leader");
    store.store = *kind;
  }
  if (flags.replication) {
    const auto mode = find_named(kLeaderReplicationNames, *flags.replication);
    if (!mode) return usage("--replication " + *flags.replication + ": expected sync or async");
    store.leader.replication = *mode;
  }
  if (flags.reads) {
    const auto mode = find_named(kLeaderReadsNames, *flags.reads);
    if (!mode) return usage("--reads " + *flags.reads + ": expected read_index or follower");
    store.leader.reads = *mode;
  }
  if (store.store == StoreKind::leaderless && (flags.replication || flags.reads || flags.election_timeout_min_us ||
                                               flags.election_timeout_max_us || flags.heartbeat_us))
    return usage("--replication, --reads, --election-timeout-*-us and --heartbeat-us are options of the "
                 "leader-based store: add --store leader");
  if (flags.election_timeout_min_us) store.leader.election_timeout_min_us = *flags.election_timeout_min_us;
  if (flags.election_timeout_max_us) store.leader.election_timeout_max_us = *flags.election_timeout_max_us;
  if (flags.heartbeat_us) store.leader.heartbeat_interval_us = *flags.heartbeat_us;
  if (store.store == StoreKind::leader) {
    if (!flags.n) store.replication_factor = store.node_count;
    if (!flags.read_repair) store.read_repair = ReadRepair::none;
  }
  return Status::ok();
}

Status apply_store_flags(const StoreFlags& flags, Config& store) {
  if (flags.nodes) store.node_count = *flags.nodes;
  if (flags.n) store.replication_factor = *flags.n;
  if (flags.r) store.read_quorum = *flags.r;
  if (flags.w) store.write_quorum = *flags.w;
  if (flags.read_repair) {
    const auto mode = find_named(kReadRepairNames, *flags.read_repair);
    if (!mode) return usage("--read-repair " + *flags.read_repair + ": expected none, async or blocking");
    store.read_repair = *mode;
  }
  if (flags.durability) {
    const auto durability = find_named(kDurabilityNames, *flags.durability);
    if (!durability) return usage("--durability " + *flags.durability + ": expected durable or volatile");
    store.durability = *durability;
  }
  if (flags.abd) store.abd_writers = *flags.abd;
  if (flags.sloppy) store.sloppy_quorum = *flags.sloppy;
  if (flags.anti_entropy) store.anti_entropy = *flags.anti_entropy;
  if (flags.coordinator) {
    const auto placement = find_named(kCoordinatorPlacementNames, *flags.coordinator);
    if (!placement) return usage("--coordinator " + *flags.coordinator + ": expected any, replica or client");
    store.coordinator_placement = *placement;
  }
  return apply_leader_flags(flags, store);
}

void add_scheduling_options(CLI::App* app, SchedulingFlags& flags) {
  app->add_option("--strategy", flags.strategy,
                  "which pending event runs next: time (by virtual time, the default), random, or "
                  "pct:D (PCT of depth D, default 3), among the events within --strategy-window-us of the earliest");
  app->add_option("--strategy-window-us", flags.window_us,
                  "for random and pct: events this close to the earliest count as enabled (default 0: ties only)")
      ->check(whole_number(0, kLongestDurationUs));
  app->add_option("--pct-steps", flags.pct_steps, "for pct: change points fall among the first this many picks (default 10000)")
      ->check(whole_number(1, kPctStepsMax));
}

Status apply_scheduling_flags(const SchedulingFlags& flags, SimConfig& config) {
  SchedulingConfig& scheduling = config.scheduling;
  if (flags.strategy) {
    const Status parsed = parse_strategy(*flags.strategy, scheduling);
    if (!parsed.is_ok()) return usage("--strategy " + *flags.strategy + ": " + parsed.message());
  }
  if (flags.window_us) scheduling.window_us = *flags.window_us;
  if (flags.pct_steps) scheduling.pct_steps = *flags.pct_steps;
  return Status::ok();
}

}  // namespace qc
