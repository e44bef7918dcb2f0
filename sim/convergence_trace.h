#pragma once
// When the replicas of each workload key diverged during a run, and what brought them
// back: the run report's convergence picture (of the first kConvergenceKeysMax keys;
// only when asked for, Simulator::trace_convergence).
// The simulator samples every
// kConvergenceSampleUs of virtual time: a key diverges when two of its running replicas
// hold different versions (a crashed replica is not compared: what it holds is unknown
// until it restarts), and converges again when they agree. What brought it back is read
// from the messages its replicas took since the previous sample: anti-entropy, else
// hinted handoff, else read repair (a write with no reply wanted), else writes
// (client writes, and blocking repair, which looks the same). Anti-entropy bytes are
// the cluster's while the key was diverged, not the key's alone.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impl/messages.h"

namespace qc {

inline constexpr std::int64_t kConvergenceSampleUs = 1'000;
inline constexpr std::size_t kConvergenceKeysMax = 64;  // the first keys, in order: sampling stays cheap

struct DivergenceSpan {
  std::int64_t start_us = 0;
  std::optional<std::int64_t> end_us;  // absent: still diverged when the run ended
  std::string repaired_by;             // "anti-entropy", "hinted handoff", "read repair", "writes"; "" while open
  std::uint64_t anti_entropy_bytes = 0;  // sent by every node while it lasted
};

struct KeyDivergence {
  std::string key;
  std::vector<NodeId> replicas;
  std::vector<DivergenceSpan> spans;
};

class ConvergenceTrace {
 public:
  ConvergenceTrace(std::vector<std::string> keys, std::vector<std::vector<NodeId>> replicas, std::uint32_t node_count);

  // A message a running replica took.
  void note_delivery(NodeId node, const Message& message);
  // One sample: `agrees(key, replicas)` says whether the key's running replicas agree now.
  template <typename Agrees>
  void sample(std::int64_t now_us, std::uint64_t anti_entropy_bytes, Agrees agrees) {
    for (std::size_t i = 0; i < keys_.size(); ++i)
      record(i, agrees(keys_[i].key, keys_[i].replicas), now_us, anti_entropy_bytes);
    for (std::uint8_t& seen : seen_since_sample_) seen = 0;
  }
  std::vector<KeyDivergence> take() { return std::move(keys_); }

 private:
  void record(std::size_t key, bool agrees, std::int64_t now_us, std::uint64_t anti_entropy_bytes);
  std::vector<KeyDivergence> keys_;
  std::vector<std::uint64_t> bytes_at_start_;
  std::vector<std::uint8_t> seen_since_sample_;  // per node, a bit per repair kind
};

}  // namespace qc
