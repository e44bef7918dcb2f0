// SimConfig validation names the field; config.json round-trips byte for byte and its
// parse errors name the JSON path and what was expected.
#include <gtest/gtest.h>

#include "sim/config_json.h"

namespace qc {
namespace {

SimConfig unusual_config() {
  SimConfig config;
  config.seed = 0xfedcba9876543210ULL;
  config.store.node_count = 5;
  config.store.read_repair = ReadRepair::blocking;
  config.store.durability = Durability::volatile_;
  config.store.planted_bugs.read_returns_first_reply = true;
  config.network.latency_by_class[class_index(MessageClass::write_request)] =
      LatencyDistribution::mixture({{0.9, LatencyDistribution::uniform(100, 200)},
                                    {0.1, LatencyDistribution::pareto(1'000, 1.5)}});
  config.network.loss_probability = 0.125;
  config.clocks.offset_us = {0, -5, 10, 0, 3};
  config.clocks.drift_ppm = {0, 1.5, -2.25, 0, 0};
  config.workload.mix = {1, 2, 3};
  config.workload.think_time = LatencyDistribution::exponential(700, 10);
  config.workload.final_reads = 7;
  config.store.coordinator_placement = CoordinatorPlacement::client;
  config.network.latency_by_class[class_index(MessageClass::client_reply)] = LatencyDistribution::constant(250);
  config.storage.write_latency = LatencyDistribution::pareto(300, 2.5);
  config.scheduling = {SchedulingStrategy::pct, 2'000, 4, 500};
  return config;
}

TEST(ConfigJson, RoundTripsByteForByte) {
  const SimConfig config = unusual_config();
  ASSERT_TRUE(validate(config).is_ok());
  const std::string text = to_json(config);
  auto parsed = parse_sim_config(text, "config.json");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  // Equal bytes from the parsed config, and the fields that differ from the defaults.
  EXPECT_EQ(to_json(parsed.value()), text);
  EXPECT_EQ(parsed.value().network, config.network);
  EXPECT_EQ(parsed.value().clocks, config.clocks);
  EXPECT_EQ(parsed.value().workload, config.workload);
  EXPECT_EQ(parsed.value().seed, config.seed);
  EXPECT_TRUE(parsed.value().store.planted_bugs.read_returns_first_reply);
  EXPECT_EQ(parsed.value().store.durability, Durability::volatile_);
  EXPECT_EQ(parsed.value().store.coordinator_placement, CoordinatorPlacement::client);
  EXPECT_EQ(parsed.value().storage, config.storage);
  EXPECT_EQ(parsed.value().scheduling, config.scheduling);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("\"kind\": \"pareto\""), std::string::npos);  // readable
}

TEST(ConfigJson, MissingFieldsKeepDefaults) {
  auto parsed = parse_sim_config(R"({"seed": 9, "store": {"read_quorum": 1}})", "c");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  SimConfig expected;
  expected.seed = 9;
  expected.store.read_quorum = 1;
  EXPECT_EQ(to_json(parsed.value()), to_json(expected));
  // The time order is the default, and a config in it says nothing of scheduling, so
  // configs written before scheduling existed read and write the same bytes.
  EXPECT_EQ(to_json(expected).find("scheduling"), std::string::npos);
}

void expect_error(const std::string& text, const std::string& fragment) {
  auto parsed = parse_sim_config(text, "config.json");
  ASSERT_FALSE(parsed.is_ok()) << text;
  EXPECT_NE(parsed.status().message().find(fragment), std::string::npos)
      << parsed.status().message();
  EXPECT_EQ(parsed.status().message().rfind("config.json:", 0), 0u);
}

TEST(ConfigJson, ErrorsNamePathAndExpectation) {
  expect_error("{", "config.json:1:2: the JSON ends too early (truncated file?)");
  expect_error("{\n  \"seed\": ,\n}", "config.json:2:11: not valid JSON");
  expect_error(R"({"network": {"loss_probability": "high"}})",
               "$.network.loss_probability: expected a number");
  expect_error(R"({"store": {"read_repair": "eager"}})",
               "$.store.read_repair: expected one of none, async, blocking");
  expect_error(R"({"workload": {"clients": -1}})", "$.workload.clients: expected a non-negative");
  // 2^63 does not fit a signed 64-bit field: refused, not wrapped to -2^63.
  expect_error(R"({"virtual_time_us_max": 9223372036854775808})", "$.virtual_time_us_max: expected an integer in range");
  expect_error(R"({"workload": {"cleints": 3}})", "$.workload.cleints: is not a known field");
  expect_error(R"({"network": {"latency": {"write_ack": {"kind": "normal"}}}})",
               "$.network.latency.write_ack.kind: expected one of constant");
  expect_error(R"({"network": {"latency": {"hint": {"kind": "mixture", "components":
               [{"weight": 1, "distribution": {"kind": "uniform", "low_us": true}}]}}}})",
               "$.network.latency.hint.components[0].distribution.low_us");
  expect_error(R"({"store": {"coordinator_placement": "leader"}})",
               "$.store.coordinator_placement: expected one of any, replica, client");
  expect_error(R"({"storage": {"apply_latency": {}}})", "$.storage.apply_latency: is not a known field");
  expect_error(R"({"version": 2})", "$.version: expected 1");
  expect_error(R"({"clocks": {"offset_us": [1, "x"]}})", "$.clocks.offset_us[1]");
  // Parses, but is not a usable configuration: validate()'s message, naming the field.
  expect_error(R"({"store": {"read_quorum": 4}})", "read_quorum");
  expect_error(R"({"network": {"loss_probability": 2}})", "network.loss_probability");
  expect_error(R"({"scheduling": {"strategy": "fifo"}})", "$.scheduling.strategy: expected one of time, random, pct");
  expect_error(R"({"scheduling": {"strategy": "pct", "pct_depth": 0}})", "scheduling.pct_depth");
}

TEST(SimConfigValidate, NamesTheField) {
  const auto message = [](SimConfig config) { return validate(config).message(); };
  SimConfig config;
  EXPECT_TRUE(validate(config).is_ok());
  config.workload.clients = 0;
  EXPECT_NE(message(config).find("workload.clients"), std::string::npos);
  config = SimConfig{};
  config.clocks.offset_us = {1, 2};
  EXPECT_NE(message(config).find("clocks.offset_us"), std::string::npos);
  config = SimConfig{};
  config.network.reorder_probability = -0.1;
  EXPECT_NE(message(config).find("network.reorder_probability"), std::string::npos);
  config = SimConfig{};
  config.network.latency_by_class[class_index(MessageClass::read_response)] =
      LatencyDistribution::uniform(3, 1);
  EXPECT_NE(message(config).find("network.latency.read_response"), std::string::npos);
  config = SimConfig{};
  config.store.write_quorum = 9;
  EXPECT_NE(message(config).find("store: "), std::string::npos);
  config = SimConfig{};
  config.workload.mix = {0, 0, 0};
  EXPECT_NE(message(config).find("workload.mix"), std::string::npos);
}

}  // namespace
}  // namespace qc
