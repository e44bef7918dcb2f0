// generate_fault_schedule: valid and deterministic for any options and seed; faults
// come in the documented pairs; at least one node stays up; draws stay in their ranges.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>

#include "faults/nemesis.h"
#include "faults/schedule_json.h"

namespace qc {
namespace {

const std::vector<std::string> kAllKinds = {"partition", "crash", "pause",
                                            "clock",     "loss",  "delay"};

rc::Gen<NemesisOptions> nemesis_options() {
  return rc::gen::exec([] {
    NemesisOptions options;
    for (const std::string& kind : kAllKinds) {
      if (*rc::gen::arbitrary<bool>()) options.kinds.push_back(kind);
    }
    options.node_count = *rc::gen::inRange(1, 12);
    options.duration_us = *rc::gen::inRange<std::int64_t>(0, 60'000'000);
    options.mean_interval_us = *rc::gen::inRange<std::int64_t>(
        std::max<std::int64_t>(1, options.duration_us / 2000), 5'000'000);
    options.quiescence_us = *rc::gen::inRange<std::int64_t>(0, 10'000'000);
    return options;
  });
}

FaultSchedule generate(const NemesisOptions& options, std::uint64_t seed) {
  Prng prng(seed);
  return generate_fault_schedule(options, prng);
}

// Replays the schedule's state and reports the first broken pairing rule, or "".
std::string pairing_problem(const FaultSchedule& schedule, int node_count) {
  bool partitioned = false;
  std::vector<int> crashed;
  std::vector<int> paused;
  for (const FaultEvent& event : schedule.events) {
    const std::string where = " at " + std::to_string(event.at_us);
    switch (event.kind) {
      case FaultKind::partition:
        if (partitioned) return "partition while partitioned" + where;
        partitioned = true;
        break;
      case FaultKind::heal:
        if (!partitioned) return "heal without a partition" + where;
        partitioned = false;
        break;
      case FaultKind::crash:
      case FaultKind::pause: {
        auto& stopped = event.kind == FaultKind::crash ? crashed : paused;
        if (!stopped.empty()) return "a second stop before the first ended" + where;
        stopped = event.nodes;
        std::set<int> down(crashed.begin(), crashed.end());
        down.insert(paused.begin(), paused.end());
        if (down.size() >= static_cast<std::size_t>(node_count)) return "no node up" + where;
        break;
      }
      case FaultKind::restart:
        if (event.nodes != crashed) return "restart of nodes other than the crashed ones" + where;
        crashed.clear();
        break;
      case FaultKind::resume:
        if (event.nodes != paused) return "resume of nodes other than the paused ones" + where;
        paused.clear();
        break;
      default: break;
    }
  }
  return "";
}

RC_GTEST_PROP(NemesisGenerator, ValidDeterministicAndPaired, (std::uint64_t seed)) {
  const NemesisOptions options = *nemesis_options();
  RC_ASSERT(validate(options).is_ok());
  const FaultSchedule schedule = generate(options, seed);
  const Status valid = validate(schedule, options.node_count);
  RC_ASSERT(valid.is_ok());
  RC_ASSERT(schedule.final_heal_us == options.duration_us);
  RC_ASSERT(schedule.quiescence_us == options.quiescence_us);
  RC_ASSERT(pairing_problem(schedule, options.node_count) == "");
  RC_ASSERT(fault_schedule_to_json(generate(options, seed)) == fault_schedule_to_json(schedule));
}

NemesisOptions long_run(std::vector<std::string> kinds, int node_count = 5) {
  NemesisOptions options;
  options.kinds = std::move(kinds);
  options.node_count = node_count;
  options.duration_us = 100'000'000;
  options.mean_interval_us = 10'000;
  return options;
}

std::set<FaultKind> kinds_in(const FaultSchedule& schedule) {
  std::set<FaultKind> kinds;
  for (const FaultEvent& event : schedule.events) kinds.insert(event.kind);
  return kinds;
}

TEST(NemesisGenerator, DifferentSeedsGiveDifferentSchedules) {
  const NemesisOptions options = long_run(kAllKinds);
  EXPECT_NE(generate(options, 1), generate(options, 2));
}

TEST(NemesisGenerator, EachNemesisMakesOnlyItsOwnKindsAndAllOfThem) {
  using K = FaultKind;
  const std::vector<std::pair<std::string, std::set<FaultKind>>> cases = {
      {"partition", {K::partition, K::heal}},
      {"crash", {K::crash, K::restart}},
      {"pause", {K::pause, K::resume}},
      {"clock", {K::clock_bump, K::clock_strobe}},
      {"loss", {K::loss_burst}},
      {"delay", {K::delay_burst}}};
  for (const auto& [nemesis, kinds] : cases) {
    EXPECT_EQ(kinds_in(generate(long_run({nemesis}), 3)), kinds) << nemesis;
  }
  EXPECT_EQ(kinds_in(generate(long_run(kAllKinds), 3)).size(), all_fault_kinds().size());
  EXPECT_TRUE(generate(long_run({}), 3).events.empty());
}

TEST(NemesisGenerator, StepsAreExponentiallySpacedAtTheMeanInterval) {
  // Every clock step makes an event, so events count the steps: 10000 expected.
  const FaultSchedule schedule = generate(long_run({"clock"}), 5);
  EXPECT_NEAR(static_cast<double>(schedule.events.size()), 10'000.0, 400.0);
  // Exponential gaps: about e^-1 of them exceed the mean.
  std::size_t long_gaps = 0;
  for (std::size_t i = 1; i < schedule.events.size(); ++i) {
    if (schedule.events[i].at_us - schedule.events[i - 1].at_us > 10'000) ++long_gaps;
  }
  EXPECT_NEAR(static_cast<double>(long_gaps) / static_cast<double>(schedule.events.size()), 0.368,
              0.03);
}

TEST(NemesisGenerator, DrawsStayInTheDocumentedRanges) {
  const FaultSchedule schedule = generate(long_run(kAllKinds, 7), 11);
  bool lost_volatile = false;
  bool kept_volatile = false;
  for (const FaultEvent& event : schedule.events) {
    if (event.kind == FaultKind::clock_bump) {
      EXPECT_GE(std::abs(event.clock_delta_us), 1'000);
      EXPECT_LE(std::abs(event.clock_delta_us), 300'000);
    }
    if (event.kind == FaultKind::loss_burst) {
      EXPECT_GE(event.loss_probability, 0.2);
      EXPECT_LE(event.loss_probability, 0.9);
    }
    if (event.kind == FaultKind::crash)
      (event.lose_volatile ? lost_volatile : kept_volatile) = true;
    if (event.kind == FaultKind::partition) {
      EXPECT_FALSE(event.links.empty());
      EXPECT_NE(std::ranges::find(generated_partition_shapes(), event.shape),
                generated_partition_shapes().end());
    }
  }
  EXPECT_TRUE(lost_volatile && kept_volatile);
}

TEST(NemesisGenerator, OneNodeIsNeverCrashedPausedOrPartitioned) {
  const FaultSchedule schedule = generate(long_run({"partition", "crash", "pause"}, 1), 4);
  EXPECT_TRUE(schedule.events.empty());
}

TEST(NemesisGenerator, NoFaultTimeMeansNoEvents) {
  NemesisOptions options = long_run(kAllKinds);
  options.duration_us = 0;
  const FaultSchedule schedule = generate(options, 9);
  EXPECT_TRUE(schedule.events.empty());
  EXPECT_EQ(schedule.final_heal_us, 0);
}

RC_GTEST_PROP(NemesisGenerator, SchedulesRoundTripThroughJson, (std::uint64_t seed)) {
  NemesisOptions options;
  options.kinds = {"partition", "crash", "pause", "clock", "loss", "delay"};
  options.node_count = *rc::gen::inRange(1, 10);
  options.duration_us = 2'000'000;
  options.mean_interval_us = 50'000;
  Prng prng(seed);
  const FaultSchedule schedule = generate_fault_schedule(options, prng);
  auto parsed = parse_fault_schedule(fault_schedule_to_json(schedule), "generated.json");
  RC_ASSERT(parsed.is_ok());
  RC_ASSERT(parsed.value() == schedule);
}

}  // namespace
}  // namespace qc
