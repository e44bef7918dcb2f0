#pragma once
// Limits on one check, so that a hard history ends as "unknown" rather than as an
// endless run or an out-of-memory crash.
#include <chrono>
#include <cstdint>
#include <string>

namespace qc {

struct SearchLimits {
  std::int64_t time_ms = 0;                        // 0: no time limit
  std::uint64_t memory_bytes = 1ULL << 30;          // the search cache, per key
  std::uint64_t steps = 0;                          // 0: no step limit (deterministic limit)
};

class SearchBudget {
 public:
  explicit SearchBudget(const SearchLimits& limits)
      : limits_(limits), start_(std::chrono::steady_clock::now()) {}

  // Counts one search step; checks the clock only every 4096 steps, as it is not free.
  bool spend_step() {
    ++steps_;
    if (limits_.steps != 0 && steps_ > limits_.steps) {
      exhausted_ = "step budget of " + std::to_string(limits_.steps) + " steps ran out";
      return false;
    }
    if (limits_.time_ms != 0 && (steps_ & 4095) == 0 && elapsed_ms() > limits_.time_ms) {
      exhausted_ = "time budget of " + std::to_string(limits_.time_ms) + " ms ran out";
      return false;
    }
    return true;
  }

  std::uint64_t memory_limit_bytes() const { return limits_.memory_bytes; }
  void run_out_of_memory() {
    out_of_memory_ = true;
    exhausted_ = "memory budget of " + std::to_string(limits_.memory_bytes >> 20) + " MiB ran out";
  }

  std::int64_t elapsed_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now() - start_).count();
  }
  std::uint64_t steps() const { return steps_; }
  const std::string& exhausted_reason() const { return exhausted_; }
  bool ran_out_of_memory() const { return out_of_memory_; }

 private:
  SearchLimits limits_;
  std::chrono::steady_clock::time_point start_;
  std::uint64_t steps_ = 0;
  std::string exhausted_;
  bool out_of_memory_ = false;
};

}  // namespace qc
