// Repro bundles: one JSON file that round-trips, replays to the same history from its
// own contents, notices when it no longer reproduces, and rejects malformed input
// naming the field.
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "explore/bundle.h"
#include "explore/campaign.h"
#include "explore_helpers.h"

namespace qc {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::ordered_json;

// A bundle of a real failure: the inversion campaign's shrunk case.
Bundle inversion_bundle() {
  CampaignOptions options;
  options.space = test::inversion_space();
  options.properties = {"linearizable"};
  options.cases = 300;
  options.out_dir = test::fresh_dir("bundle");
  auto result = run_campaign(options);
  EXPECT_TRUE(result.is_ok());
  const std::string path = result.value().properties.at(0).refutations.at(0).bundle_path;
  auto bundle = read_bundle(path);
  EXPECT_TRUE(bundle.is_ok()) << bundle.status().message();
  return bundle.value();
}

TEST(Bundle, RoundTripsByteForByte) {
  const Bundle bundle = inversion_bundle();
  const std::string json = bundle_to_json(bundle);
  auto parsed = parse_bundle(json, "b.json");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  EXPECT_EQ(bundle_to_json(parsed.value()), json);
  EXPECT_EQ(parsed.value().property, "linearizable");
  EXPECT_EQ(parsed.value().tool_version, explore_tool_version());
  EXPECT_EQ(parsed.value().history_hash, history_fnv1a64(parsed.value().history_jsonl));
}

TEST(Bundle, ReplaysFromItsOwnContentsToTheSameHistory) {
  const Bundle bundle = inversion_bundle();
  auto replay = replay_bundle(bundle);
  ASSERT_TRUE(replay.is_ok());
  EXPECT_TRUE(replay.value().same_history);
  EXPECT_EQ(replay.value().history_hash, bundle.history_hash);
  EXPECT_TRUE(replay.value().reproduces());
  EXPECT_THAT(replay.value().verdict.text, HasSubstr("not linearizable"));
}

TEST(Bundle, ATamperedBundleNoLongerReproduces) {
  Bundle bundle = inversion_bundle();
  bundle.repro.config.seed += 1;  // another run entirely
  auto replay = replay_bundle(bundle);
  ASSERT_TRUE(replay.is_ok());
  EXPECT_FALSE(replay.value().same_history);
  EXPECT_FALSE(replay.value().reproduces());
}

// The bundle's JSON with one change applied, parsed back.
Result<Bundle> parse_edited(const std::function<void(Json&)>& edit) {
  Json json = Json::parse(bundle_to_json(inversion_bundle()));
  edit(json);
  return parse_bundle(json.dump(), "b.json");
}

void expect_malformed(const Result<Bundle>& parsed, const std::string& message_part) {
  ASSERT_FALSE(parsed.is_ok());
  EXPECT_EQ(parsed.status().kind(), ErrorKind::malformed);
  EXPECT_THAT(parsed.status().message(), HasSubstr(message_part));
}

TEST(Bundle, MalformedBundlesNameTheField) {
  expect_malformed(parse_bundle("{not json", "b.json"), "b.json:1:3: not valid JSON");
  expect_malformed(parse_bundle("[1]", "b.json"), "expected a bundle object");
  expect_malformed(parse_edited([](Json& j) { j.erase("faults"); }), "b.json: $.faults: missing");
  expect_malformed(parse_edited([](Json& j) { j["format_version"] = 99; }), "$.format_version: expected 2 or 3, got 99");
  expect_malformed(parse_edited([](Json& j) { j["format_version"] = 1; }), "written by quorumcheck 0.1");
  expect_malformed(parse_edited([](Json& j) { j["history"] = "x"; }), "$.history: expected an array");
  expect_malformed(parse_edited([](Json& j) { j["verdict"]["outcome"] = "maybe"; }), "$.verdict.outcome");
  expect_malformed(parse_edited([](Json& j) { j["config"]["store"]["colour"] = 1; }), "b.json: $.config");
  expect_malformed(parse_edited([](Json& j) { j["seed"] = 12345; }), "$.seed: 12345 differs from $.config.seed");
  expect_malformed(parse_edited([](Json& j) {
                     j["faults"]["events"] = Json::parse(R"([{"at_us": 1, "kind": "crash", "nodes": [9]}])");
                   }),
                   "$.faults");
  // Version 2 replays alike unless a delay burst held every message exactly its delay.
  const auto delay_burst = Json::parse(R"({"at_op": 1, "kind": "delay-burst", "until_op": 3, "extra_delay_us": 500})");
  expect_malformed(parse_edited([&](Json& j) {
                     j["format_version"] = 2;
                     j["faults"]["events"] = Json::array({delay_burst});
                   }),
                   "2 with a delay burst in $.faults");
  EXPECT_TRUE(parse_edited([&](Json& j) { j["faults"]["events"] = Json::array({delay_burst}); }).is_ok());
  EXPECT_TRUE(parse_edited([](Json& j) { j["format_version"] = 2; }).is_ok());
  const auto missing = read_bundle("/nonexistent/bundle.json");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().kind(), ErrorKind::io);
}

}  // namespace
}  // namespace qc
