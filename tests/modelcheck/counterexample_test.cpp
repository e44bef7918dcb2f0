#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "modelcheck/counterexample.h"

namespace qc {
namespace {

CounterexampleFile explore_inversion() {
  Scope scope;
  scope.store.read_repair = ReadRepair::async;
  scope.workload = parse_workload_text("c0: write k0; c1: read k0, read k0").value();
  auto properties = parse_property_list("linearizable");
  const ExploreResult result = explore(scope, properties.value(), ExploreLimits{}, CheckBudget{});
  EXPECT_EQ(result.outcome, ExploreOutcome::refuted);
  return make_counterexample_file(scope, *result.counterexample);
}

// Explored once for all the tests below (a few seconds).
CounterexampleFile inversion_file() {
  static const CounterexampleFile file = explore_inversion();
  return file;
}

TEST(CounterexampleFile, WrittenParsedAndReplayedGivesTheSameHistoryAndVerdict) {
  const CounterexampleFile file = inversion_file();
  const std::string json = counterexample_to_json(file);
  EXPECT_TRUE(looks_like_counterexample(json));
  auto parsed = parse_counterexample(json, "ce.json");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  EXPECT_EQ(parsed.value().scope, file.scope);
  EXPECT_EQ(parsed.value().steps, file.steps);
  EXPECT_EQ(counterexample_to_json(parsed.value()), json);  // byte for byte
  auto replayed = replay_counterexample(parsed.value(), CheckBudget{});
  ASSERT_TRUE(replayed.is_ok()) << replayed.status().message();
  EXPECT_TRUE(replayed.value().reproduces());
  EXPECT_EQ(replayed.value().descriptions, file.descriptions);
}

TEST(CounterexampleFile, AStepThatIsNotEnabledIsAnErrorNamingIt) {
  CounterexampleFile file = inversion_file();
  ASSERT_GE(file.steps.size(), 3u);
  file.steps[1].message ^= 1;  // a message that is not in flight
  auto replayed = replay_counterexample(file, CheckBudget{});
  ASSERT_FALSE(replayed.is_ok());
  EXPECT_NE(replayed.status().message().find("step 2"), std::string::npos) << replayed.status().message();
}

TEST(CounterexampleFile, AFixedStoreNoLongerReproduces) {
  CounterexampleFile file = inversion_file();
  file.scope.store.read_repair = ReadRepair::blocking;  // replayed against a different store
  auto replayed = replay_counterexample(file, CheckBudget{});
  EXPECT_TRUE(!replayed.is_ok() || !replayed.value().reproduces());
}

TEST(CounterexampleFile, MalformedFilesNameTheField) {
  const std::string json = counterexample_to_json(inversion_file());
  auto wrong_kind = json;
  wrong_kind.replace(wrong_kind.find("\"kind\": \"invoke\""), 16, "\"kind\": \"jump\"  ");
  auto parsed = parse_counterexample(wrong_kind, "ce.json");
  ASSERT_FALSE(parsed.is_ok());
  EXPECT_NE(parsed.status().message().find("$.steps["), std::string::npos) << parsed.status().message();
  auto bad_version = json;
  bad_version.replace(bad_version.find("\"format_version\": 1"), 19, "\"format_version\": 9");
  parsed = parse_counterexample(bad_version, "ce.json");
  ASSERT_FALSE(parsed.is_ok());
  EXPECT_NE(parsed.status().message().find("format_version"), std::string::npos);
  auto no_hash = nlohmann::ordered_json::parse(json);
  no_hash.erase("history_fnv1a64");
  parsed = parse_counterexample(no_hash.dump(), "ce.json");
  ASSERT_FALSE(parsed.is_ok());
  EXPECT_NE(parsed.status().message().find("history_fnv1a64"), std::string::npos) << parsed.status().message();
  auto bad_outcome = nlohmann::ordered_json::parse(json);
  bad_outcome["verdict"]["outcome"] = "maybe";
  parsed = parse_counterexample(bad_outcome.dump(), "ce.json");
  ASSERT_FALSE(parsed.is_ok());
  EXPECT_NE(parsed.status().message().find("$.verdict.outcome"), std::string::npos) << parsed.status().message();
  EXPECT_FALSE(parse_counterexample("{\"format\": \"quorumcheck-counterexample\"}", "ce.json").is_ok());
  EXPECT_FALSE(parse_counterexample("[1, 2", "ce.json").is_ok());
}

}  // namespace
}  // namespace qc
