#include <gtest/gtest.h>

#include "impl/config.h"

namespace qc {
namespace {

void expect_usage_error(const Config& config, const std::string& mentions) {
  const Status status = validate(config);
  ASSERT_FALSE(status.is_ok()) << "expected an error mentioning " << mentions;
  EXPECT_EQ(status.kind(), ErrorKind::usage);
  EXPECT_NE(status.message().find(mentions), std::string::npos) << status.message();
}

TEST(ConfigTest, DefaultIsValid) { EXPECT_TRUE(validate(Config{}).is_ok()); }

TEST(ConfigTest, QuorumsMustFitTheReplicationFactor) {
  Config config;
  config.read_quorum = 4;  // N = 3
  expect_usage_error(config, "read_quorum (R) = 4, expected 1 <= R <= N (N = 3)");
  config = Config{};
  config.write_quorum = 0;
  expect_usage_error(config, "write_quorum (W) = 0");
  config = Config{};
  config.replication_factor = 4;  // M = 3
  expect_usage_error(config, "replication_factor (N) = 4");
  config = Config{};
  config.node_count = 0;
  expect_usage_error(config, "node_count (M) = 0");
}

TEST(ConfigTest, RingAndTreeShapeAreChecked) {
  Config config;
  config.virtual_nodes_per_node = 0;
  expect_usage_error(config, "virtual_nodes_per_node");
  config = Config{};
  config.merkle_depth = 0;
  expect_usage_error(config, "merkle_depth");
}

TEST(ConfigTest, DurationsMustBePositive) {
  Config config;
  config.request_timeout_us = 0;
  expect_usage_error(config, "request_timeout_us = 0, expected > 0");
  config = Config{};
  config.tombstone_grace_us = -5;
  expect_usage_error(config, "tombstone_grace_us = -5");
  config = Config{};
  config.anti_entropy_interval_us = 0;
  expect_usage_error(config, "anti_entropy_interval_us");
  config = Config{};
  config.flush_interval_us = 0;
  expect_usage_error(config, "flush_interval_us");
  config = Config{};
  config.hint_retry_interval_us = 0;
  expect_usage_error(config, "hint_retry_interval_us = 0, expected > 0");
}

TEST(ConfigTest, HintRetryCapIsAtLeastTheFirstInterval) {
  Config config;
  config.hint_retry_interval_us = 500'000;
  config.hint_retry_interval_us_max = 400'000;
  expect_usage_error(config, "hint_retry_interval_us_max = 400000, expected >= "
                             "hint_retry_interval_us (500000)");
}

TEST(ConfigTest, SmallestClusterIsValid) {
  Config config;
  config.node_count = config.replication_factor = config.read_quorum = config.write_quorum = 1;
  EXPECT_TRUE(validate(config).is_ok());
}

}  // namespace
}  // namespace qc
