#include "impl/config.h"

#include <string>

namespace qc {
namespace {

Status usage(const std::string& field, long long value, const std::string& expected) {
  return Status::error(ErrorKind::usage, "config: " + field + " = " + std::to_string(value) +
                                             ", expected " + expected);
}

// R and W are the leaderless store's: the leader-based one commits at a majority of M.
Status validate_quorums(const Config& c) {
  if (c.read_quorum < 1 || c.read_quorum > c.replication_factor)
    return usage("read_quorum (R)", c.read_quorum,
                 "1 <= R <= N (N = " + std::to_string(c.replication_factor) + ")");
  if (c.write_quorum < 1 || c.write_quorum > c.replication_factor)
    return usage("write_quorum (W)", c.write_quorum,
                 "1 <= W <= N (N = " + std::to_string(c.replication_factor) + ")");
  return Status::ok();
}

Status validate_shape(const Config& c) {
  if (c.node_count < 1 || c.node_count > kNodeCountMax)
    return usage("node_count (M)", c.node_count,
                 "1 .. " + std::to_string(kNodeCountMax) + " (the largest cluster the harness simulates)");
  if (c.replication_factor < 1 || c.replication_factor > c.node_count)
    return usage("replication_factor (N)", c.replication_factor,
                 "1 <= N <= node_count (M = " + std::to_string(c.node_count) + ")");
  if (c.store == StoreKind::leaderless) {
    if (Status quorums = validate_quorums(c); !quorums.is_ok()) return quorums;
  }
  if (c.virtual_nodes_per_node < 1)
    return usage("virtual_nodes_per_node", c.virtual_nodes_per_node, ">= 1");
  // Bounded so that one Merkle tree stays small (2^depth leaves) and indices fit 32 bits.
  if (c.merkle_depth < 1 || c.merkle_depth > 20)
    return usage("merkle_depth", c.merkle_depth, "1 <= merkle_depth <= 20");
  return Status::ok();
}

Status validate_durations(const Config& c) {
  if (c.request_timeout_us <= 0) return usage("request_timeout_us", c.request_timeout_us, "> 0");
  if (c.tombstone_grace_us <= 0) return usage("tombstone_grace_us", c.tombstone_grace_us, "> 0");
  if (c.anti_entropy_interval_us <= 0)
    return usage("anti_entropy_interval_us", c.anti_entropy_interval_us, "> 0");
  if (c.flush_interval_us <= 0) return usage("flush_interval_us", c.flush_interval_us, "> 0");
  if (c.maintenance_interval_us <= 0)
    return usage("maintenance_interval_us", c.maintenance_interval_us, "> 0");
  if (c.hint_retry_interval_us <= 0)
    return usage("hint_retry_interval_us", c.hint_retry_interval_us, "> 0");
  if (c.hint_retry_interval_us_max < c.hint_retry_interval_us)
    return usage("hint_retry_interval_us_max", c.hint_retry_interval_us_max,
                 ">= hint_retry_interval_us (" + std::to_string(c.hint_retry_interval_us) + ")");
  return Status::ok();
}

Status leaderless_only(const char* option) {
  return Status::error(ErrorKind::usage, std::string("config: ") + option +
                                             " is an option of the leaderless store; the leader-based "
                                             "store (store = leader) has no such thing");
}

Status validate_leader(const Config& c) {
  if (c.replication_factor != c.node_count)
    return usage("replication_factor (N)", c.replication_factor,
                 "N = node_count (" + std::to_string(c.node_count) +
                     ") for the leader-based store, which keeps every key on every node");
  if (c.sloppy_quorum) return leaderless_only("sloppy_quorum");
  if (c.abd_writers) return leaderless_only("abd_writers");
  if (c.read_repair != ReadRepair::none) return leaderless_only("read_repair");
  if (c.coordinator_placement == CoordinatorPlacement::client) return leaderless_only("coordinator = client");
  const LeaderOptions& l = c.leader;
  if (l.election_timeout_min_us <= 0)
    return usage("leader.election_timeout_min_us", l.election_timeout_min_us, "> 0");
  if (l.election_timeout_max_us < l.election_timeout_min_us)
    return usage("leader.election_timeout_max_us", l.election_timeout_max_us,
                 ">= election_timeout_min_us (" + std::to_string(l.election_timeout_min_us) + ")");
  if (l.heartbeat_interval_us <= 0 || l.heartbeat_interval_us >= l.election_timeout_min_us)
    return usage("leader.heartbeat_interval_us", l.heartbeat_interval_us,
                 "> 0 and below election_timeout_min_us (" + std::to_string(l.election_timeout_min_us) +
                     "), or followers would stand for election under a live leader");
  return Status::ok();
}

}  // namespace

Status validate(const Config& config) {
  Status shape = validate_shape(config);
  if (!shape.is_ok()) return shape;
  Status durations = validate_durations(config);
  if (!durations.is_ok() || config.store == StoreKind::leaderless) return durations;
  return validate_leader(config);
}

}  // namespace qc
