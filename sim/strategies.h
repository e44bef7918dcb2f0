#pragma once
// Two strategies beside the time order (sim/strategy.h), for issue 9's campaigns:
//   - RandomStrategy picks uniformly among the enabled events.
//   - PctStrategy is PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010)
//     adapted to message passing: an "actor" is who takes an event's input (a node; the
//     client side counts as one more actor), actors get random distinct priorities
//     when first seen, the enabled event whose actor has the highest priority runs
//     (the earliest such event on a tie), and at depth - 1 change points, drawn
//     uniformly among the first `expected_steps` steps, the actor that just ran drops
//     below every initial priority. For threads, the paper proves a bug of depth d is
//     found with probability at least 1 / (threads * steps^(d-1)) per run; actors only
//     stand in for threads here, and no such bound is claimed for them.
// What counts as enabled is every pending event within window_us of the earliest: with
// a window of 0 only ties are reordered, and both strategies come close to the time
// order. Both are deterministic for their seed. SimConfig::scheduling selects one for a
// run (the simulator builds it, seeded by a stream of the run's seed): `--strategy`.
#include <cstdint>
#include <map>
#include <vector>

#include "common/prng.h"
#include "sim/strategy.h"

namespace qc {

class RandomStrategy final : public Strategy {
 public:
  RandomStrategy(std::uint64_t seed, std::int64_t window_us) : prng_(seed), window_us_(window_us) {}
  std::int64_t window_us() const override { return window_us_; }
  std::size_t pick(const std::vector<EnabledEvent>& enabled, std::int64_t now_us) override;

 private:
  Prng prng_;
  std::int64_t window_us_;
};

class PctStrategy final : public Strategy {
 public:
  // depth >= 1; expected_steps >= 1 (e.g. the events of a time-ordered run of the case).
  PctStrategy(std::uint64_t seed, int depth, std::uint64_t expected_steps, std::int64_t window_us);
  std::int64_t window_us() const override { return window_us_; }
  std::size_t pick(const std::vector<EnabledEvent>& enabled, std::int64_t now_us) override;

  // The actor of an event: its node, or kClientActor for the client side.
  static std::int64_t actor_of(const EnabledEvent& event);
  static constexpr std::int64_t kClientActor = -1;
  // Steps at which a priority drops (sorted), for tests and reports.
  const std::vector<std::uint64_t>& change_points() const { return change_points_; }

 private:
  std::uint64_t priority_of(std::int64_t actor);

  Prng prng_;
  int depth_;
  std::int64_t window_us_;
  std::vector<std::uint64_t> change_points_;
  std::map<std::int64_t, std::uint64_t> priorities_;  // by actor
  std::uint64_t steps_ = 0;
  std::size_t next_change_ = 0;
};

}  // namespace qc
