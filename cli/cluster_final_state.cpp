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

Result<FinalState> final_state_from_logs(const Config& store, const std::string& data_dir,
                                         const std::vector<std::string>& keys) {
  std::map<std::string, Version> winners;
  for (NodeId id = 0; id < store.node_count; ++id) {
    auto records = read_log(data_dir + "/n" + std::to_string(id) + "/node.log");
    if (!records.is_ok()) return records.status();
    Node node(store, id);
    node.restart(Clock{}, records.value(), 1);
    for (const auto& [key, entry] : node.store().entries()) keep_winner(winners, key, entry.version);
    for (const auto& [intended, hints] : node.store().hints()) {
      for (const auto& [key, version] : hints) keep_winner(winners, key, version);
    }
  }
  FinalState final_state;
  for (const std::string& key : keys) final_state[key] = std::nullopt;
  for (const auto& [key, version] : winners) {
    final_state[key] = version.tombstone ? std::nullopt : std::optional<std::string>(version.value);
  }
  return final_state;
}

}  // namespace qc
