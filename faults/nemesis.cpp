// generate_fault_schedule (declared in nemesis.h).
#include "faults/nemesis.h"

#include <algorithm>
#include <cmath>

#include "common/assert.h"

namespace qc {
namespace {

// Bounds on the magnitudes drawn, in the ranges Jepsen's nemeses use.
constexpr std::int64_t kClockBumpMaxUs = 300'000;
constexpr std::int64_t kClockStrobeDeltaMaxUs = 200'000;
constexpr std::int64_t kClockStrobePeriodMaxUs = 100'000;
constexpr std::int64_t kExtraDelayMaxUs = 500'000;
constexpr std::int64_t kMillisecondUs = 1'000;
// validate(options) expects at most 100000 steps; this stops an unlucky run of short
// gaps from looping long.
constexpr int kFaultStepsMax = 1'000'000;

class Generator {
 public:
  Generator(const NemesisOptions& options, Prng& prng) : options_(options), prng_(prng) {}

  FaultSchedule run() {
    schedule_.final_heal_us = options_.duration_us;
    schedule_.quiescence_us = options_.quiescence_us;
    if (options_.kinds.empty()) return schedule_;
    std::int64_t now_us = 0;
    for (int step = 0; step < kFaultStepsMax; ++step) {
      const double gap_us = prng_.exponential(static_cast<double>(options_.mean_interval_us));
      now_us += std::max<std::int64_t>(1, std::llround(gap_us));
      if (now_us >= options_.duration_us) break;
      const std::string& kind = options_.kinds[prng_.below(options_.kinds.size())];
      step_of_kind(kind, now_us);
    }
    return schedule_;
  }

 private:
  void step_of_kind(const std::string& kind, std::int64_t now_us) {
    if (kind == "partition") return partition_or_heal(now_us);
    if (kind == "crash") return stop_or_start(now_us, FaultKind::crash, crashed_);
    if (kind == "pause") return stop_or_start(now_us, FaultKind::pause, paused_);
    if (kind == "clock") return clock(now_us);
    if (kind == "loss") return loss_burst(now_us);
    if (kind == "delay") return delay_burst(now_us);
    QC_ASSERT(false && "unknown nemesis kind; validate(options) first");
  }

  FaultEvent& emit(std::int64_t now_us, FaultKind kind) {
    FaultEvent& event = schedule_.events.emplace_back();
    event.at_us = now_us;
    event.kind = kind;
    return event;
  }

  void partition_or_heal(std::int64_t now_us) {
    if (partitioned_) {
      emit(now_us, FaultKind::heal);
      partitioned_ = false;
      return;
    }
    const auto shapes = generated_partition_shapes();
    const std::string shape(shapes[prng_.below(shapes.size())]);
    std::vector<Link> links = partition_links(shape, options_.node_count, prng_);
    if (links.empty()) return;  // too few nodes to cut anything
    FaultEvent& event = emit(now_us, FaultKind::partition);
    event.shape = shape;
    event.links = std::move(links);
    partitioned_ = true;
  }

  // Crash (or pause) some nodes that are up, keeping one up; or, if some are down, bring
  // those same nodes back.
  void stop_or_start(std::int64_t now_us, FaultKind stop_kind, std::vector<int>& stopped) {
    if (!stopped.empty()) {
      const bool crash = stop_kind == FaultKind::crash;
      emit(now_us, crash ? FaultKind::restart : FaultKind::resume).nodes = stopped;
      stopped.clear();
      return;
    }
    std::vector<int> up = nodes_up();
    if (up.size() < 2) return;  // stopping any would leave none up
    shuffle(up);
    up.resize(prng_.below(up.size() - 1) + 1);
    std::ranges::sort(up);
    FaultEvent& event = emit(now_us, stop_kind);
    event.nodes = up;
    if (stop_kind == FaultKind::crash) event.lose_volatile = prng_.chance(0.5);
    stopped = std::move(up);
  }

  void clock(std::int64_t now_us) {
    if (now_us < strobe_until_us_ || prng_.chance(0.5)) {
      FaultEvent& event = emit(now_us, FaultKind::clock_bump);
      event.nodes = some_nodes();
      const std::int64_t size_us = prng_.between(kMillisecondUs, kClockBumpMaxUs);
      event.clock_delta_us = prng_.chance(0.5) ? size_us : -size_us;
      return;
    }
    FaultEvent& event = emit(now_us, FaultKind::clock_strobe);
    event.nodes = some_nodes();
    event.clock_delta_us = prng_.between(kMillisecondUs, kClockStrobeDeltaMaxUs);
    event.period_us = prng_.between(kMillisecondUs, kClockStrobePeriodMaxUs);
    event.duration_us = burst_duration_us(now_us);
    strobe_until_us_ = now_us + event.duration_us;
  }

  void loss_burst(std::int64_t now_us) {
    if (now_us < loss_until_us_) return;  // one loss burst at a time
    FaultEvent& event = emit(now_us, FaultKind::loss_burst);
    event.duration_us = burst_duration_us(now_us);
    event.loss_probability = 0.2 + 0.7 * prng_.unit();
    event.links = burst_links();
    loss_until_us_ = now_us + event.duration_us;
  }

  void delay_burst(std::int64_t now_us) {
    if (now_us < delay_until_us_) return;  // one delay burst at a time
    FaultEvent& event = emit(now_us, FaultKind::delay_burst);
    event.duration_us = burst_duration_us(now_us);
    event.extra_delay_us = prng_.between(kMillisecondUs, kExtraDelayMaxUs);
    event.links = burst_links();
    delay_until_us_ = now_us + event.duration_us;
  }

  // Half to twice the mean interval, cut short so it ends by the final heal.
  std::int64_t burst_duration_us(std::int64_t now_us) {
    const std::int64_t mean_us = options_.mean_interval_us;
    const std::int64_t drawn_us =
        prng_.between(std::max<std::int64_t>(1, mean_us / 2), 2 * mean_us);
    return std::min(drawn_us, options_.duration_us - now_us);
  }

  // Every link (empty) or, half the time, those to and from one node.
  std::vector<Link> burst_links() {
    if (options_.node_count < 2 || prng_.chance(0.5)) return {};
    return partition_links("isolate", options_.node_count, prng_);
  }

  // A random non-empty subset, sorted.
  std::vector<int> some_nodes() {
    std::vector<int> nodes(static_cast<std::size_t>(options_.node_count));
    for (std::size_t i = 0; i < nodes.size(); ++i) nodes[i] = static_cast<int>(i);
    shuffle(nodes);
    nodes.resize(prng_.below(nodes.size()) + 1);
    std::ranges::sort(nodes);
    return nodes;
  }

  std::vector<int> nodes_up() const {
    std::vector<int> up;
    for (int node = 0; node < options_.node_count; ++node) {
      if (std::ranges::find(crashed_, node) == crashed_.end() &&
          std::ranges::find(paused_, node) == paused_.end()) {
        up.push_back(node);
      }
    }
    return up;
  }

  void shuffle(std::vector<int>& nodes) {
    for (std::size_t i = nodes.size(); i > 1; --i) std::swap(nodes[i - 1], nodes[prng_.below(i)]);
  }

  const NemesisOptions& options_;
  Prng& prng_;
  FaultSchedule schedule_;
  bool partitioned_ = false;
  std::vector<int> crashed_;
  std::vector<int> paused_;
  std::int64_t strobe_until_us_ = 0;
  std::int64_t loss_until_us_ = 0;
  std::int64_t delay_until_us_ = 0;
};

}  // namespace

FaultSchedule generate_fault_schedule(const NemesisOptions& options, Prng& prng) {
  QC_ASSERT(validate(options).is_ok());
  FaultSchedule schedule = Generator(options, prng).run();
  QC_ASSERT(validate(schedule, options.node_count).is_ok());
  return schedule;
}

}  // namespace qc
