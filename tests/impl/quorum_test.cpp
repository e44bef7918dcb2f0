// Quorum counting, timeouts as info, fail-fast, and ABD writers.
#include <gtest/gtest.h>

#include <algorithm>

#include "pump.h"

namespace qc::test {
namespace {

Config three_nodes(std::uint32_t r, std::uint32_t w) {
  Config config;
  config.node_count = 3;
  config.replication_factor = 3;
  config.read_quorum = r;
  config.write_quorum = w;
  config.anti_entropy = false;  // keep the message stream to what the test drives
  return config;
}

TEST(QuorumTest, WriteSucceedsAfterWAcks) {
  Cluster cluster(three_nodes(2, 2));
  cluster.submit(0, ClientOp::put, "k", "v1");
  EXPECT_FALSE(cluster.node(0).version_of("k")) << "its own copy waits for the driver";
  ASSERT_TRUE(cluster.deliver_first(from_to(0, 0)));  // the coordinator's own write
  ASSERT_TRUE(cluster.deliver_first(from_to(0, 0)));  // and its own ack
  EXPECT_FALSE(cluster.reply_to(1)) << "only the coordinator's own ack so far";
  ASSERT_TRUE(cluster.deliver_first(is_to<WriteRequest>(1)));
  ASSERT_TRUE(cluster.deliver_first(is<WriteAck>()));
  const auto reply = cluster.reply_to(1);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->outcome, ReplyOutcome::ok);
  EXPECT_EQ(reply->version, (Version{0, 0, false, "v1"}));
  EXPECT_EQ(cluster.node(1).version_of("k")->value, "v1");
  EXPECT_FALSE(cluster.node(2).version_of("k")) << "its request is still in flight";
}

TEST(QuorumTest, WriteWithWMinusOneAcksTimesOutAsInfoAndIsNotRolledBack) {
  Cluster cluster(three_nodes(2, 3));
  cluster.submit(0, ClientOp::put, "k", "v1");
  cluster.drop_all(is_to<WriteRequest>(2));
  cluster.deliver_all();  // node 1 stores and acks: 2 of 3
  EXPECT_FALSE(cluster.reply_to(1));
  cluster.advance_to(Config{}.request_timeout_us);
  const auto reply = cluster.reply_to(1);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->outcome, ReplyOutcome::info);
  EXPECT_EQ(reply->version, cluster.node(1).version_of("k"));  // names what may surface
  EXPECT_EQ(cluster.node(1).version_of("k")->value, "v1");
  EXPECT_EQ(cluster.node(0).pending_requests(), 0u);
}

TEST(QuorumTest, ReadAnswersAfterRRepliesWithTheNewestVersion) {
  Cluster cluster(three_nodes(2, 1));
  cluster.submit(0, ClientOp::put, "k", "old");
  cluster.deliver_all();
  cluster.advance_to(10);
  cluster.submit(1, ClientOp::put, "k", "new");  // W = 1: node 1 alone
  ASSERT_TRUE(cluster.deliver_first(from_to(1, 1)));  // its own write and ack
  ASSERT_TRUE(cluster.deliver_first(from_to(1, 1)));
  cluster.drop_all([](const Envelope&) { return true; });
  cluster.submit(2, ClientOp::get, "k");  // node 2 holds "old"; node 1 "new"
  ASSERT_TRUE(cluster.deliver_first(from_to(2, 2)));  // its own read and reply
  ASSERT_TRUE(cluster.deliver_first(from_to(2, 2)));
  EXPECT_FALSE(cluster.reply_to(3));
  ASSERT_TRUE(cluster.deliver_first(is_to<ReadRequest>(1)));
  ASSERT_TRUE(cluster.deliver_first(is<ReadResponse>()));
  const auto reply = cluster.reply_to(3);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->outcome, ReplyOutcome::ok);
  EXPECT_EQ(reply->value, "new");
}

TEST(QuorumTest, ReadWithoutRRepliesTimesOutAsInfo) {
  Cluster cluster(three_nodes(3, 1));
  cluster.submit(0, ClientOp::get, "k");
  cluster.drop_all(is_to<ReadRequest>(2));
  cluster.deliver_all();
  cluster.advance_to(Config{}.request_timeout_us);
  ASSERT_TRUE(cluster.reply_to(1));
  EXPECT_EQ(cluster.reply_to(1)->outcome, ReplyOutcome::info);
}

TEST(QuorumTest, DeleteLeavesATombstoneAndReadsFindNothing) {
  Cluster cluster(three_nodes(2, 2));
  cluster.submit(0, ClientOp::put, "k", "v");
  cluster.deliver_all();
  cluster.advance_to(5);
  cluster.submit(1, ClientOp::del, "k");
  cluster.deliver_all();
  cluster.submit(2, ClientOp::get, "k");
  cluster.deliver_all();
  ASSERT_EQ(cluster.replies().size(), 3u);
  EXPECT_EQ(cluster.reply_to(3)->outcome, ReplyOutcome::ok);
  EXPECT_FALSE(cluster.reply_to(3)->value);
  EXPECT_TRUE(cluster.node(2).version_of("k")->tombstone);
}

TEST(QuorumTest, StrictQuorumFailsFastWhenTooFewReplicasAreUp) {
  Cluster cluster(three_nodes(2, 2));
  cluster.peer_status(0, 1, false);
  cluster.peer_status(0, 2, false);
  cluster.submit(0, ClientOp::put, "k", "v");
  ASSERT_TRUE(cluster.reply_to(1));
  EXPECT_EQ(cluster.reply_to(1)->outcome, ReplyOutcome::fail);
  EXPECT_TRUE(cluster.in_flight().empty()) << "fail means nothing was sent";
  EXPECT_FALSE(cluster.node(0).version_of("k"));
}

// R = 1, W = 3 and node 2 known down: a read phase could finish, a write phase never.
std::optional<ClientReply> reply_with_one_replica_down(ReadRepair repair, bool abd_writers,
                                                       ClientOp op) {
  Config config = three_nodes(1, 3);
  config.read_repair = repair;
  config.abd_writers = abd_writers;
  Cluster cluster(config);
  cluster.peer_status(0, 2, false);
  cluster.submit(0, op, "k", "v");
  EXPECT_TRUE(cluster.in_flight().empty()) << "fail means nothing was sent";
  return cluster.reply_to(1);
}

TEST(QuorumTest, AbdWriteFailsFastWhenItsWritePhaseCannotReachW) {
  const auto reply = reply_with_one_replica_down(ReadRepair::none, true, ClientOp::put);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->outcome, ReplyOutcome::fail);
  EXPECT_EQ(reply->reason, "only 2 replicas reachable, the write phase needs W = 3");
}

TEST(QuorumTest, BlockingReadFailsFastWhenItsWriteBackCannotReachW) {
  const auto reply = reply_with_one_replica_down(ReadRepair::blocking, false, ClientOp::get);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->outcome, ReplyOutcome::fail);
  EXPECT_EQ(reply->reason, "only 2 replicas reachable, the write-back phase needs W = 3");
}

TEST(QuorumTest, AsyncRepairReadNeedsOnlyRReachable) {
  Config config = three_nodes(1, 3);
  config.read_repair = ReadRepair::async;
  Cluster cluster(config);
  cluster.peer_status(0, 2, false);
  cluster.submit(0, ClientOp::get, "k");
  EXPECT_FALSE(cluster.reply_to(1)) << "its own copy waits for the driver";
  ASSERT_TRUE(cluster.deliver_first(from_to(0, 0)));  // its own read and reply
  ASSERT_TRUE(cluster.deliver_first(from_to(0, 0)));
  ASSERT_TRUE(cluster.reply_to(1)) << "R = 1: the coordinator's own copy answers";
  EXPECT_EQ(cluster.reply_to(1)->outcome, ReplyOutcome::ok);
}

TEST(QuorumTest, DuplicateAcksCountOnce) {
  Cluster cluster(three_nodes(2, 3));
  cluster.submit(0, ClientOp::put, "k", "v");
  cluster.drop_all(is_to<WriteRequest>(2));
  const auto& in_flight = cluster.in_flight();
  const Envelope request = *std::find_if(in_flight.begin(), in_flight.end(), is_to<WriteRequest>(1));
  cluster.deliver_all();
  cluster.node(1).on_message(Clock{1, 1}, request);  // a duplicated request
  Outputs again = cluster.node(1).on_message(Clock{1, 1}, request);
  ASSERT_EQ(again.messages.size(), 1u);
  cluster.node(0).on_message(Clock{1, 1}, again.messages[0]);  // a second ack from 1
  EXPECT_FALSE(cluster.reply_to(1));
  EXPECT_EQ(cluster.node(0).pending_requests(), 1u);
}

// Clock skew: node 0's clock runs far ahead, so its older write outranks a later one.
Cluster skewed_writes(bool abd_writers) {
  Config config = three_nodes(2, 2);
  config.abd_writers = abd_writers;
  Cluster cluster(config);
  cluster.set_skew(0, 1'000'000'000);
  cluster.submit(0, ClientOp::put, "k", "first");
  cluster.deliver_all();
  cluster.advance_to(100);
  cluster.submit(1, ClientOp::put, "k", "second");
  cluster.deliver_all();
  cluster.submit(2, ClientOp::get, "k");
  cluster.deliver_all();
  return cluster;
}

TEST(AbdWritersTest, PlainLwwLosesTheLaterWriteUnderSkew) {
  Cluster cluster = skewed_writes(false);
  EXPECT_EQ(cluster.reply_to(2)->outcome, ReplyOutcome::ok);  // acknowledged, yet lost
  EXPECT_EQ(cluster.reply_to(3)->value, "first");
}

TEST(AbdWritersTest, WriterStampsAboveTheHighestTimestampItRead) {
  Cluster cluster = skewed_writes(true);
  EXPECT_EQ(cluster.reply_to(2)->outcome, ReplyOutcome::ok);
  EXPECT_EQ(cluster.reply_to(3)->value, "second");
  EXPECT_EQ(cluster.reply_to(3)->version->timestamp_us, 1'000'000'000 + 1);
}

TEST(AbdWritersTest, WriterReadsBeforeItWrites) {
  Config config = three_nodes(2, 2);
  config.abd_writers = true;
  Cluster cluster(config);
  cluster.submit(0, ClientOp::put, "k", "v");
  EXPECT_EQ(cluster.count_in_flight(is<WriteRequest>()), 0u);
  EXPECT_EQ(cluster.count_in_flight(is<ReadRequest>()), 3u) << "its own copy is read through the driver too";
  cluster.deliver_first(from_to(0, 0));  // its own read and reply
  cluster.deliver_first(from_to(0, 0));
  cluster.deliver_first(is_to<ReadRequest>(1));
  cluster.deliver_first(is<ReadResponse>());
  EXPECT_EQ(cluster.count_in_flight(is<WriteRequest>()), 3u);
}

}  // namespace
}  // namespace qc::test
