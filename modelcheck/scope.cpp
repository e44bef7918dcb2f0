#include "modelcheck/scope.h"

#include <sstream>

#include "common/json_object_reader.h"
#include "sim/config_json.h"

namespace qc {
namespace {

Status usage(std::string message) { return Status::error(ErrorKind::usage, std::move(message)); }

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream stream(text);
  while (std::getline(stream, part, separator)) parts.push_back(trim(part));
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

std::string plural_of(const std::string& noun) { return noun + (noun.ends_with("sh") ? "es" : "s"); }

std::string plural(std::uint32_t count, const char* noun) {
  return std::to_string(count) + " " + (count == 1 ? std::string(noun) : plural_of(noun));
}

}  // namespace

Status validate(const Scope& scope) {
  if (Status status = validate(scope.store); !status.is_ok()) return status;
  const bool leader = scope.store.store == StoreKind::leader;
  if (leader && (scope.periodic.anti_entropy > 0 || scope.periodic.maintenance > 0))
    return usage("--ae-rounds and --maintenance-ticks are the leaderless store's timers; the leader-based store has "
                 "election timeouts and heartbeats (--elections, --heartbeats)");
  if (!leader && (scope.periodic.elections > 0 || scope.periodic.heartbeats > 0))
    return usage("--elections and --heartbeats are the leader-based store's timers; add --store leader");
  if (leader && scope.periodic.elections == 0)
    return usage("--elections 0: with the leader-based store no node would ever lead (every request would wait); "
                 "expected at least 1 election timeout in the scope");
  if (scope.store.coordinator_placement == CoordinatorPlacement::client)
    return usage("coordinator placement 'client' is not modelled by exhaustive exploration; "
                 "expected any or replica (clients send to the node --coordinators names)");
  if (scope.workload.clients.empty()) return usage("the workload has no client; expected at least one");
  if (Status status = validate(scope.workload); !status.is_ok()) return status;
  if (scope.coordinators.size() > scope.workload.clients.size())
    return usage("--coordinators names " + std::to_string(scope.coordinators.size()) +
                 " nodes for " + std::to_string(scope.workload.clients.size()) + " clients");
  for (std::size_t i = 0; i < scope.coordinators.size(); ++i)
    if (scope.coordinators[i] >= scope.store.node_count)
      return usage("coordinator of client " + std::to_string(i) + " is node " +
                   std::to_string(scope.coordinators[i]) + "; expected 0 .. " +
                   std::to_string(scope.store.node_count - 1));
  return Status::ok();
}

NodeId coordinator_of(const Scope& scope, std::uint32_t client) {
  if (client < scope.coordinators.size()) return scope.coordinators[client];
  return client % scope.store.node_count;
}

std::string describe(const Scope& scope) {
  const Config& s = scope.store;
  const bool leader = s.store == StoreKind::leader;
  std::ostringstream out;
  if (leader)
    out << "leader-based (Raft) M=" << s.node_count
        << " replication=" << kLeaderReplicationNames[static_cast<int>(s.leader.replication)].first
        << " reads=" << kLeaderReadsNames[static_cast<int>(s.leader.reads)].first;
  else
    out << "M=" << s.node_count << " N=" << s.replication_factor << " R=" << s.read_quorum
        << " W=" << s.write_quorum << " read-repair=" << kReadRepairNames[static_cast<int>(s.read_repair)].first
        << (s.abd_writers ? " abd" : "") << (s.sloppy_quorum ? " sloppy" : "");
  out << (s.durability == Durability::volatile_ ? " volatile" : "");
  for (const auto& [name, field] : kPlantedBugNames)
    if (s.planted_bugs.*field) out << " bug=" << name;
  std::uint32_t ops = 0;
  for (const auto& client : scope.workload.clients) ops += static_cast<std::uint32_t>(client.size());
  out << "; " << plural(static_cast<std::uint32_t>(scope.workload.clients.size()), "client") << ", "
      << plural(ops, "op") << " (" << workload_text(scope.workload) << ")";
  std::vector<std::string> in, out_of_scope;
  auto budget = [&](std::uint32_t count, const char* noun) {
    if (count > 0) in.push_back(plural(count, noun));
    else out_of_scope.push_back(plural_of(noun));
  };
  budget(scope.faults.crashes, "crash");
  budget(scope.faults.losses, "lost message");
  budget(scope.faults.duplicates, "duplicated message");
  budget(scope.faults.partitions, "partition");
  if (scope.faults.timeouts) in.push_back("request timeouts");
  else out_of_scope.push_back("request timeouts");
  if (leader) {
    budget(scope.periodic.elections, "election timeout");
    budget(scope.periodic.heartbeats, "heartbeat");
  } else {
    budget(scope.periodic.anti_entropy, "anti-entropy round");
    budget(scope.periodic.maintenance, "maintenance tick");
  }
  if (s.durability == Durability::volatile_ || s.planted_bugs.ack_before_store) budget(scope.periodic.flush, "flush");
  auto join = [](const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
    return text.empty() ? std::string("none") : text;
  };
  out << "; in scope: " << join(in) << "; left out: " << join(out_of_scope)
      << (leader ? "; logical time, no failure detector, election timeouts in any order"
                 : "; logical time, perfect failure detection")
      << " (README, \"Model checking\")";
  return out.str();
}

Result<Workload> parse_workload_text(const std::string& text) {
  Workload workload;
  std::uint32_t next_id = 0;
  const std::vector<std::string> clients = split(text, ';');
  for (std::size_t c = 0; c < clients.size(); ++c) {
    std::string ops_text = clients[c];
    const std::string where = "--workload: client " + std::to_string(c);
    const auto colon = ops_text.find(':');
    if (colon != std::string::npos) {
      const std::string label = trim(ops_text.substr(0, colon));
      if (label != "c" + std::to_string(c))
        return usage(where + " is labelled \"" + label + "\"; expected c" + std::to_string(c) +
                     " (clients are numbered in the order written) or no label");
      ops_text = trim(ops_text.substr(colon + 1));
    }
    if (ops_text.empty()) return usage(where + " has no op; expected e.g. \"write k0, read k0\"");
    std::vector<WorkloadOp> ops;
    for (const std::string& op_text : split(ops_text, ',')) {
      std::istringstream words(op_text);
      std::string verb, key, extra;
      words >> verb >> key >> extra;
      WorkloadOp op;
      op.id = next_id++;
      if (verb == "write" || verb == "w") op.kind = WorkloadOpKind::write;
      else if (verb == "read" || verb == "r") op.kind = WorkloadOpKind::read;
      else if (verb == "delete" || verb == "d") op.kind = WorkloadOpKind::del;
      else return usage(where + ": \"" + op_text + "\": expected write KEY, read KEY or delete KEY");
      if (key.empty() || !extra.empty())
        return usage(where + ": \"" + op_text + "\": expected exactly one key after " + verb);
      op.key = key;
      if (op.kind == WorkloadOpKind::write) op.value = write_value(op.id);
      ops.push_back(std::move(op));
    }
    workload.clients.push_back(std::move(ops));
  }
  return workload;
}

std::string workload_text(const Workload& workload) {
  std::string text;
  for (std::size_t c = 0; c < workload.clients.size(); ++c) {
    text += (c == 0 ? "c" : "; c") + std::to_string(c) + ":";
    for (std::size_t i = 0; i < workload.clients[c].size(); ++i) {
      const WorkloadOp& op = workload.clients[c][i];
      text += std::string(i == 0 ? " " : ", ") + history_f(op.kind) + " " + op.key;
    }
  }
  return text;
}

nlohmann::ordered_json scope_to_json(const Scope& scope) {
  nlohmann::ordered_json periodic = {{"anti_entropy", scope.periodic.anti_entropy},
                                     {"maintenance", scope.periodic.maintenance}, {"flush", scope.periodic.flush}};
  if (scope.store.store == StoreKind::leader) {  // only there, so that leaderless files stay as they were
    periodic["elections"] = scope.periodic.elections;
    periodic["heartbeats"] = scope.periodic.heartbeats;
  }
  return {{"store", store_to_json(scope.store)},
          {"workload", workload_to_json(scope.workload)},
          {"coordinators", scope.coordinators},
          {"faults", {{"crashes", scope.faults.crashes}, {"losses", scope.faults.losses},
                      {"duplicates", scope.faults.duplicates}, {"partitions", scope.faults.partitions},
                      {"timeouts", scope.faults.timeouts}}},
          {"periodic", std::move(periodic)}};
}

Result<Scope> scope_from_json(const nlohmann::ordered_json& json, const std::string& path) {
  using json_reading::ObjectReader;
  Scope scope;
  Status status = Status::ok();
  ObjectReader reader(json, path, status);
  if (const auto* store = reader.child("store")) {
    Status store_status = read_store_settings(*store, reader.path_of("store"), scope.store);
    if (!store_status.is_ok()) return store_status;
  }
  if (const auto* workload = reader.child("workload")) {
    auto parsed = workload_from_json(*workload, reader.path_of("workload"));
    if (!parsed.is_ok()) return parsed.status();
    scope.workload = std::move(parsed).value();
  }
  reader.field("coordinators", scope.coordinators);
  if (const auto* faults = reader.child("faults")) {
    ObjectReader f(*faults, reader.path_of("faults"), status);
    f.field("crashes", scope.faults.crashes);
    f.field("losses", scope.faults.losses);
    f.field("duplicates", scope.faults.duplicates);
    f.field("partitions", scope.faults.partitions);
    f.field("timeouts", scope.faults.timeouts);
    f.reject_unknown();
  }
  if (const auto* periodic = reader.child("periodic")) {
    ObjectReader p(*periodic, reader.path_of("periodic"), status);
    p.field("anti_entropy", scope.periodic.anti_entropy);
    p.field("maintenance", scope.periodic.maintenance);
    p.field("flush", scope.periodic.flush);
    p.field("elections", scope.periodic.elections);
    p.field("heartbeats", scope.periodic.heartbeats);
    p.reject_unknown();
  }
  reader.reject_unknown();
  if (!status.is_ok()) return status;
  if (Status valid = validate(scope); !valid.is_ok())
    return Status::error(ErrorKind::malformed, path + ": " + valid.message());
  return scope;
}

}  // namespace qc
