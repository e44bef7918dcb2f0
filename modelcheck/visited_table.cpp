#include "modelcheck/visited_table.h"

#include <algorithm>
#include <limits>
#include <new>

#include "common/assert.h"
#include "impl/hash.h"

namespace qc {
namespace {

constexpr std::size_t kFirstCapacity = 1024;  // a power of two

bool full(std::uint64_t size, std::size_t capacity) { return 4 * (size + 1) > 3 * capacity; }

}  // namespace

std::pair<VisitedTable::Slot*, bool> VisitedTable::find_or_insert(std::uint64_t hash) {
  if (slots_.empty() || full(size_, slots_.size())) grow();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = mix64(hash) & mask;; at = (at + 1) & mask) {
    Slot& slot = slots_[at];
    if (!slot.used) {
      slot.used = true;
      slot.hash = hash;
      ++size_;
      return {&slot, true};
    }
    if (slot.hash == hash) return {&slot, false};
  }
}

void VisitedTable::set_asleep(Slot& slot, const std::vector<std::uint64_t>& keys) {
  QC_ASSERT(keys.size() <= std::numeric_limits<std::uint16_t>::max());
  if (keys.size() > slot.asleep_count) {  // a new slot: its set goes at the arena's end
    QC_ASSERT(slot.asleep_count == 0);
    if (arena_.size() + keys.size() > std::numeric_limits<std::uint32_t>::max()) throw std::bad_alloc();
    slot.asleep_at = static_cast<std::uint32_t>(arena_.size());
    arena_.insert(arena_.end(), keys.begin(), keys.end());
  } else {
    std::copy(keys.begin(), keys.end(), arena_.begin() + slot.asleep_at);
  }
  slot.asleep_count = static_cast<std::uint16_t>(keys.size());
}

std::uint64_t VisitedTable::bytes() const {
  return slots_.capacity() * sizeof(Slot) + arena_.capacity() * sizeof(std::uint64_t);
}

std::uint64_t VisitedTable::bytes_of_next_growth() const {
  if (!slots_.empty() && !full(size_, slots_.size())) return 0;
  return std::max<std::size_t>(kFirstCapacity, 2 * slots_.size()) * sizeof(Slot);
}

void VisitedTable::clear() {
  std::vector<Slot>().swap(slots_);  // gives the memory back, as = {} would not
  std::vector<std::uint64_t>().swap(arena_);
  size_ = 0;
}

void VisitedTable::grow() {
  std::vector<Slot> grown(std::max<std::size_t>(kFirstCapacity, 2 * slots_.size()));
  const std::size_t mask = grown.size() - 1;
  for (const Slot& slot : slots_) {
    if (!slot.used) continue;
    std::size_t at = mix64(slot.hash) & mask;
    while (grown[at].used) at = (at + 1) & mask;
    grown[at] = slot;
  }
  slots_ = std::move(grown);
}

}  // namespace qc
