#pragma once
// How many messages each client op has sent so far on each link (from, to): the
// position of the next one in that (op, link) stream (Simulator::State::message_prng).
// An op uses a handful of links (its coordinator to the N replicas and back), so each
// op keeps its first few counters together in one slot of a vector indexed by the op,
// where they stay in cache while the op's messages fly; links beyond those go to a
// table keyed by the stream's seed. A single table keyed by the seed held every
// stream of a run apart, and for long runs each lookup was a cache miss (the profile's
// top line). Counts are the same either way, so the streams and histories are too.
#include <array>
#include <cstdint>
#include <vector>

#include "common/assert.h"
#include "sim/counter_table.h"

namespace qc {

class MessageCounts {
 public:
  explicit MessageCounts(std::size_t op_streams) : by_op_(op_streams) {}

  // The count so far for `link` in the op stream `op` (an index below op_streams), and
  // one more afterwards. `stream_seed` names the (op, link) stream uniquely.
  std::uint32_t next_position(std::size_t op, std::uint64_t link, std::uint64_t stream_seed) {
    QC_ASSERT(op < by_op_.size());
    PerOp& counts = by_op_[op];
    for (std::uint32_t i = 0; i < counts.size; ++i)
      if (counts.links[i] == link) return counts.sent[i]++;
    if (counts.size < kInline) {
      counts.links[counts.size] = link;
      counts.sent[counts.size] = 1;
      ++counts.size;
      return 0;
    }
    return overflow_[stream_seed]++;
  }

 private:
  static constexpr std::uint32_t kInline = 7;
  struct PerOp {
    std::array<std::uint64_t, kInline> links;  // (from << 32 | to), the first `size` used
    std::array<std::uint32_t, kInline> sent;
    std::uint32_t size = 0;
  };
  std::vector<PerOp> by_op_;
  CounterTable overflow_;
};

}  // namespace qc
