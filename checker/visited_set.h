#pragma once
// Lowe's memoization for the Wing–Gong search: the set of configurations already
// explored, each the set of linearized ops (a bitset) with the model state it led to.
// Open addressing over stored hashes; bitsets live in one arena, so an insert costs no
// allocation beyond amortized growth.
#include <cstdint>
#include <cstring>
#include <vector>

#include "common/assert.h"

namespace qc {

template <typename State>
class VisitedSet {
 public:
  explicit VisitedSet(std::size_t words_per_bitset)
      : words_per_bitset_(words_per_bitset), slots_(1024) {}

  // Adds (bits, state) unless present; true when it was new.
  bool insert(const std::uint64_t* bits, const State& state, std::uint64_t hash) {
    if ((size() + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      Slot& candidate = slots_[slot];
      if (candidate.entry_plus_one == 0) {
        candidate = Slot{hash, static_cast<std::uint32_t>(size() + 1)};
        words_.insert(words_.end(), bits, bits + words_per_bitset_);
        states_.push_back(state);
        return true;
      }
      if (candidate.hash == hash && matches(candidate.entry_plus_one - 1, bits, state)) return false;
    }
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
  std::vector<Slot> slots_;
  std::vector<std::uint64_t> words_;
  std::vector<State> states_;
};

}  // namespace qc
