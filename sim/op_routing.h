#pragma once
// How a workload op is placed, shared by the simulator and `quorumcheck cluster` so that
// one config and workload send each op to the same coordinator after the same think time
// in both worlds: the op's own random stream is keyed by (seed, op id); its first draw is
// the think time before the op, the next ones choose its coordinator.
#include <cstdint>
#include <string_view>

#include "common/prng.h"
#include "impl/config.h"
#include "impl/ring.h"

namespace qc {

// The stream of the workload op with this id under this run seed, and its seed (to key
// further streams of the op's own from it).
std::uint64_t workload_op_seed(std::uint64_t seed, std::uint64_t op_id);
inline Prng workload_op_prng(std::uint64_t seed, std::uint64_t op_id) { return Prng(workload_op_seed(seed, op_id)); }

// The node that coordinates a request for `key` under store.coordinator_placement: any
// node (any_node) or one of the key's N replicas (replica), drawn from `prng`. Client
// placement has no server coordinator (the client routes the request itself): callers
// handle it before asking.
NodeId server_coordinator(const Config& store, const Ring& ring, std::string_view key, Prng& prng);

}  // namespace qc
