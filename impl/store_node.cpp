#include "impl/store_node.h"

#include "common/assert.h"
#include "impl/node.h"

namespace qc {

std::unique_ptr<StoreNode> make_store_node(const Config& config, NodeId id, std::uint64_t seed) {
  (void)seed;
  QC_ASSERT(config.store == StoreKind::leaderless);  // the leader-based store lands next
  return std::make_unique<Node>(config, id);
}

}  // namespace qc
