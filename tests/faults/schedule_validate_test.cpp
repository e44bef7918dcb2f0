// validate(): each rule of schedule.h, with the message a user would read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "faults/schedule.h"

namespace qc {
namespace {

using ::testing::HasSubstr;

constexpr int kNodeCount = 5;

FaultEvent event_at(std::int64_t at_op, FaultKind kind) {
  FaultEvent event;
  event.at_op = at_op;
  event.kind = kind;
  return event;
}

// One valid event of every kind, in op order.
FaultSchedule every_kind() {
  FaultSchedule schedule;
  auto& partition = schedule.events.emplace_back(event_at(100, FaultKind::partition));
  partition.shape = "isolate";
  partition.links = {{0, 1}, {1, 0}};
  schedule.events.push_back(event_at(200, FaultKind::heal));
  auto& crash = schedule.events.emplace_back(event_at(1200, FaultKind::crash));
  crash.nodes = {1, 2};
  crash.lose_volatile = false;
  schedule.events.emplace_back(event_at(1300, FaultKind::restart)).nodes = {1, 2};
  schedule.events.emplace_back(event_at(1400, FaultKind::pause)).nodes = {4};
  schedule.events.emplace_back(event_at(1400, FaultKind::resume)).nodes = {4};
  auto& bump = schedule.events.emplace_back(event_at(2000, FaultKind::clock_bump));
  bump.nodes = {0};
  bump.clock_delta_us = -250'000;
  auto& strobe = schedule.events.emplace_back(event_at(3000, FaultKind::clock_strobe));
  strobe.nodes = {3};
  strobe.clock_delta_us = 50'000;
  strobe.period_us = 10;
  strobe.until_op = 3001;  // one op after it starts: the shortest allowed
  auto& loss = schedule.events.emplace_back(event_at(4000, FaultKind::loss_burst));
  loss.until_op = 4100;
  loss.loss_probability = 1.0;
  auto& delay = schedule.events.emplace_back(event_at(9999, FaultKind::delay_burst));
  delay.until_op = 1'000'000;  // past any workload: the final heal ends it
  delay.extra_delay_us = 5'000;
  delay.links = {{4, 3}};
  return schedule;
}

std::string error_of(const FaultSchedule& schedule, int node_count = kNodeCount) {
  const Status status = validate(schedule, node_count);
  EXPECT_FALSE(status.is_ok());
  EXPECT_EQ(status.kind(), ErrorKind::usage);
  return status.message();
}

FaultEvent& event_of_kind(FaultSchedule& schedule, FaultKind kind) {
  for (auto& event : schedule.events) {
    if (event.kind == kind) return event;
  }
  throw std::logic_error("every_kind() lacks a kind");
}

TEST(FaultKindNames, AreTheDocumentedOnesAndInvert) {
  const std::vector<std::string> expected = {
      "partition", "heal",       "crash",        "restart",    "pause",
      "resume",    "clock-bump", "clock-strobe", "loss-burst", "delay-burst"};
  ASSERT_EQ(all_fault_kinds().size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(to_string(all_fault_kinds()[i]), expected[i]);
    EXPECT_EQ(fault_kind_from_string(expected[i]), all_fault_kinds()[i]);
  }
  EXPECT_EQ(fault_kind_from_string("clock_bump"), std::nullopt);
  EXPECT_EQ(fault_kind_from_string(""), std::nullopt);
}

TEST(Validate, AcceptsEveryKindUsedProperly) {
  const Status status = validate(every_kind(), kNodeCount);
  EXPECT_TRUE(status.is_ok()) << status.message();
  EXPECT_TRUE(validate(FaultSchedule{}, 1).is_ok());
}

TEST(Validate, NamesTheEventAndTheRangeForANodeOutOfRange) {
  FaultSchedule schedule = every_kind();
  schedule.events[3].kind = FaultKind::crash;
  schedule.events[3].at_op = 1200;
  schedule.events[3].nodes = {1, 7};
  EXPECT_EQ(error_of(schedule),
            "fault event 3 (crash at op 1200): node 7 is out of range; expected 0..4");
  schedule.events[3].nodes = {-1};
  EXPECT_THAT(error_of(schedule), HasSubstr("node -1 is out of range"));
  schedule.events[3].nodes = {4};
  EXPECT_TRUE(validate(schedule, kNodeCount).is_ok());
}

TEST(Validate, ChecksLinkEndpointsSelfLinksAndDuplicates) {
  FaultSchedule schedule = every_kind();
  schedule.events[0].links = {{0, 5}};
  EXPECT_THAT(error_of(schedule), HasSubstr("fault event 0 (partition at op 100): node 5"));
  schedule.events[0].links = {{2, 2}};
  EXPECT_THAT(error_of(schedule), HasSubstr("link [2, 2] joins a node to itself"));
  schedule.events[0].links = {{0, 1}, {1, 0}, {0, 1}};
  EXPECT_THAT(error_of(schedule), HasSubstr("link [0, 1] appears twice"));
  event_of_kind(schedule, FaultKind::partition).links.clear();
  event_of_kind(schedule, FaultKind::delay_burst).links = {{-3, 1}};
  EXPECT_THAT(error_of(schedule), HasSubstr("fault event 9 (delay-burst at op 9999): node -3"));
}

TEST(Validate, NodesMustBeNonEmptyAndDistinct) {
  FaultSchedule schedule = every_kind();
  event_of_kind(schedule, FaultKind::restart).nodes.clear();
  EXPECT_THAT(error_of(schedule), HasSubstr("fault event 3 (restart at op 1300): nodes is empty"));
  event_of_kind(schedule, FaultKind::restart).nodes = {2, 1, 2};
  EXPECT_THAT(error_of(schedule), HasSubstr("node 2 appears twice"));
}

TEST(Validate, OpNumbersAreNonNegativeAndInOrder) {
  FaultSchedule schedule = every_kind();
  schedule.events[0].at_op = -1;
  EXPECT_EQ(error_of(schedule),
            "fault event 0 (partition at op -1): at_op is -1; expected an op number >= 0");
  schedule = every_kind();
  schedule.events[4].at_op = 1299;
  EXPECT_THAT(
      error_of(schedule),
      HasSubstr("at_op 1299 is before the previous event's 1300; expected events in op order"));
  schedule = every_kind();
  schedule.events[4].at_op = 1300;  // sharing an op with the previous event is fine
  EXPECT_TRUE(validate(schedule, kNodeCount).is_ok());
  schedule = every_kind();
  schedule.quiescence_us = -1;
  EXPECT_EQ(error_of(schedule), "fault schedule: quiescence_us is -1; expected a duration from 0 to 3600000000 (an hour)");
  schedule.quiescence_us = INT64_MAX;  // would overflow the run's end time
  EXPECT_EQ(error_of(schedule),
            "fault schedule: quiescence_us is 9223372036854775807; expected a duration from 0 to 3600000000 (an hour)");
}

TEST(Validate, BurstsAndStrobesEndAfterTheyStart) {
  for (FaultKind kind : {FaultKind::clock_strobe, FaultKind::loss_burst, FaultKind::delay_burst}) {
    for (std::int64_t offset : {0, -1}) {
      FaultSchedule schedule = every_kind();
      FaultEvent& event = event_of_kind(schedule, kind);
      event.until_op = event.at_op + offset;
      EXPECT_THAT(error_of(schedule),
                  HasSubstr(": until_op is " + std::to_string(event.until_op) +
                            "; expected an op number after at_op " + std::to_string(event.at_op)))
          << to_string(kind);
    }
  }
  FaultSchedule schedule = every_kind();
  event_of_kind(schedule, FaultKind::loss_burst).until_op = 0;  // left unset
  EXPECT_THAT(error_of(schedule), HasSubstr("(loss-burst at op 4000): until_op is 0"));
}

TEST(Validate, PeriodsAndDelaysArePositiveWhereUsed) {
  const std::vector<std::pair<FaultKind, std::int64_t FaultEvent::*>> cases = {
      {FaultKind::clock_strobe, &FaultEvent::period_us},
      {FaultKind::clock_strobe, &FaultEvent::clock_delta_us},
      {FaultKind::delay_burst, &FaultEvent::extra_delay_us}};
  for (const auto& [kind, field] : cases) {
    for (std::int64_t bad : {std::int64_t{0}, std::int64_t{-10}}) {
      FaultSchedule schedule = every_kind();
      event_of_kind(schedule, kind).*field = bad;
      EXPECT_THAT(error_of(schedule),
                  HasSubstr(" is " + std::to_string(bad) + "; expected a positive"))
          << to_string(kind);
    }
  }
}

TEST(Validate, LossProbabilityIsInZeroToOne) {
  for (double bad : {-0.01, 1.5, std::nan(""), std::numeric_limits<double>::infinity()}) {
    FaultSchedule schedule = every_kind();
    event_of_kind(schedule, FaultKind::loss_burst).loss_probability = bad;
    EXPECT_THAT(error_of(schedule), HasSubstr("; expected a number in [0, 1]")) << bad;
  }
  FaultSchedule schedule = every_kind();
  event_of_kind(schedule, FaultKind::loss_burst).loss_probability = 0.0;
  EXPECT_TRUE(validate(schedule, kNodeCount).is_ok());
}

TEST(Validate, RejectsFieldsTheKindDoesNotUse) {
  FaultSchedule schedule = every_kind();
  event_of_kind(schedule, FaultKind::crash).links = {{0, 1}};
  EXPECT_THAT(error_of(schedule),
              HasSubstr("links is set but crash does not use it; crash takes at_op, kind, nodes, "
                        "lose_volatile"));
  schedule = every_kind();
  event_of_kind(schedule, FaultKind::heal).lose_volatile = false;
  EXPECT_THAT(error_of(schedule), HasSubstr("lose_volatile is set but heal does not use it"));
  schedule = every_kind();
  event_of_kind(schedule, FaultKind::clock_bump).until_op = 5000;
  EXPECT_THAT(error_of(schedule), HasSubstr("until_op is set but clock-bump does not use it"));
  schedule = every_kind();
  event_of_kind(schedule, FaultKind::partition).until_op = 150;
  EXPECT_THAT(error_of(schedule), HasSubstr("until_op is set but partition does not use it"));
  schedule = every_kind();
  event_of_kind(schedule, FaultKind::loss_burst).shape = "halves";
  EXPECT_THAT(error_of(schedule), HasSubstr("shape is set but loss-burst"));
}

TEST(Validate, PartitionShapeMustBeKnownWhenGiven) {
  FaultSchedule schedule = every_kind();
  schedule.events[0].shape = "triangle";
  EXPECT_THAT(error_of(schedule),
              HasSubstr("shape \"triangle\" is unknown; expected one of halves, random-halves, "
                        "isolate, bridge, majorities-ring, grudge"));
  schedule.events[0].shape = "";
  EXPECT_TRUE(validate(schedule, kNodeCount).is_ok());
}

TEST(Validate, NeedsAPositiveNodeCount) {
  EXPECT_EQ(error_of(FaultSchedule{}, 0), "fault schedule: node count is 0; expected at least 1");
  EXPECT_THAT(error_of(every_kind(), 4), HasSubstr("node 4 is out of range; expected 0..3"));
}

}  // namespace
}  // namespace qc
