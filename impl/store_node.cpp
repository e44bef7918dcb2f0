#include "impl/store_node.h"

#include "common/assert.h"
#include "impl/leader/leader_node.h"
#include "impl/node.h"

namespace qc {

std::uint64_t node_seed(std::uint64_t driver_seed, NodeId id, std::uint64_t incarnation) {
  // splitmix64 over the three, so that nearby ids and incarnations draw far apart.
  std::uint64_t x = driver_seed ^ 0x5eedc0de;
  for (const std::uint64_t part : {std::uint64_t{id}, incarnation}) {
    x += 0x9e3779b97f4a7c15ULL + part;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    x ^= x >> 31;
  }
  return x;
}

std::unique_ptr<StoreNode> make_store_node(const Config& config, NodeId id, std::uint64_t seed) {
  if (config.store == StoreKind::leader) return std::make_unique<LeaderNode>(config, id, seed);
  QC_ASSERT(config.store == StoreKind::leaderless);
  return std::make_unique<Node>(config, id);
}

}  // namespace qc
