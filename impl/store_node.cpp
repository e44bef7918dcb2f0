#include "impl/store_node.h"

#include "common/assert.h"
#include "impl/leader/leader_node.h"
#include "impl/node.h"

namespace qc {

std::unique_ptr<StoreNode> make_store_node(const Config& config, NodeId id, std::uint64_t seed) {
  if (config.store == StoreKind::leader) return std::make_unique<LeaderNode>(config, id, seed);
  QC_ASSERT(config.store == StoreKind::leaderless);
  return std::make_unique<Node>(config, id);
}

}  // namespace qc
