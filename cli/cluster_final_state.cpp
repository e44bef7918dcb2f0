#include "cli/cluster_final_state.h"

#include <algorithm>
#include <map>

#include "impl/leader/leader_node.h"
#include "impl/node.h"
#include "net/log_file.h"
#include "net/wire.h"

namespace qc {
namespace {

Result<std::vector<DurableRecord>> read_log(const std::string& path) {
  auto opened = LogFile::open(path);
  if (!opened.is_ok()) return opened.status();
  std::vector<DurableRecord> records;
  const auto& payloads = opened.value().second.records;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    auto record = decode_record(payloads[i]);
    if (!record.is_ok())
      return Status::error(ErrorKind::malformed, path + ": record " + std::to_string(i) + ": " + record.status().message());
    records.push_back(std::move(record).value());
  }
  return records;
}

void keep_winner(std::map<std::string, Version>& winners, const std::string& key, const Version& version) {
  auto [at, inserted] = winners.emplace(key, version);
  if (!inserted && lww_wins(version, at->second)) at->second = version;
}

// Every entry of `log` applied in order: the state a node reaches once all of it commits.
std::map<std::string, Version> applied_in_order(const std::vector<LogEntry>& log) {
  std::map<std::string, Version> state;
  for (const LogEntry& entry : log)
    if (!entry.key.empty()) state[entry.key] = entry.version;  // an empty key is a leader's no-op
  return state;
}

// The leader-based store: a log does not say how much of it was committed. After the
// final heal and the quiet period a leader has replicated its whole log and committed
// it, so the most up-to-date log (by last term, then length, as votes compare them) is
// taken as committed and applied; a node whose log applies to another state has not
// caught up (divergent). A run cut short of its quiet period would overstate the state.
Result<ClusterEndState> read_leader_end_state(const Config& store, const std::string& data_dir,
                                              const std::vector<std::string>& keys) {
  std::vector<std::vector<LogEntry>> logs;
  for (NodeId id = 0; id < store.node_count; ++id) {
    auto records = read_log(data_dir + "/n" + std::to_string(id) + "/node.log");
    if (!records.is_ok()) return records.status();
    LeaderNode node(store, id, 0);
    node.restart(Clock{}, records.value(), 1);
    logs.push_back(node.log());
  }
  const auto last_term = [](const std::vector<LogEntry>& log) { return log.empty() ? 0 : log.back().term; };
  const auto newest = std::max_element(logs.begin(), logs.end(), [&](const auto& a, const auto& b) {
    return std::pair(last_term(a), a.size()) < std::pair(last_term(b), b.size());
  });
  const std::map<std::string, Version> committed = applied_in_order(*newest);
  ClusterEndState end;
  for (const std::string& key : keys) end.final_state[key] = std::nullopt;
  for (const auto& [key, version] : committed)
    end.final_state[key] = version.tombstone ? std::nullopt : std::optional<std::string>(version.value);
  std::vector<std::map<std::string, Version>> states;
  for (const auto& log : logs) states.push_back(applied_in_order(log));
  for (const auto& [key, unused] : end.final_state) {
    const auto held = [&](const std::map<std::string, Version>& state) {
      const auto found = state.find(key);
      return found == state.end() ? std::optional<Version>() : std::optional<Version>(found->second);
    };
    for (const auto& state : states) {
      if (held(state) != held(committed)) {
        end.divergent_keys.push_back(key);
        break;
      }
    }
  }
  return end;
}

}  // namespace

Result<ClusterEndState> read_end_state(const Config& store, const std::string& data_dir,
                                       const std::vector<std::string>& keys) {
  if (store.store == StoreKind::leader) return read_leader_end_state(store, data_dir, keys);
  std::vector<Node> nodes;
  nodes.reserve(store.node_count);
  std::map<std::string, Version> winners;
  for (NodeId id = 0; id < store.node_count; ++id) {
    auto records = read_log(data_dir + "/n" + std::to_string(id) + "/node.log");
    if (!records.is_ok()) return records.status();
    Node& node = nodes.emplace_back(store, id);
    node.restart(Clock{}, records.value(), 1);
    for (const auto& [key, entry] : node.store().entries()) keep_winner(winners, key, entry.version);
    for (const auto& [intended, hints] : node.store().hints()) {
      for (const auto& [key, version] : hints) keep_winner(winners, key, version);
    }
  }
  ClusterEndState end;
  for (const std::string& key : keys) end.final_state[key] = std::nullopt;
  for (const auto& [key, version] : winners) {
    end.final_state[key] = version.tombstone ? std::nullopt : std::optional<std::string>(version.value);
  }
  for (const auto& [key, unused] : end.final_state) {
    const std::vector<NodeId> replicas = nodes.front().ring().preference_list(key, store.replication_factor);
    const std::optional<Version> first = nodes[replicas.front()].version_of(key);
    for (const NodeId replica : replicas) {
      if (nodes[replica].version_of(key) != first) {
        end.divergent_keys.push_back(key);
        break;
      }
    }
  }
  return end;
}

}  // namespace qc
