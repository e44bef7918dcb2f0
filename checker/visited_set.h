#pragma once
// Lowe's memoization for the Wing–Gong search: the set of configurations already
// explored, each the set of linearized ops (a bitset) with the model state it led to.
// Open addressing over stored hashes; bitsets live in one arena, so an insert costs no
// allocation beyond amortized growth.
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <vector>

#include "common/assert.h"

namespace qc {

template <typename State>
class VisitedSet {
 public:
  enum class Insert : std::uint8_t { added, present, full };

  VisitedSet(std::size_t words_per_bitset, std::uint64_t memory_limit_bytes)
      : words_per_bitset_(words_per_bitset), memory_limit_bytes_(memory_limit_bytes), slots_(1024) {}

  // Adds (bits, state) unless present. `full` when adding would take the set past its
  // memory limit: growth is checked before it allocates, so the limit holds at the peak.
  Insert insert(const std::uint64_t* bits, const State& state, std::uint64_t hash) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t slot = hash & mask;
    for (;; slot = (slot + 1) & mask) {
      const Slot& candidate = slots_[slot];
      if (candidate.entry_plus_one == 0) break;
      if (candidate.hash == hash && matches(candidate.entry_plus_one - 1, bits, state)) return Insert::present;
    }
    if (!room_for_one_more()) return Insert::full;
    words_.insert(words_.end(), bits, bits + words_per_bitset_);
    states_.push_back(state);
    slots_[slot] = Slot{hash, static_cast<std::uint32_t>(size())};
    if (size() * 2 > slots_.size()) grow();
    return Insert::added;
  }

  std::size_t size() const { return states_.size(); }

  // The bytes held, not counting what a State owns on the heap.
  std::uint64_t memory_bytes() const {
    return slots_.capacity() * sizeof(Slot) + words_.capacity() * sizeof(std::uint64_t) +
           states_.capacity() * sizeof(State);
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t entry_plus_one = 0;  // 0: empty
  };

  // Growing a vector holds the old and the new buffer at once: count both.
  bool room_for_one_more() const {
    std::uint64_t peak = memory_bytes();
    if (words_.size() + words_per_bitset_ > words_.capacity()) {
      peak += std::max<std::size_t>(2 * words_.capacity(), words_per_bitset_) * sizeof(std::uint64_t);
    }
    if (states_.size() == states_.capacity()) peak += 2 * states_.capacity() * sizeof(State);
    if ((size() + 1) * 2 > slots_.size()) peak += 2 * slots_.size() * sizeof(Slot);
    return peak <= memory_limit_bytes_;
  }

  bool matches(std::size_t entry, const std::uint64_t* bits, const State& state) const {
    return states_[entry] == state &&
           std::memcmp(&words_[entry * words_per_bitset_], bits,
                       words_per_bitset_ * sizeof(std::uint64_t)) == 0;
  }

  void grow() {
    QC_ASSERT(size() < 0xffffffffULL / 2);
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.entry_plus_one == 0) continue;
      std::size_t index = slot.hash & mask;
      while (slots_[index].entry_plus_one != 0) index = (index + 1) & mask;
      slots_[index] = slot;
    }
  }

  std::size_t words_per_bitset_;
  std::uint64_t memory_limit_bytes_;
  std::vector<Slot> slots_;
  std::vector<std::uint64_t> words_;
  std::vector<State> states_;
};

}  // namespace qc
