#include "sim/op_routing.h"

#include "common/assert.h"

namespace qc {
namespace {

constexpr std::uint64_t kClientStream = 0xbb67ae8584caa73bULL;

}  // namespace

std::uint64_t workload_op_seed(std::uint64_t seed, std::uint64_t op_id) {
  return keyed_seed(seed ^ kClientStream, op_id);
}

NodeId server_coordinator(const Config& store, const Ring& ring, std::string_view key, Prng& prng) {
  switch (store.coordinator_placement) {
    case CoordinatorPlacement::any_node:
      return static_cast<NodeId>(prng.below(store.node_count));
    case CoordinatorPlacement::replica: {
      const std::uint32_t n = store.replication_factor;
      return ring.preference_list(key, n)[prng.below(n)];
    }
    case CoordinatorPlacement::client:
      break;
  }
  QC_ASSERT(false);
  return 0;
}

}  // namespace qc
