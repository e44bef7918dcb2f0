#include "sim/strategies.h"

#include <algorithm>

#include "common/assert.h"

namespace qc {

std::size_t RandomStrategy::pick(const std::vector<EnabledEvent>& enabled, std::int64_t) {
  return static_cast<std::size_t>(prng_.below(enabled.size()));
}

PctStrategy::PctStrategy(std::uint64_t seed, int depth, std::uint64_t expected_steps, std::int64_t window_us)
    : prng_(seed), depth_(depth), window_us_(window_us) {
  QC_ASSERT(depth >= 1 && expected_steps >= 1);
  for (int i = 1; i < depth; ++i) change_points_.push_back(1 + prng_.below(expected_steps));
  std::sort(change_points_.begin(), change_points_.end());
}

std::int64_t PctStrategy::actor_of(const EnabledEvent& event) {
  return event.node ? static_cast<std::int64_t>(*event.node) : kClientActor;
}

// Initial priorities lie above depth - 1 (the priorities given at change points are
// 0 .. depth - 2), drawn at random; equal draws are broken by first sight.
std::uint64_t PctStrategy::priority_of(std::int64_t actor) {
  auto [it, added] = priorities_.try_emplace(actor, 0);
  if (added) {
    const auto floor = static_cast<std::uint64_t>(depth_);
    it->second = floor + prng_.below(std::uint64_t{1} << 62);
  }
  return it->second;
}

std::size_t PctStrategy::pick(const std::vector<EnabledEvent>& enabled, std::int64_t) {
  std::size_t best = 0;
  std::uint64_t best_priority = priority_of(actor_of(enabled[0]));
  for (std::size_t i = 1; i < enabled.size(); ++i) {
    const std::uint64_t priority = priority_of(actor_of(enabled[i]));
    if (priority > best_priority) {
      best = i;
      best_priority = priority;
    }
  }
  ++steps_;
  // At the j-th change point the actor that runs now drops to priority depth - 2 - j:
  // below every initial priority and below those that dropped before it.
  while (next_change_ < change_points_.size() && change_points_[next_change_] == steps_) {
    priorities_[actor_of(enabled[best])] = static_cast<std::uint64_t>(depth_ - 2) - next_change_;
    ++next_change_;
  }
  return best;
}

}  // namespace qc
