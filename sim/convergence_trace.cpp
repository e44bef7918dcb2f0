#include "sim/convergence_trace.h"

#include <type_traits>

namespace qc {
namespace {

enum RepairBit : std::uint8_t { kWrites = 1, kReadRepair = 2, kHint = 4, kAntiEntropy = 8 };

std::uint8_t repair_bit(const Message& message) {
  return std::visit(
      [](const auto& m) -> std::uint8_t {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, WriteRequest>) return m.op_id == 0 ? kReadRepair : kWrites;
        if constexpr (std::is_same_v<T, HintHandoff>) return kHint;
        return 0;
      },
      message);
}

const char* repaired_by(std::uint8_t seen) {
  if (seen & kAntiEntropy) return "anti-entropy";
  if (seen & kHint) return "hinted handoff";
  if (seen & kReadRepair) return "read repair";
  return "writes";
}

}  // namespace

ConvergenceTrace::ConvergenceTrace(std::vector<std::string> keys, std::vector<std::vector<NodeId>> replicas,
                                   std::uint32_t node_count)
    : bytes_at_start_(keys.size(), 0), seen_since_sample_(node_count, 0) {
  for (std::size_t i = 0; i < keys.size(); ++i) keys_.push_back(KeyDivergence{std::move(keys[i]), replicas[i], {}});
}

void ConvergenceTrace::note_delivery(NodeId node, const Message& message) {
  if (node >= seen_since_sample_.size()) return;
  std::uint8_t bit = repair_bit(message);
  if (message_class(message) == MessageClass::anti_entropy) bit = kAntiEntropy;
  seen_since_sample_[node] |= bit;
}

void ConvergenceTrace::record(std::size_t key, bool agrees, std::int64_t now_us, std::uint64_t anti_entropy_bytes) {
  KeyDivergence& trace = keys_[key];
  const bool open = !trace.spans.empty() && !trace.spans.back().end_us;
  if (!agrees && !open) {
    trace.spans.push_back(DivergenceSpan{now_us, std::nullopt, "", 0});
    bytes_at_start_[key] = anti_entropy_bytes;
  } else if (agrees && open) {
    DivergenceSpan& span = trace.spans.back();
    span.end_us = now_us;
    std::uint8_t seen = 0;
    for (const NodeId replica : trace.replicas) seen |= replica < seen_since_sample_.size() ? seen_since_sample_[replica] : 0;
    span.repaired_by = repaired_by(seen);
    span.anti_entropy_bytes = anti_entropy_bytes - bytes_at_start_[key];
  }
  if (open && !agrees) trace.spans.back().anti_entropy_bytes = anti_entropy_bytes - bytes_at_start_[key];
}

}  // namespace qc
