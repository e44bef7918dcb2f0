#pragma once
// The explorer's table of visited states (modelcheck/explorer.cpp): per canonical state
// hash, the least depth the state was reached at, whether it is a violating complete
// execution, and the steps asleep when it was expanded (sorted canonical keys).
// Open addressing with linear probing on the hashes, which are already mixed: 24 bytes
// a slot and one arena for the sleep sets, where std::unordered_map took a node, a
// bucket and a vector per state (about 90 bytes, and an allocation or two). A sleep set
// only ever shrinks (the explorer keeps the intersection), so it is rewritten in place.
#include <cstdint>
#include <span>
#include <vector>

namespace qc {

class VisitedTable {
 public:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t asleep_at = 0;  // first key in the arena
    std::uint32_t depth = 0;
    std::uint16_t asleep_count = 0;
    bool used = false;
    bool violating = false;
  };

  // The slot of `hash`, and whether it was new (then with depth 0, nothing asleep).
  // Grows the table first when it is three quarters full.
  std::pair<Slot*, bool> find_or_insert(std::uint64_t hash);
  std::span<const std::uint64_t> asleep(const Slot& slot) const {
    return {arena_.data() + slot.asleep_at, slot.asleep_count};
  }
  // `keys` sorted; on a slot that has a sleep set already, no more keys than it has.
  void set_asleep(Slot& slot, const std::vector<std::uint64_t>& keys);

  std::uint64_t size() const { return size_; }
  // Bytes held now, and what the next insert would add at most (a growth holds the
  // old table and the new one at once).
  std::uint64_t bytes() const;
  std::uint64_t bytes_of_next_growth() const;
  void clear();

 private:
  void grow();
  std::vector<Slot> slots_;
  std::vector<std::uint64_t> arena_;
  std::uint64_t size_ = 0;
};

}  // namespace qc
