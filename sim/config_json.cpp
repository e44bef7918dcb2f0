#include "sim/config_json.h"

#include "common/json_document.h"
#include "common/json_object_reader.h"

namespace qc {
namespace {

using json_reading::Json;
using json_reading::ObjectReader;

const std::vector<std::pair<const char*, LatencyKind>> kLatencyKinds = {
    {"constant", LatencyKind::constant}, {"uniform", LatencyKind::uniform},
    {"exponential", LatencyKind::exponential}, {"pareto", LatencyKind::pareto},
    {"mixture", LatencyKind::mixture}};
const std::vector<std::pair<const char*, ReadRepair>> kReadRepairs(std::begin(kReadRepairNames),
                                                                    std::end(kReadRepairNames));
const std::vector<std::pair<const char*, StoreKind>> kStoreKinds(std::begin(kStoreKindNames),
                                                                 std::end(kStoreKindNames));
const std::vector<std::pair<const char*, LeaderReplication>> kLeaderReplications(
    std::begin(kLeaderReplicationNames), std::end(kLeaderReplicationNames));
const std::vector<std::pair<const char*, LeaderReads>> kLeaderReads(std::begin(kLeaderReadsNames),
                                                                    std::end(kLeaderReadsNames));
const std::vector<std::pair<const char*, Durability>> kDurabilities(std::begin(kDurabilityNames),
                                                                    std::end(kDurabilityNames));
const std::vector<std::pair<const char*, CoordinatorPlacement>> kPlacements(
    std::begin(kCoordinatorPlacementNames), std::end(kCoordinatorPlacementNames));


Json latency_json(const LatencyDistribution& d) {
  Json j;
  j["kind"] = to_string(d.kind);
  switch (d.kind) {
    case LatencyKind::constant: j["value_us"] = d.value_us; break;
    case LatencyKind::uniform:
      j["low_us"] = d.low_us;
      j["high_us"] = d.high_us;
      break;
    case LatencyKind::exponential:
      j["mean_us"] = d.mean_us;
      j["low_us"] = d.low_us;
      break;
    case LatencyKind::pareto:
      j["scale_us"] = d.scale_us;
      j["shape"] = d.shape;
      break;
    case LatencyKind::mixture:
      j["components"] = Json::array();
      for (const WeightedLatency& c : d.components)
        j["components"].push_back(Json{{"weight", c.weight}, {"distribution", latency_json(c.distribution)}});
      break;
  }
  return j;
}

}  // namespace

nlohmann::ordered_json store_to_json(const Config& c) {
  Json bugs;
  for (const auto& [name, field] : kPlantedBugNames) bugs[name] = c.planted_bugs.*field;
  Json store{{"store", name_of(c.store, kStoreKindNames)}, {"node_count", c.node_count}, {"replication_factor", c.replication_factor},
              {"read_quorum", c.read_quorum}, {"write_quorum", c.write_quorum},
              {"virtual_nodes_per_node", c.virtual_nodes_per_node},
              {"read_repair", name_of(c.read_repair, kReadRepairNames)},
              {"abd_writers", c.abd_writers}, {"sloppy_quorum", c.sloppy_quorum},
              {"durability", name_of(c.durability, kDurabilityNames)},
              {"anti_entropy", c.anti_entropy},
              {"coordinator_placement", name_of(c.coordinator_placement, kCoordinatorPlacementNames)},
              {"request_timeout_us", c.request_timeout_us},
              {"tombstone_grace_us", c.tombstone_grace_us},
              {"anti_entropy_interval_us", c.anti_entropy_interval_us},
              {"flush_interval_us", c.flush_interval_us},
              {"maintenance_interval_us", c.maintenance_interval_us},
              {"hint_retry_interval_us", c.hint_retry_interval_us},
              {"hint_retry_interval_us_max", c.hint_retry_interval_us_max},
              {"merkle_depth", c.merkle_depth}};
  // The leader-based store's options, written only for it (a leaderless config.json
  // reads as it did before there were two stores).
  if (c.store == StoreKind::leader)
    store["leader"] = Json{{"replication", name_of(c.leader.replication, kLeaderReplicationNames)},
                           {"reads", name_of(c.leader.reads, kLeaderReadsNames)},
                           {"election_timeout_min_us", c.leader.election_timeout_min_us},
                           {"election_timeout_max_us", c.leader.election_timeout_max_us},
                           {"heartbeat_interval_us", c.leader.heartbeat_interval_us}};
  store["planted_bugs"] = bugs;
  return store;
}

namespace {

Json network_json(const NetworkConfig& n) {
  Json latency;
  for (std::size_t c = 0; c < kMessageClassCount; ++c)
    latency[to_string(static_cast<MessageClass>(c))] = latency_json(n.latency_by_class[c]);
  return Json{{"latency", latency}, {"loss_probability", n.loss_probability},
              {"duplicate_probability", n.duplicate_probability},
              {"reorder_probability", n.reorder_probability},
              {"reorder_delay", latency_json(n.reorder_delay)}};
}

Json workload_json(const WorkloadConfig& w) {
  return Json{{"clients", w.clients}, {"ops", w.ops}, {"keys", w.keys},
              {"mix", Json{{"read", w.mix.read}, {"write", w.mix.write}, {"delete", w.mix.del}}},
              {"think_time", latency_json(w.think_time)},
              {"client_timeout_us", w.client_timeout_us},
              {"final_reads", w.final_reads}};
}

void read_latency(const Json& j, const std::string& path, LatencyDistribution& d, Status& status) {
  // A distribution with a kind is whole: fields of a default of another kind must not
  // linger (they would change to_json's bytes). Without a kind, fields override.
  if (j.is_object() && j.contains("kind")) d = LatencyDistribution{};
  ObjectReader r(j, path, status);
  r.enumeration("kind", d.kind, kLatencyKinds);
  r.field("value_us", d.value_us);
  r.field("low_us", d.low_us);
  r.field("high_us", d.high_us);
  r.field("mean_us", d.mean_us);
  r.field("scale_us", d.scale_us);
  r.field("shape", d.shape);
  if (const Json* components = r.child("components")) {
    if (!components->is_array()) return r.fail(r.path_of("components"), "expected an array");
    d.components.assign(components->size(), WeightedLatency{});
    for (std::size_t i = 0; i < components->size() && status.is_ok(); ++i) {
      const std::string at = r.path_of("components") + "[" + std::to_string(i) + "]";
      ObjectReader c((*components)[i], at, status);
      c.field("weight", d.components[i].weight);
      if (const Json* inner = c.child("distribution"))
        read_latency(*inner, at + ".distribution", d.components[i].distribution, status);
      c.reject_unknown();
    }
  }
  r.reject_unknown();
}

void read_store(const Json& j, const std::string& path, Config& c, Status& status) {
  ObjectReader r(j, path, status);
  r.enumeration("store", c.store, kStoreKinds);
  r.field("node_count", c.node_count);
  r.field("replication_factor", c.replication_factor);
  r.field("read_quorum", c.read_quorum);
  r.field("write_quorum", c.write_quorum);
  r.field("virtual_nodes_per_node", c.virtual_nodes_per_node);
  r.enumeration("read_repair", c.read_repair, kReadRepairs);
  r.field("abd_writers", c.abd_writers);
  r.field("sloppy_quorum", c.sloppy_quorum);
  r.enumeration("durability", c.durability, kDurabilities);
  r.field("anti_entropy", c.anti_entropy);
  r.enumeration("coordinator_placement", c.coordinator_placement, kPlacements);
  r.field("request_timeout_us", c.request_timeout_us);
  r.field("tombstone_grace_us", c.tombstone_grace_us);
  r.field("anti_entropy_interval_us", c.anti_entropy_interval_us);
  r.field("flush_interval_us", c.flush_interval_us);
  r.field("maintenance_interval_us", c.maintenance_interval_us);
  r.field("hint_retry_interval_us", c.hint_retry_interval_us);
  r.field("hint_retry_interval_us_max", c.hint_retry_interval_us_max);
  r.field("merkle_depth", c.merkle_depth);
  if (const Json* leader = r.child("leader")) {
    ObjectReader l(*leader, path + ".leader", status);
    l.enumeration("replication", c.leader.replication, kLeaderReplications);
    l.enumeration("reads", c.leader.reads, kLeaderReads);
    l.field("election_timeout_min_us", c.leader.election_timeout_min_us);
    l.field("election_timeout_max_us", c.leader.election_timeout_max_us);
    l.field("heartbeat_interval_us", c.leader.heartbeat_interval_us);
    l.reject_unknown();
  }
  if (const Json* bugs = r.child("planted_bugs")) {
    ObjectReader p(*bugs, path + ".planted_bugs", status);
    for (const auto& [name, field] : kPlantedBugNames) p.field(name, c.planted_bugs.*field);
    p.reject_unknown();
  }
  r.reject_unknown();
}

void read_network(const Json& j, NetworkConfig& n, Status& status) {
  ObjectReader r(j, "$.network", status);
  if (const Json* latency = r.child("latency")) {
    ObjectReader l(*latency, "$.network.latency", status);
    for (std::size_t c = 0; c < kMessageClassCount; ++c) {
      const char* name = to_string(static_cast<MessageClass>(c));
      if (const Json* d = l.child(name)) read_latency(*d, l.path_of(name), n.latency_by_class[c], status);
    }
    l.reject_unknown();
  }
  r.field("loss_probability", n.loss_probability);
  r.field("duplicate_probability", n.duplicate_probability);
  r.field("reorder_probability", n.reorder_probability);
  if (const Json* d = r.child("reorder_delay")) read_latency(*d, r.path_of("reorder_delay"), n.reorder_delay, status);
  r.reject_unknown();
}

void read_storage(const Json& j, StorageConfig& storage, Status& status) {
  ObjectReader r(j, "$.storage", status);
  if (const Json* d = r.child("write_latency")) read_latency(*d, r.path_of("write_latency"), storage.write_latency, status);
  if (const Json* d = r.child("read_latency")) read_latency(*d, r.path_of("read_latency"), storage.read_latency, status);
  r.reject_unknown();
}

void read_clocks(const Json& j, ClockConfig& c, Status& status) {
  ObjectReader r(j, "$.clocks", status);
  r.field("offset_us", c.offset_us);
  r.field("drift_ppm", c.drift_ppm);
  r.field("random_offset_us_max", c.random_offset_us_max);
  r.field("random_drift_ppm_max", c.random_drift_ppm_max);
  r.reject_unknown();
}

void read_workload(const Json& j, WorkloadConfig& w, Status& status) {
  ObjectReader r(j, "$.workload", status);
  r.field("clients", w.clients);
  r.field("ops", w.ops);
  r.field("keys", w.keys);
  if (const Json* mix = r.child("mix")) {
    ObjectReader m(*mix, "$.workload.mix", status);
    m.field("read", w.mix.read);
    m.field("write", w.mix.write);
    m.field("delete", w.mix.del);
    m.reject_unknown();
  }
  if (const Json* d = r.child("think_time")) read_latency(*d, r.path_of("think_time"), w.think_time, status);
  r.field("client_timeout_us", w.client_timeout_us);
  r.field("final_reads", w.final_reads);
  r.reject_unknown();
}

const std::vector<std::pair<const char*, SchedulingStrategy>> kSchedulingStrategies = {
    {"time", SchedulingStrategy::time_order}, {"random", SchedulingStrategy::random}, {"pct", SchedulingStrategy::pct}};

Json scheduling_json(const SchedulingConfig& scheduling) {
  return Json{{"strategy", to_string(scheduling.strategy)},
              {"window_us", scheduling.window_us},
              {"pct_depth", scheduling.pct_depth},
              {"pct_steps", scheduling.pct_steps}};
}

void read_scheduling(const Json& j, SchedulingConfig& scheduling, Status& status) {
  ObjectReader r(j, "$.scheduling", status);
  r.enumeration("strategy", scheduling.strategy, kSchedulingStrategies);
  r.field("window_us", scheduling.window_us);
  r.field("pct_depth", scheduling.pct_depth);
  r.field("pct_steps", scheduling.pct_steps);
  r.reject_unknown();
}

}  // namespace

std::string to_json(const SimConfig& config) {
  Json j{{"format", "quorumcheck-sim-config"}, {"version", kSimConfigFormatVersion},
               {"seed", config.seed}, {"store", store_to_json(config.store)},
               {"network", network_json(config.network)},
               {"storage", Json{{"write_latency", latency_json(config.storage.write_latency)},
                                {"read_latency", latency_json(config.storage.read_latency)}}},
               {"clocks", Json{{"offset_us", config.clocks.offset_us},
                               {"drift_ppm", config.clocks.drift_ppm},
                               {"random_offset_us_max", config.clocks.random_offset_us_max},
                               {"random_drift_ppm_max", config.clocks.random_drift_ppm_max}}},
               {"workload", workload_json(config.workload)},
               {"failure_detection_us", config.failure_detection_us},
               {"virtual_time_us_max", config.virtual_time_us_max}};
  // Written only when it is not the time order, so configs from before it read the same.
  if (config.scheduling != SchedulingConfig{}) j["scheduling"] = scheduling_json(config.scheduling);
  return j.dump(2) + "\n";
}

Status read_store_settings(const nlohmann::ordered_json& object, const std::string& path, Config& store) {
  Status status = Status::ok();
  read_store(object, path, store, status);
  return status;
}

Result<SimConfig> parse_sim_config(std::string_view text, const std::string& source) {
  auto parsed = parse_json_document(text, source, "a simulation config object");
  if (!parsed.is_ok()) return parsed.status();
  const Json& j = parsed.value();
  SimConfig config;
  Status status = Status::ok();
  ObjectReader r(j, "$", status);
  int version = kSimConfigFormatVersion;  // absent: the current format
  r.field("version", version);
  if (const Json* f = r.child("format"); f && (!f->is_string() || *f != "quorumcheck-sim-config"))
    r.fail("$.format", "expected \"quorumcheck-sim-config\", got " + f->dump());
  if (r.ok() && version != kSimConfigFormatVersion)
    r.fail("$.version", "expected " + std::to_string(kSimConfigFormatVersion) + ", got " +
                            std::to_string(version));
  r.field("seed", config.seed);
  if (const Json* s = r.child("store")) read_store(*s, "$.store", config.store, status);
  if (const Json* n = r.child("network")) read_network(*n, config.network, status);
  if (const Json* s = r.child("storage")) read_storage(*s, config.storage, status);
  if (const Json* c = r.child("clocks")) read_clocks(*c, config.clocks, status);
  if (const Json* w = r.child("workload")) read_workload(*w, config.workload, status);
  r.field("failure_detection_us", config.failure_detection_us);
  r.field("virtual_time_us_max", config.virtual_time_us_max);
  if (const Json* s = r.child("scheduling")) read_scheduling(*s, config.scheduling, status);
  r.reject_unknown();
  if (!status.is_ok()) return Status::error(ErrorKind::malformed, source + ": " + status.message());
  if (Status valid = validate(config); !valid.is_ok())
    return Status::error(ErrorKind::usage, source + ": " + valid.message());
  return config;
}

}  // namespace qc
