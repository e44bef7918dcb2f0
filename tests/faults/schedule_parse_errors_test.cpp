// parse_fault_schedule's errors: each names the source, the JSON path and what was
// expected, so a person can fix a hand-edited file without reading our code.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "faults/schedule_json.h"

namespace qc {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A schedule with one event, written as the text between the braces of that event.
std::string with_event(const std::string& event_fields) {
  return R"({"events": [{"at_op": 10, "kind": "heal"}, {)" + event_fields +
         "}]}";
}

std::string error_of(const std::string& text) {
  auto parsed = parse_fault_schedule(text, "faults.json");
  EXPECT_FALSE(parsed.is_ok()) << text;
  if (parsed.is_ok()) return "";
  EXPECT_EQ(parsed.status().kind(), ErrorKind::malformed);
  EXPECT_THAT(parsed.status().message(), StartsWith("faults.json"));
  return parsed.status().message();
}

TEST(FaultScheduleParseErrors, InvalidJsonGivesLineAndColumn) {
  EXPECT_THAT(error_of("{\n  \"quiescence_us\": 10,\n  \"events\": [,]\n}"),
              StartsWith("faults.json:3:"));
  EXPECT_THAT(error_of("{\"events\": ["),
              AllOf(StartsWith("faults.json:1:"), HasSubstr("ends too early")));
  EXPECT_THAT(error_of(""), HasSubstr("expected a fault schedule object"));
}

TEST(FaultScheduleParseErrors, TopLevelShape) {
  EXPECT_THAT(error_of("[1]"), HasSubstr("expected an object with quiescence_us and events"));
  EXPECT_EQ(error_of(R"({"quiescence_us": 1})"),
            "faults.json: events: missing or not an array; expected an array of events");
  EXPECT_THAT(error_of(R"({"events": {}})"), HasSubstr("not an array"));
  EXPECT_EQ(error_of(R"({"events": [], "final_heal": 2})"),
            "faults.json: final_heal: \"final_heal\" is not a schedule field; expected only "
            "quiescence_us, events");
  EXPECT_THAT(error_of(R"({"quiescence_us": "soon", "events": []})"),
              HasSubstr("quiescence_us: found \"soon\"; expected an integer"));
  EXPECT_THAT(error_of(R"({"quiescence_us": 1.5, "events": []})"),
              HasSubstr("quiescence_us: found 1.5; expected an integer"));
  EXPECT_EQ(error_of(R"({"quiescence_us": -1, "events": []})"),
            "faults.json: quiescence_us: quiescence_us is -1; expected a duration from 0 to 3600000000 (an hour)");
}

// quorumcheck 0.1 placed faults at virtual times; such a file is refused, never read as ops.
TEST(FaultScheduleParseErrors, RefusesTimePlacedSchedulesSayingSo) {
  const std::string time_placed =
      "this schedule places faults by virtual time (at_us, duration_us, final_heal_us), as "
      "quorumcheck 0.1 wrote them; expected faults placed by workload progress";
  EXPECT_THAT(error_of(R"({"final_heal_us": 10000, "quiescence_us": 5, "events": [
                {"at_us": 10, "kind": "crash", "nodes": [1], "lose_volatile": true}]})"),
              StartsWith("faults.json: final_heal_us: " + time_placed));
  EXPECT_THAT(error_of(with_event(R"("at_us": 20, "kind": "heal")")),
              StartsWith("faults.json: events[1].at_us: " + time_placed));
  EXPECT_THAT(error_of(with_event(
                  R"("at_op": 20, "kind": "loss-burst", "duration_us": 5, "loss_probability": 0.5)")),
              StartsWith("faults.json: events[1].duration_us: " + time_placed));
}

TEST(FaultScheduleParseErrors, UnknownKindListsTheValidOnes) {
  EXPECT_EQ(error_of(with_event(R"("at_op": 20, "kind": "crush", "nodes": [1])")),
            "faults.json: events[1].kind: found \"crush\"; expected one of partition, heal, "
            "crash, restart, pause, resume, clock-bump, clock-strobe, loss-burst, delay-burst");
  EXPECT_THAT(error_of(with_event(R"("at_op": 20)")),
              HasSubstr("events[1]: missing \"kind\"; expected one of partition, heal"));
  EXPECT_THAT(error_of(R"({"events": [7]})"),
              HasSubstr("events[0]: found 7; expected an event object"));
}

TEST(FaultScheduleParseErrors, NamesThePathIntoArrays) {
  EXPECT_EQ(error_of(with_event(R"("at_op": 20, "kind": "crash", "nodes": [1, "x"])")),
            "faults.json: events[1].nodes[1]: found \"x\"; expected a node id (an integer >= 0)");
  EXPECT_THAT(error_of(with_event(R"("at_op": 20, "kind": "partition", "links": [[0, 1], [2]])")),
              HasSubstr("events[1].links[1]: found [2]; expected a [from, to] pair of node ids"));
  EXPECT_THAT(
      error_of(with_event(R"("at_op": 20, "kind": "partition", "links": [[0, 1], [2, 1.5]])")),
      HasSubstr("events[1].links[1][1]: found 1.5; expected a node id"));
  EXPECT_THAT(error_of(with_event(R"("at_op": 20, "kind": "pause", "nodes": 3)")),
              HasSubstr("events[1].nodes: found 3; expected an array of node ids"));
  EXPECT_THAT(error_of(with_event(R"("at_op": 20, "kind": "pause", "nodes": [0, 4294967296])")),
              HasSubstr("events[1].nodes[1]: found 4294967296; expected a node id"));
}

TEST(FaultScheduleParseErrors, RejectsBadOpNumbersAndValuesWithTheirPath) {
  EXPECT_EQ(error_of(R"({"events": [{"at_op": -5, "kind": "heal"}]})"),
            "faults.json: events[0].at_op: at_op is -5; expected an op number >= 0");
  EXPECT_EQ(error_of(with_event(R"("at_op": 5, "kind": "heal")")),
            "faults.json: events[1].at_op: at_op 5 is before the previous event's 10; expected "
            "events in op order");
  EXPECT_EQ(error_of(with_event(
                R"("at_op": 20, "kind": "delay-burst", "until_op": 20, "extra_delay_us": 1)")),
            "faults.json: events[1].until_op: until_op is 20; expected an op number after at_op 20");
  EXPECT_THAT(error_of(with_event(
                  R"("at_op": 20, "kind": "clock-strobe", "nodes": [0], "clock_delta_us": 5, )"
                  R"("period_us": 9, "until_op": 3)")),
              HasSubstr("events[1].until_op: until_op is 3; expected an op number after at_op 20"));
  EXPECT_THAT(error_of(with_event(R"("at_op": 20, "kind": "crash", "nodes": [-1])")),
              HasSubstr("events[1].nodes[0]: node -1 is out of range; expected a node id >= 0"));
  EXPECT_THAT(error_of(with_event(R"("at_op": 20, "kind": "crash", "nodes": [3, 3])")),
              HasSubstr("events[1].nodes[1]: node 3 appears twice"));
  EXPECT_THAT(
      error_of(with_event(
          R"("at_op": 20, "kind": "loss-burst", "until_op": 25, "loss_probability": 1.5)")),
      HasSubstr(
          "events[1].loss_probability: loss_probability is 1.5; expected a number in [0, 1]"));
  EXPECT_THAT(
      error_of(with_event(
          R"("at_op": 20, "kind": "loss-burst", "until_op": 25, "loss_probability": "high")")),
      HasSubstr("events[1].loss_probability: found \"high\"; expected a number in [0, 1]"));
  EXPECT_THAT(error_of(with_event(
                  R"("at_op": 20, "kind": "delay-burst", "until_op": 25, "extra_delay_us": -5)")),
              HasSubstr("events[1].extra_delay_us: extra_delay_us is -5; expected a positive"));
  EXPECT_THAT(
      error_of(with_event(R"("at_op": 20, "kind": "crash", "nodes": [1], "lose_volatile": "yes")")),
      HasSubstr("events[1].lose_volatile: found \"yes\"; expected true or false"));
  EXPECT_THAT(error_of(with_event(R"("at_op": 18446744073709551615, "kind": "heal")")),
              HasSubstr("events[1].at_op: found 18446744073709551615; expected an integer"));
  EXPECT_THAT(
      error_of(with_event(R"("at_op": 20, "kind": "partition", "shape": "ring", "links": [])")),
      HasSubstr("events[1].shape: shape \"ring\" is unknown; expected one of halves"));
}

TEST(FaultScheduleParseErrors, UnknownMissingAndMisplacedFieldsSayWhatTheKindTakes) {
  EXPECT_EQ(error_of(with_event(R"("at_op": 20, "kind": "crash", "node": [1])")),
            "faults.json: events[1].node: \"node\" is not a field of crash; expected only what "
            "crash takes at_op, kind, nodes, lose_volatile");
  EXPECT_THAT(error_of(with_event(R"("at_op": 20, "kind": "crash", "nodes": [1], "links": [])")),
              HasSubstr("events[1].links: \"links\" is not a field of crash"));
  EXPECT_EQ(error_of(with_event(R"("at_op": 20, "kind": "restart")")),
            "faults.json: events[1].nodes: missing; restart takes at_op, kind, nodes");
  EXPECT_THAT(error_of(with_event(R"("kind": "heal")")), HasSubstr("events[1].at_op: missing"));
  EXPECT_EQ(error_of(with_event(R"("at_op": 20, "kind": "crash", "nodes": [1], "until_op": 30)")),
            "faults.json: events[1].until_op: \"until_op\" is not a field of crash; expected only "
            "what crash takes at_op, kind, nodes, lose_volatile");
  EXPECT_THAT(error_of(with_event(R"("at_op": 20, "kind": "loss-burst", "loss_probability": 0.5)")),
              HasSubstr("events[1].until_op: missing; loss-burst takes at_op, kind, until_op"));
  EXPECT_THAT(
      error_of(with_event(
          R"("at_op": 20, "kind": "clock-strobe", "nodes": [0], "clock_delta_us": 5, "until_op": 30)")),
      HasSubstr("events[1].period_us: missing; clock-strobe takes at_op, kind, nodes, "
                "clock_delta_us, period_us, until_op"));
}

TEST(FaultScheduleParseErrors, LeavesTheNodeRangeToValidate) {
  auto parsed = parse_fault_schedule(with_event(R"("at_op": 20, "kind": "crash", "nodes": [99])"),
                                     "big.json");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  EXPECT_FALSE(validate(parsed.value(), 5).is_ok());
  EXPECT_TRUE(validate(parsed.value(), 100).is_ok());
}

}  // namespace
}  // namespace qc
