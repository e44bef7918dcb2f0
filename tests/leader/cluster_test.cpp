// The leader-based store under the test driver: elections, forwarding, durability of
// acknowledged writes across a failover (sync) and their loss (async), stale follower
// reads, a leader cut off in a minority, restart from records, and determinism.
#include <gtest/gtest.h>

#include "raft_cluster.h"

namespace qc::test {
namespace {

constexpr std::int64_t kSecondUs = 1'000'000;

void expect_one_leader_per_term(const RaftCluster& cluster) {
  for (const auto& [term, leaders] : cluster.leaders_by_term())
    EXPECT_LE(leaders.size(), 1u) << "term " << term << " had " << leaders.size() << " leaders";
}

NodeId some_follower(const RaftCluster& cluster, NodeId leader) {
  return (leader + 1) % cluster.config().node_count;
}

TEST(LeaderElectionTest, ALeaderIsElectedWithinAFewElectionTimeouts) {
  const Config config = leader_config(3);
  // Split votes can cost a round each; four rounds of the longest timeout is generous
  // for random timeouts 150 ms apart at most, and a stuck election would blow it.
  const std::int64_t bound_us = 4 * config.leader.election_timeout_max_us;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    RaftCluster cluster(config, seed);
    const bool elected = cluster.run_until([&] { return cluster.leader().has_value(); }, bound_us);
    EXPECT_TRUE(elected) << "seed " << seed;
    EXPECT_GE(cluster.now_us(), config.leader.election_timeout_min_us) << "seed " << seed;
    // Then it stays: heartbeats keep every follower from standing for election.
    const std::uint64_t term = cluster.node(*cluster.leader()).term();
    cluster.run_for(3 * kSecondUs);
    ASSERT_TRUE(cluster.leader()) << "seed " << seed;
    for (NodeId id = 0; id < 3; ++id) EXPECT_EQ(cluster.node(id).term(), term) << "seed " << seed;
    expect_one_leader_per_term(cluster);
  }
}

TEST(LeaderElectionTest, ANewLeaderTakesOverAfterTheLeaderCrashes) {
  RaftCluster cluster(leader_config(5), 7);
  const NodeId first = *cluster.stable_leader(2 * kSecondUs);
  const std::uint64_t first_term = cluster.node(first).term();
  cluster.crash(first);
  const std::optional<NodeId> second = cluster.stable_leader(2 * kSecondUs);
  ASSERT_TRUE(second);
  EXPECT_NE(*second, first);
  EXPECT_GT(cluster.node(*second).term(), first_term);
  cluster.restart(first);
  cluster.run_for(kSecondUs);
  EXPECT_EQ(cluster.node(first).role(), LeaderNode::Role::follower);
  EXPECT_EQ(cluster.node(first).known_leader(), second);
  expect_one_leader_per_term(cluster);
}

TEST(LeaderClientTest, APutToAFollowerIsForwardedAndAcknowledged) {
  RaftCluster cluster(leader_config(3), 11);
  const NodeId leader = *cluster.stable_leader(2 * kSecondUs);
  const NodeId follower = some_follower(cluster, leader);
  const std::uint64_t put = cluster.submit(follower, ClientOp::put, "k", "v1");
  const std::optional<ClientReply> reply = cluster.await(put, kSecondUs);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->outcome, ReplyOutcome::ok) << reply->reason;
  ASSERT_TRUE(reply->version);
  EXPECT_EQ(reply->version->value, "v1");
  EXPECT_EQ(reply->version->node, leader);  // the leader stamps it
  cluster.run_for(kSecondUs / 5);           // a heartbeat carries the commit index
  for (NodeId id = 0; id < 3; ++id) EXPECT_EQ(cluster.node(id).version_of("k"), reply->version);

  const std::uint64_t del = cluster.submit(follower, ClientOp::del, "k");
  ASSERT_EQ(cluster.await(del, kSecondUs)->outcome, ReplyOutcome::ok);
  const std::uint64_t get = cluster.submit(follower, ClientOp::get, "k");
  const std::optional<ClientReply> read = cluster.await(get, kSecondUs);
  ASSERT_EQ(read->outcome, ReplyOutcome::ok) << read->reason;
  EXPECT_FALSE(read->value);  // deleted
  EXPECT_FALSE(read->version);
  EXPECT_TRUE(cluster.node(leader).version_of("k")->tombstone);  // kept as stored
}

TEST(LeaderClientTest, ARequestWaitsForALeaderAndIsServedOnceOneIsKnown) {
  RaftCluster cluster(leader_config(3), 3);
  const std::uint64_t put = cluster.submit(0, ClientOp::put, "k", "v");  // at 0: nobody leads yet
  cluster.run_for(1);
  EXPECT_FALSE(cluster.reply_to(put)) << "held, not refused";
  const std::optional<ClientReply> reply = cluster.await(put, kSecondUs);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->outcome, ReplyOutcome::ok) << reply->reason;
  EXPECT_GE(cluster.now_us(), cluster.config().leader.election_timeout_min_us) << "not before an election";
}

TEST(LeaderClientTest, WithNoLeaderWithinTheTimeoutARequestFailsHavingDoneNothing) {
  RaftCluster cluster(leader_config(3), 3);
  cluster.set_drop([](const Envelope&) { return true; });  // nobody hears anybody: no leader
  const std::uint64_t put = cluster.submit(0, ClientOp::put, "k", "v");
  const std::optional<ClientReply> reply = cluster.await(put, kSecondUs);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->outcome, ReplyOutcome::fail) << reply->reason;
  EXPECT_EQ(cluster.now_us(), cluster.config().request_timeout_us);
  EXPECT_FALSE(cluster.node(0).version_of("k"));
}

TEST(LeaderClientTest, AForwardWithoutAnswerEndsAsInfoAfterTheRequestTimeout) {
  RaftCluster cluster(leader_config(3), 31);
  const NodeId leader = *cluster.stable_leader(2 * kSecondUs);
  const NodeId follower = some_follower(cluster, leader);
  cluster.set_drop([](const Envelope& e) { return std::holds_alternative<ForwardReply>(e.message); });
  const std::int64_t sent_us = cluster.now_us();
  const std::uint64_t put = cluster.submit(follower, ClientOp::put, "k", "v");
  const std::optional<ClientReply> reply = cluster.await(put, kSecondUs);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->outcome, ReplyOutcome::info) << reply->reason;  // it did commit, in fact
  EXPECT_EQ(cluster.now_us() - sent_us, cluster.config().request_timeout_us);
  EXPECT_EQ(cluster.node(leader).version_of("k")->value, "v");
  EXPECT_EQ(cluster.node(follower).pending_requests(), 0u);
}

TEST(LeaderClientTest, CommittedVersionsGrowInLogOrderDespiteASlowClock) {
  RaftCluster cluster(leader_config(3), 5);
  const NodeId leader = *cluster.stable_leader(2 * kSecondUs);
  std::vector<Version> versions;
  for (int i = 0; i < 5; ++i) {
    if (i == 2) cluster.set_skew(leader, -kSecondUs);  // its wall clock jumps back
    const std::uint64_t put = cluster.submit(leader, ClientOp::put, "k" + std::to_string(i % 2), "v" + std::to_string(i));
    versions.push_back(*cluster.await(put, kSecondUs)->version);
  }
  for (std::size_t i = 1; i < versions.size(); ++i)
    EXPECT_GT(versions[i].timestamp_us, versions[i - 1].timestamp_us);
}

// Writes "v" through the leader, crashes the leader once the client has its answer (in
// async mode before any follower heard of it), and reads through the new leader.
struct FailoverResult {
  ClientReply write;
  ClientReply read;
};
FailoverResult write_then_fail_over(Config config, std::uint64_t seed) {
  RaftCluster cluster(config, seed);
  const NodeId leader = *cluster.stable_leader(2 * kSecondUs);
  if (config.leader.replication == LeaderReplication::async)
    cluster.set_drop([&](const Envelope& e) { return e.from == leader; });
  const std::uint64_t put = cluster.submit(leader, ClientOp::put, "k", "v");
  FailoverResult result;
  result.write = *cluster.await(put, kSecondUs);
  cluster.crash(leader);
  cluster.set_drop(nullptr);
  const std::optional<NodeId> next = cluster.stable_leader(2 * kSecondUs);
  EXPECT_TRUE(next);
  const std::uint64_t get = cluster.submit(*next, ClientOp::get, "k");
  result.read = *cluster.await(get, kSecondUs);
  expect_one_leader_per_term(cluster);
  return result;
}

TEST(LeaderDurabilityTest, SyncAcknowledgedWriteSurvivesTheLeadersCrash) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const FailoverResult result = write_then_fail_over(leader_config(3), seed);
    ASSERT_EQ(result.write.outcome, ReplyOutcome::ok);
    ASSERT_EQ(result.read.outcome, ReplyOutcome::ok) << result.read.reason;
    EXPECT_EQ(result.read.value, "v") << "seed " << seed;
    EXPECT_EQ(result.read.version, result.write.version);
  }
}

TEST(LeaderDurabilityTest, AsyncAcknowledgedWriteIsLostWhenTheLeaderCrashesFirst) {
  Config config = leader_config(3);
  config.leader.replication = LeaderReplication::async;
  const FailoverResult result = write_then_fail_over(config, 1);
  ASSERT_EQ(result.write.outcome, ReplyOutcome::ok);  // acknowledged...
  ASSERT_EQ(result.read.outcome, ReplyOutcome::ok) << result.read.reason;
  EXPECT_FALSE(result.read.value);  // ...and gone
}

TEST(LeaderReadTest, FollowerReadsCanBeStale) {
  Config config = leader_config(3);
  config.leader.reads = LeaderReads::follower;
  RaftCluster cluster(config, 13);
  const NodeId leader = *cluster.stable_leader(2 * kSecondUs);
  const NodeId lagging = some_follower(cluster, leader);
  cluster.set_drop([&](const Envelope& e) { return e.to == lagging; });  // it hears nothing
  const std::uint64_t put = cluster.submit(leader, ClientOp::put, "k", "new");
  ASSERT_EQ(cluster.await(put, kSecondUs)->outcome, ReplyOutcome::ok);
  const std::uint64_t stale = cluster.submit(lagging, ClientOp::get, "k");
  const std::uint64_t fresh = cluster.submit(leader, ClientOp::get, "k");
  cluster.run_for(1);
  ASSERT_EQ(cluster.reply_to(stale)->outcome, ReplyOutcome::ok);  // at once, from its own state
  EXPECT_FALSE(cluster.reply_to(stale)->value);
  EXPECT_EQ(cluster.reply_to(fresh)->value, "new");
}

TEST(LeaderPartitionTest, AMinorityLeaderCannotCommitWhileTheMajorityMovesOn) {
  RaftCluster cluster(leader_config(5), 17);
  const NodeId old_leader = *cluster.stable_leader(2 * kSecondUs);
  const std::uint64_t old_term = cluster.node(old_leader).term();
  const NodeId buddy = some_follower(cluster, old_leader);
  cluster.partition({old_leader, buddy});
  const std::uint64_t put = cluster.submit(old_leader, ClientOp::put, "k", "lost");
  const std::optional<ClientReply> reply = cluster.await(put, 2 * kSecondUs);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->outcome, ReplyOutcome::info) << reply->reason;  // never ok
  EXPECT_EQ(reply->version->value, "lost");
  EXPECT_EQ(cluster.node(old_leader).role(), LeaderNode::Role::leader);  // it does not know yet

  // The majority side has elected a leader of a later term that commits.
  const std::optional<NodeId> new_leader = cluster.leader();
  ASSERT_TRUE(new_leader);
  EXPECT_NE(*new_leader, old_leader);
  EXPECT_GT(cluster.node(*new_leader).term(), old_term);
  const std::uint64_t put2 = cluster.submit(*new_leader, ClientOp::put, "k", "kept");
  EXPECT_EQ(cluster.await(put2, kSecondUs)->outcome, ReplyOutcome::ok);

  // Healed: the old leader steps down and its uncommitted entry is cut from its log,
  // durably (a log_truncate record before the new entries).
  cluster.heal();
  cluster.run_for(kSecondUs);
  EXPECT_EQ(cluster.node(old_leader).role(), LeaderNode::Role::follower);
  for (NodeId id = 0; id < 5; ++id) EXPECT_EQ(cluster.node(id).version_of("k")->value, "kept");
  const std::vector<DurableRecord>& records = cluster.durable(old_leader);
  const auto truncation = std::find_if(records.begin(), records.end(), [](const DurableRecord& r) {
    return r.kind == RecordKind::log_truncate;
  });
  ASSERT_NE(truncation, records.end());
  EXPECT_TRUE(std::any_of(truncation, records.end(), [](const DurableRecord& r) {
    return r.kind == RecordKind::log_entry && r.version.value == "kept";
  }));
  expect_one_leader_per_term(cluster);
}

TEST(LeaderRestartTest, RestartRestoresTermVoteAndLogFromRecords) {
  for (const Durability durability : {Durability::durable, Durability::volatile_}) {
    Config config = leader_config(3);
    config.durability = durability;
    RaftCluster cluster(config, 19);
    const NodeId leader = *cluster.stable_leader(2 * kSecondUs);
    for (int i = 0; i < 3; ++i)
      cluster.await(cluster.submit(leader, ClientOp::put, "k" + std::to_string(i), "v"), kSecondUs);
    const NodeId follower = some_follower(cluster, leader);
    cluster.run_for(1'000);  // not a whole flush interval: volatile mode has records pending
    const std::uint64_t term = cluster.node(follower).term();
    const std::optional<NodeId> vote = cluster.node(follower).voted_for();
    const std::vector<LogEntry> log = cluster.node(follower).log();
    const bool had_unflushed = cluster.node(follower).unflushed_records() > 0;
    cluster.crash(follower);
    cluster.restart(follower);
    LeaderNode& restarted = cluster.node(follower);
    EXPECT_EQ(restarted.term(), term);
    EXPECT_EQ(restarted.voted_for(), vote);
    EXPECT_EQ(restarted.commit_index(), 0u);  // relearned from the leader
    EXPECT_FALSE(restarted.version_of("k0"));
    if (durability == Durability::durable) {
      EXPECT_EQ(restarted.log(), log);
    } else {
      // What was not flushed is gone; what was is a prefix.
      ASSERT_LE(restarted.log().size(), log.size());
      EXPECT_TRUE(std::equal(restarted.log().begin(), restarted.log().end(), log.begin()));
      EXPECT_EQ(restarted.log().size() < log.size(), had_unflushed);
    }
    cluster.run_for(kSecondUs);
    EXPECT_EQ(cluster.node(follower).log(), cluster.node(leader).log());
    EXPECT_EQ(cluster.node(follower).version_of("k2")->value, "v");
  }
}

std::uint64_t busy_run_hash(std::uint64_t seed) {
  RaftCluster cluster(leader_config(5), seed);
  const NodeId crashed = static_cast<NodeId>(seed % 5);
  for (int round = 0; round < 20; ++round) {
    const auto node = static_cast<NodeId>(round % 5);
    if (cluster.is_running(node))
      cluster.submit(node, round % 3 == 0 ? ClientOp::get : ClientOp::put, "k" + std::to_string(round % 4),
                     "v" + std::to_string(round));
    cluster.run_for(50'000 + round * 1'000);
    if (round == 8) cluster.crash(crashed);
    if (round == 14) cluster.restart(crashed);
  }
  std::uint64_t hash = cluster.trace_hash();
  for (NodeId id = 0; id < 5; ++id)
    if (cluster.is_running(id)) hash ^= cluster.node(id).fingerprint() + id;
  return hash;
}

TEST(LeaderDeterminismTest, SameSeedSameOutputs) {
  EXPECT_EQ(busy_run_hash(23), busy_run_hash(23));
  EXPECT_NE(busy_run_hash(23), busy_run_hash(24));
}

}  // namespace
}  // namespace qc::test
