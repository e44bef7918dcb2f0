#pragma once
// The store's configuration: cluster shape, quorums, and the options the harness tests.
// validate() turns a bad configuration into a usage error with a clear message.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "common/assert.h"
#include "common/status.h"

namespace qc {

using NodeId = std::uint32_t;  // nodes are numbered 0 .. node_count-1

// Client-side routers (CoordinatorPlacement::client) are Nodes too, numbered from here
// on: ids a driver can tell apart from the cluster's nodes at a glance.
inline constexpr NodeId kFirstClientRouterId = NodeId{1} << 24;
// The largest cluster the harness runs: fault episodes name nodes in a 31-bit mask, and
// no Dynamo-style test needs more (validate() refuses larger ones, naming the limit).
inline constexpr std::uint32_t kNodeCountMax = 31;
inline constexpr bool is_client_router(NodeId id) { return id >= kFirstClientRouterId; }

enum class ReadRepair : std::uint8_t {
  none,      // answer with the newest reply; never fix replicas
  async,     // answer first, then write the newest version to stale replicas (Dynamo)
  blocking,  // write the newest version back to W replicas before answering (ABD)
};

enum class Durability : std::uint8_t {
  durable,   // a replica persists a write before acknowledging it
  volatile_, // a replica acknowledges from memory; records persist at the next flush
};

// Which node coordinates a client's request (the client library and the driver choose;
// the nodes themselves coordinate whatever reaches them).
enum class CoordinatorPlacement : std::uint8_t {
  any_node,  // any node of the cluster, replica of the key or not (Cassandra)
  replica,   // one of the key's N replicas (Dynamo's preference list)
  client,    // the client routes itself, sending to every replica (Voldemort)
};

// Which store the nodes run: the leaderless one (impl/node.h, Dynamo) or the
// leader-based one (impl/leader/, Raft). validate() refuses leaderless-only options for
// the leader-based store and the other way round.
enum class StoreKind : std::uint8_t { leaderless, leader };

// The leader-based store's options (Config::store == StoreKind::leader). It keeps every
// key on every node: replication_factor must equal node_count; R and W are not used
// (commit needs a majority of node_count).
enum class LeaderReplication : std::uint8_t {
  sync,   // a write is acknowledged once a majority holds it (committed): Raft
  async,  // the leader acknowledges at once and replicates behind (a primary with async
          // replicas): fast, and a failover loses what had not reached the new leader
};
enum class LeaderReads : std::uint8_t {
  read_index,  // at the leader, after a heartbeat round confirms it still leads and it has
               // applied up to the commit index it saw (Raft's ReadIndex; no clock bound)
  follower,    // any node answers from what it has applied: fast, may be stale
};
struct LeaderOptions {
  LeaderReplication replication = LeaderReplication::sync;
  LeaderReads reads = LeaderReads::read_index;
  // A follower that hears no leader for a time drawn uniformly from [min, max] stands
  // for election; a leader sends AppendEntries (empty as heartbeats) every heartbeat.
  std::int64_t election_timeout_min_us = 150'000;
  std::int64_t election_timeout_max_us = 300'000;
  std::int64_t heartbeat_interval_us = 50'000;
  friend bool operator==(const LeaderOptions&, const LeaderOptions&) = default;
};

// Deliberately wrong behaviours, for checking that the checkers catch them. All off by
// default; each is a small branch marked "PLANTED BUG" in the code.
struct PlantedBugs {
  bool ack_before_store = false;              // durable mode acks, persists at next flush
  bool read_returns_first_reply = false;      // answer with the first reply, not the newest
  bool read_repair_writes_stale = false;      // repair writes the oldest reply, re-stamped
  bool anti_entropy_skips_last_range = false; // never synchronises the last shared range
  bool hints_dropped_on_restart = false;      // restart ignores persisted hints
  bool lww_tie_break_by_arrival = false;      // equal (timestamp, node): incoming wins
  // The leader-based store's:
  bool vote_twice_in_a_term = false;          // grants a vote though it voted for another
  bool commit_earlier_term_by_count = false;  // commits an old-term entry once a majority
                                              // holds it (the Raft paper's figure 8)
  bool leader_reads_unconfirmed = false;      // read_index reads skip the heartbeat round
  friend bool operator==(const PlantedBugs&, const PlantedBugs&) = default;
};

struct Config {
  StoreKind store = StoreKind::leaderless;
  std::uint32_t node_count = 3;          // M
  std::uint32_t replication_factor = 3;  // N
  std::uint32_t read_quorum = 2;         // R
  std::uint32_t write_quorum = 2;        // W
  std::uint32_t virtual_nodes_per_node = 8;

  ReadRepair read_repair = ReadRepair::none;
  bool abd_writers = false;    // writers first read the highest timestamp from R replicas
  bool sloppy_quorum = false;  // write to fallback nodes with hints when a replica is down
  Durability durability = Durability::durable;
  bool anti_entropy = true;
  CoordinatorPlacement coordinator_placement = CoordinatorPlacement::any_node;

  std::int64_t request_timeout_us = 200'000;        // a request without quorum ends as info
  std::int64_t tombstone_grace_us = 60'000'000;     // tombstones older than this are purged
  std::int64_t anti_entropy_interval_us = 1'000'000;
  std::int64_t flush_interval_us = 50'000;          // volatile mode only
  std::int64_t maintenance_interval_us = 100'000;   // purging; checks for due hint retries
  // Hinted handoff to a peer believed up is retried (its handoff or ack may be lost, or
  // the peer unreachable without anyone saying so) first after hint_retry_interval_us,
  // then each time twice as late, up to the max; back to the first interval when the
  // peer comes up or acknowledges a hint. Retries go out on maintenance ticks.
  std::int64_t hint_retry_interval_us = 100'000;
  std::int64_t hint_retry_interval_us_max = 1'600'000;
  std::uint32_t merkle_depth = 6;                   // 2^depth leaves per key range

  LeaderOptions leader;  // the leader-based store only

  PlantedBugs planted_bugs;
  friend bool operator==(const Config&, const Config&) = default;
};

// Status::ok() or ErrorKind::usage naming the field, its value and what was expected.
Status validate(const Config& config);

// The names config files, gate files and flags use for the options: one table each, so
// every reader and writer spells them the same.
inline constexpr std::pair<const char*, ReadRepair> kReadRepairNames[] = {
    {"none", ReadRepair::none}, {"async", ReadRepair::async}, {"blocking", ReadRepair::blocking}};
inline constexpr std::pair<const char*, Durability> kDurabilityNames[] = {
    {"durable", Durability::durable}, {"volatile", Durability::volatile_}};
inline constexpr std::pair<const char*, CoordinatorPlacement> kCoordinatorPlacementNames[] = {
    {"any", CoordinatorPlacement::any_node}, {"replica", CoordinatorPlacement::replica},
    {"client", CoordinatorPlacement::client}};
inline constexpr std::pair<const char*, StoreKind> kStoreKindNames[] = {
    {"leaderless", StoreKind::leaderless}, {"leader", StoreKind::leader}};
inline constexpr std::pair<const char*, LeaderReplication> kLeaderReplicationNames[] = {
    {"sync", LeaderReplication::sync}, {"async", LeaderReplication::async}};
inline constexpr std::pair<const char*, LeaderReads> kLeaderReadsNames[] = {
    {"read_index", LeaderReads::read_index}, {"follower", LeaderReads::follower}};
inline constexpr std::pair<const char*, bool PlantedBugs::*> kPlantedBugNames[] = {
    {"ack_before_store", &PlantedBugs::ack_before_store},
    {"read_returns_first_reply", &PlantedBugs::read_returns_first_reply},
    {"read_repair_writes_stale", &PlantedBugs::read_repair_writes_stale},
    {"anti_entropy_skips_last_range", &PlantedBugs::anti_entropy_skips_last_range},
    {"hints_dropped_on_restart", &PlantedBugs::hints_dropped_on_restart},
    {"lww_tie_break_by_arrival", &PlantedBugs::lww_tie_break_by_arrival},
    {"vote_twice_in_a_term", &PlantedBugs::vote_twice_in_a_term},
    {"commit_earlier_term_by_count", &PlantedBugs::commit_earlier_term_by_count},
    {"leader_reads_unconfirmed", &PlantedBugs::leader_reads_unconfirmed}};

// The name of `value` in one of the tables above (the inverse of find_named); every
// value has one.
template <typename Value, std::size_t Count>
const char* name_of(Value value, const std::pair<const char*, Value> (&names)[Count]) {
  for (const auto& [text, named] : names)
    if (named == value) return text;
  QC_ASSERT(!"a value missing from its names table");
  return "";
}

// The value named `name` in one of the tables above, if any.
template <typename Value, std::size_t Count>
std::optional<Value> find_named(const std::pair<const char*, Value> (&names)[Count], std::string_view name) {
  for (const auto& [text, value] : names)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace qc
