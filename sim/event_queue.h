#pragma once
// The simulator's pending events: a binary heap ordered by (time_us, sequence). The
// sequence number is assigned at scheduling, so events at equal times run in the order
// they were scheduled; ties never fall to chance (DESIGN.md, "Determinism").
#include <algorithm>
#include <cstdint>
#include <vector>

#include "common/assert.h"
#include "common/prng.h"  // Uint128
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
      QC_ASSERT(index < kIndexLimit);  // a bound on the queue: 16 million pending events
      events_.push_back(event);
    } else {
      index = free_.back();
      free_.pop_back();
      events_[index] = event;
    }
    QC_ASSERT(event.sequence < kSequenceLimit);
    // Unsigned order of (time, sequence): the sign bit flipped keeps negative times first.
    const Key key = (Key{static_cast<std::uint64_t>(event.time_us) ^ (std::uint64_t{1} << 63)} << 64) |
                    (Key{event.sequence} << kIndexBits) | index;
    sift_up(key);
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const PendingEvent& earliest() const {
    QC_ASSERT(!heap_.empty());
    return events_[index_of(heap_.front())];
  }
  PendingEvent take_earliest() {
    QC_ASSERT(!heap_.empty());
    const std::uint32_t index = index_of(heap_.front());
    const Key last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
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
  // A key is (time, sequence, index into events_) packed into one 128-bit integer, so
  // that comparing two is one wide subtraction rather than two branches; sequences are
  // unique, so the index never decides the order. A 4-ary heap: half the levels of a
  // binary one, and a node's four children share a cache line.
  using Key = Uint128;
  static constexpr int kIndexBits = 24;
  static constexpr std::uint32_t kIndexLimit = std::uint32_t{1} << kIndexBits;
  static constexpr std::uint64_t kSequenceLimit = std::uint64_t{1} << (64 - kIndexBits);
  static constexpr std::size_t kArity = 4;
  static std::uint32_t index_of(Key key) { return static_cast<std::uint32_t>(key) & (kIndexLimit - 1); }

  void sift_up(Key key) {  // places `key` from a new last slot up
    std::size_t hole = heap_.size();
    heap_.push_back(key);
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!(key < heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = key;
  }
  void sift_down(Key key) {  // places `key` from the root down
    const std::size_t size = heap_.size();
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = kArity * hole + 1;
      if (first >= size) break;
      const std::size_t end = std::min(first + kArity, size);
      std::size_t least = first;
      for (std::size_t child = first + 1; child < end; ++child)
        least = heap_[child] < heap_[least] ? child : least;
      if (!(heap_[least] < key)) break;
      heap_[hole] = heap_[least];
      hole = least;
    }
    heap_[hole] = key;
  }

  std::vector<Key> heap_;
  std::vector<PendingEvent> events_;
  std::vector<std::uint32_t> free_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace qc
