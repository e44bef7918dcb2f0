#pragma once
// The simulator's pending events: a binary heap ordered by (time_us, sequence). The
// sequence number is assigned at scheduling, so events at equal times run in the order
// they were scheduled; ties never fall to chance (DESIGN.md, "Determinism").
#include <algorithm>
#include <cstdint>
#include <vector>

#include "common/assert.h"
#include "impl/io.h"
#include "sim/strategy.h"

namespace qc {

inline constexpr NodeId kNoNode = 0xffffffff;

struct PendingEvent {
  std::int64_t time_us = 0;
  std::uint64_t sequence = 0;
  SimEventKind kind = SimEventKind::fire_timer;
  NodeId node = kNoNode;     // the node that takes the input, if any
  NodeId from = kNoNode;     // deliver_message: sender; peer_status: the peer
  std::uint32_t slot = 0;    // message pool slot, client index or fault index
  std::uint64_t tag = 0;     // fire_timer: incarnation; client_request: request id
  TimerId timer;             // fire_timer
};

class EventQueue {
 public:
  // Schedules `event` with the next sequence number; returns that number.
  std::uint64_t push(PendingEvent event) {
    event.sequence = next_sequence_++;
    reinsert(event);
    return event.sequence;
  }
  // Puts back an event taken out by take_window(), keeping its sequence number.
  void reinsert(const PendingEvent& event) {
    std::uint32_t index;
    if (free_.empty()) {
      index = static_cast<std::uint32_t>(events_.size());
      events_.push_back(event);
    } else {
      index = free_.back();
      free_.pop_back();
      events_[index] = event;
    }
    heap_.push_back(Key{event.time_us, event.sequence, index});
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const PendingEvent& earliest() const {
    QC_ASSERT(!heap_.empty());
    return events_[heap_.front().index];
  }
  PendingEvent take_earliest() {
    QC_ASSERT(!heap_.empty());
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const std::uint32_t index = heap_.back().index;
    heap_.pop_back();
    free_.push_back(index);
    return events_[index];
  }
  // Removes and returns, in (time, sequence) order, every event within window_us of the
  // earliest one, at most `limit` of them.
  std::vector<PendingEvent> take_window(std::int64_t window_us, std::size_t limit) {
    std::vector<PendingEvent> taken;
    if (heap_.empty()) return taken;
    const std::int64_t until_us = earliest().time_us + window_us;
    while (!heap_.empty() && taken.size() < limit && earliest().time_us <= until_us)
      taken.push_back(take_earliest());
    return taken;
  }

 private:
  // The heap holds small keys (the hot path moves these); events stay put in events_.
  struct Key {
    std::int64_t time_us;
    std::uint64_t sequence;
    std::uint32_t index;  // into events_
  };
  // A function object, not a function pointer, so that the heap algorithms inline it.
  struct Later {
    bool operator()(const Key& a, const Key& b) const {
      if (a.time_us != b.time_us) return a.time_us > b.time_us;
      return a.sequence > b.sequence;
    }
  };
  static constexpr Later later{};
  std::vector<Key> heap_;
  std::vector<PendingEvent> events_;
  std::vector<std::uint32_t> free_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace qc
