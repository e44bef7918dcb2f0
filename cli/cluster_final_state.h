#pragma once
// What a `cluster` run's nodes hold at the end, read from their logs once they stopped:
// each node is rebuilt from its log by the store's own restart (impl/node.h), then per
// key the version that wins last-writer-wins over every node's copies and hints, which
// is what the replicas converge to. The input of the lost-writes checker.
#include <string>
#include <vector>

#include "checker/lost_writes.h"
#include "common/status.h"
#include "impl/config.h"

namespace qc {

// data_dir holds nI/node.log for each node I of the store. Every key of `keys` gets an
// entry (nullopt when no node holds it). A log that cannot be read is an error naming
// it; a torn tail is cut as a restart would cut it.
Result<FinalState> final_state_from_logs(const Config& store, const std::string& data_dir,
                                         const std::vector<std::string>& keys);

}  // namespace qc
