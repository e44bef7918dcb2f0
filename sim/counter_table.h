#pragma once
// A map from well-mixed 64-bit keys to counters, by open addressing in one array (no
// allocation per key, unlike std::unordered_map). The keys must be uniform already,
// such as keyed_seed() outputs: their low bits pick the slot. Used for the message
// streams that do not fit MessageCounts' per-op slots.
#include <cstdint>
#include <vector>

#include "common/assert.h"

namespace qc {

class CounterTable {
 public:
  // The counter for `key`, 0 when new.
  std::uint32_t& operator[](std::uint64_t key) {
    if (key == 0) return zero_key_count_;  // 0 marks an empty slot below
    if (2 * (size_ + 1) > slots_.size()) grow();
    Slot& slot = find_slot(slots_, key);
    if (slot.key == 0) {
      slot.key = key;
      ++size_;
    }
    return slot.count;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t count = 0;
  };
  static Slot& find_slot(std::vector<Slot>& slots, std::uint64_t key) {
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = key & mask;; i = (i + 1) & mask)  // load <= 1/2: ends soon
      if (slots[i].key == key || slots[i].key == 0) return slots[i];
  }
  void grow() {
    std::vector<Slot> bigger(slots_.empty() ? 256 : 2 * slots_.size());
    QC_ASSERT(bigger.size() < (std::size_t{1} << 40));
    for (const Slot& slot : slots_)
      if (slot.key != 0) find_slot(bigger, slot.key) = slot;
    slots_ = std::move(bigger);
  }

  std::vector<Slot> slots_;  // a power of two in size, at most half full
  std::size_t size_ = 0;
  std::uint32_t zero_key_count_ = 0;
};

}  // namespace qc
