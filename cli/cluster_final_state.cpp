#include "cli/cluster_final_state.h"

#include <map>

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

}  // namespace

Result<ClusterEndState> read_end_state(const Config& store, const std::string& data_dir,
                                       const std::vector<std::string>& keys) {
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
