// The JSON form: its exact bytes for a small schedule, and the round trip for any
// valid schedule.
#include "faults/schedule_json.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "schedule_generators.h"

namespace qc {
namespace {

FaultSchedule small_schedule() {
  FaultSchedule schedule;
  schedule.quiescence_us = 2'000'000;
  FaultEvent partition;
  partition.at_op = 12;
  partition.kind = FaultKind::partition;
  partition.shape = "isolate";
  partition.links = {{0, 2}, {2, 0}};
  schedule.events.push_back(partition);
  FaultEvent crash;
  crash.at_op = 40;
  crash.kind = FaultKind::crash;
  crash.nodes = {1};
  schedule.events.push_back(crash);
  FaultEvent loss;
  loss.at_op = 41;
  loss.kind = FaultKind::loss_burst;
  loss.until_op = 60;
  loss.loss_probability = 0.25;
  schedule.events.push_back(loss);
  FaultEvent heal;
  heal.at_op = 60;
  schedule.events.push_back(heal);
  return schedule;
}

TEST(FaultScheduleJson, WritesOneReadableEventPerLineWithOnlyTheUsedFields) {
  EXPECT_EQ(fault_schedule_to_json(small_schedule()),
            "{\n"
            "  \"quiescence_us\": 2000000,\n"
            "  \"events\": [\n"
            "    {\"at_op\": 12, \"kind\": \"partition\", \"shape\": \"isolate\", "
            "\"links\": [[0, 2], [2, 0]]},\n"
            "    {\"at_op\": 40, \"kind\": \"crash\", \"nodes\": [1], \"lose_volatile\": true},\n"
            "    {\"at_op\": 41, \"kind\": \"loss-burst\", \"until_op\": 60, "
            "\"loss_probability\": 0.25, \"links\": []},\n"
            "    {\"at_op\": 60, \"kind\": \"heal\"}\n"
            "  ]\n"
            "}\n");
}

TEST(FaultScheduleJson, WritesAnEmptyScheduleAndReadsItBack) {
  FaultSchedule empty;
  empty.quiescence_us = 5;
  const std::string text = fault_schedule_to_json(empty);
  EXPECT_EQ(text, "{\n  \"quiescence_us\": 5,\n  \"events\": []\n}\n");
  auto parsed = parse_fault_schedule(text, "empty.json");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  EXPECT_EQ(parsed.value(), empty);
}

TEST(FaultScheduleJson, LeavesOutOptionalFieldsAndTakesTheirDefaults) {
  auto parsed = parse_fault_schedule(
      R"({"events": [
           {"kind": "crash", "at_op": 3, "nodes": [2, 0]},
           {"at_op": 4, "kind": "partition", "links": [[1, 0]]},
           {"at_op": 5, "kind": "delay-burst", "until_op": 9, "extra_delay_us": 7}]})",
      "hand.json");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  const FaultSchedule& schedule = parsed.value();
  EXPECT_EQ(schedule.quiescence_us, FaultSchedule{}.quiescence_us);
  ASSERT_EQ(schedule.events.size(), 3u);
  EXPECT_TRUE(schedule.events[0].lose_volatile);
  EXPECT_EQ(schedule.events[0].nodes, (std::vector<int>{2, 0}));  // order kept as written
  EXPECT_EQ(schedule.events[1].shape, "");
  EXPECT_EQ(schedule.events[1].links, (std::vector<Link>{{1, 0}}));
  EXPECT_TRUE(schedule.events[2].links.empty());
  EXPECT_EQ(schedule.events[2].until_op, 9);
  EXPECT_EQ(schedule.events[2].extra_delay_us, 7);
}

RC_GTEST_PROP(FaultScheduleJson, ValidSchedulesRoundTripToEqualValuesAndBytes, ()) {
  const FaultSchedule schedule = *testing::valid_fault_schedule();
  const Status valid = validate(schedule, testing::kGeneratedNodeCount);
  RC_ASSERT(valid.is_ok());
  const std::string text = fault_schedule_to_json(schedule);
  auto parsed = parse_fault_schedule(text, "generated.json");
  RC_ASSERT(parsed.is_ok());
  RC_ASSERT(parsed.value() == schedule);
  RC_ASSERT(fault_schedule_to_json(parsed.value()) == text);
}

}  // namespace
}  // namespace qc
