#pragma once
// What a `cluster` run's nodes hold at the end, read from their logs once they stopped:
// each node is rebuilt from its log by the store's own restart (impl/node.h). Per key,
// the version that wins last-writer-wins over every node's copies and hints is what the
// replicas converge to (the input of the lost-writes checker); whether the replicas do
// hold the same version already is the convergence check.
#include <string>
#include <vector>

#include "checker/lost_writes.h"
#include "common/status.h"
#include "impl/config.h"

namespace qc {

struct ClusterEndState {
  FinalState final_state;  // every key of `keys`: nullopt when no node holds it
  // Keys whose replicas (the key's preference list, own copies, hints aside) do not all
  // hold the same version: not converged.
  std::vector<std::string> divergent_keys;
};

// data_dir holds nI/node.log for each node I of the store. A log that cannot be read is
// an error naming it; a torn tail is cut as a restart would cut it.
Result<ClusterEndState> read_end_state(const Config& store, const std::string& data_dir,
                                       const std::vector<std::string>& keys);

}  // namespace qc
