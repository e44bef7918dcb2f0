#pragma once
// Campaign spaces the explore tests share.
#include <cstdlib>
#include <filesystem>
#include <string>

#include "explore/campaign.h"
#include "explore/latency_profiles.h"

namespace qc::test {

// N = 3, R = W = 2 of 3 nodes, async read repair: strict quorums, not linearizable.
// Heavy-tailed writes and short think times make the new-old inversion common.
inline CaseSpace inversion_space() {
  CaseSpace space;
  space.base.store.node_count = 3;
  space.base.store.read_repair = ReadRepair::async;
  space.base.network = latency_profile("heavy-tailed-writes").value();
  space.base.workload.think_time = LatencyDistribution::uniform(0, 500);
  space.clients = {1, 4};
  space.ops = {1, 20};
  space.keys = {1, 2};
  return space;
}

// ABD: blocking read repair and writers that read first; linearizable.
inline CaseSpace abd_space() {
  CaseSpace space = inversion_space();
  space.base.store.read_repair = ReadRepair::blocking;
  space.base.store.abd_writers = true;
  return space;
}

// A fresh, empty directory under the system's temporary directory.
inline std::string fresh_dir(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / ("qc-explore-test-" + name);
  std::filesystem::remove_all(path);
  return path.string();
}

}  // namespace qc::test
