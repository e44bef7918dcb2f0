// One LeaderNode fed inputs by hand: votes and their records, stale timers, clone and
// fingerprint, and the three planted bugs each in the situation it breaks.
#include <gtest/gtest.h>

#include <algorithm>

#include "raft_cluster.h"

namespace qc::test {
namespace {

constexpr std::int64_t kSecondUs = 1'000'000;

Clock at(std::int64_t us) { return Clock{us, us}; }

Config config_with(PlantedBugs bugs, Durability durability = Durability::durable) {
  Config config = leader_config(3);
  config.planted_bugs = bugs;
  config.durability = durability;
  return config;
}

template <typename M>
std::vector<M> sent(const Outputs& out) {
  std::vector<M> found;
  for (const Envelope& envelope : out.messages)
    if (const auto* m = std::get_if<M>(&envelope.message)) found.push_back(*m);
  return found;
}

TimerId timer_of(const Outputs& out, TimerKind kind) {
  const auto found = std::find_if(out.timers.begin(), out.timers.end(),
                                  [&](const TimerRequest& t) { return t.id.kind == kind; });
  EXPECT_NE(found, out.timers.end());
  return found == out.timers.end() ? TimerId{} : found->id;
}

DurableRecord log_record(std::uint64_t index, std::uint64_t term, const std::string& key, const std::string& value) {
  DurableRecord record;
  record.kind = RecordKind::log_entry;
  record.index = index;
  record.term = term;
  record.key = key;
  record.version = Version{static_cast<std::int64_t>(index), 0, false, value, 0};
  return record;
}

DurableRecord term_record(std::uint64_t term, std::optional<NodeId> vote) {
  DurableRecord record;
  record.kind = RecordKind::term_vote;
  record.term = term;
  record.has_vote = vote.has_value();
  record.voted_for = vote.value_or(0);
  return record;
}

TEST(LeaderVoteTest, AVoteIsPersistedInTheOutputsThatGrantIt) {
  for (const Durability durability : {Durability::durable, Durability::volatile_}) {
    LeaderNode node(config_with({}, durability), 1, 42);
    node.start(at(0));
    const Outputs out = node.on_message(at(10), Envelope{0, 1, RequestVote{1, 0, 0}});
    ASSERT_EQ(sent<VoteReply>(out).size(), 1u);
    EXPECT_TRUE(sent<VoteReply>(out)[0].granted);
    ASSERT_FALSE(out.records.empty());  // even in volatile mode, not at the next flush
    EXPECT_EQ(out.records.back(), term_record(1, 0));
    EXPECT_EQ(node.voted_for(), 0u);
    EXPECT_EQ(node.unflushed_records(), 0u);
  }
}

// Node 2 votes for node 0 in term 1, then hears node 1 ask in the same term.
VoteReply second_vote_in_a_term(PlantedBugs bugs, Outputs* second_out = nullptr) {
  LeaderNode node(config_with(bugs), 2, 42);
  node.start(at(0));
  EXPECT_TRUE(sent<VoteReply>(node.on_message(at(10), Envelope{0, 2, RequestVote{1, 0, 0}}))[0].granted);
  Outputs out = node.on_message(at(20), Envelope{1, 2, RequestVote{1, 0, 0}});
  const VoteReply vote = sent<VoteReply>(out).at(0);
  if (second_out) *second_out = std::move(out);
  return vote;
}

TEST(LeaderVoteTest, OneVoteATerm) {
  Outputs out;
  EXPECT_FALSE(second_vote_in_a_term({}, &out).granted);
  EXPECT_TRUE(out.records.empty());
}

TEST(LeaderVoteTest, PlantedVoteTwiceGrantsASecondVoteInTheSameTerm) {
  PlantedBugs bugs;
  bugs.vote_twice_in_a_term = true;
  Outputs out;
  EXPECT_TRUE(second_vote_in_a_term(bugs, &out).granted);
  ASSERT_FALSE(out.records.empty());
  EXPECT_EQ(out.records.back(), term_record(1, 1));
}

TEST(LeaderVoteTest, NoVoteForACandidateWithAStalerLog) {
  LeaderNode node(config_with({}), 2, 42);
  node.restart(at(0), {term_record(1, 0), log_record(1, 1, "k", "v")}, 1);
  EXPECT_FALSE(sent<VoteReply>(node.on_message(at(10), Envelope{0, 2, RequestVote{2, 0, 0}}))[0].granted);
  EXPECT_EQ(node.term(), 2u);  // the term still moves on
  EXPECT_TRUE(sent<VoteReply>(node.on_message(at(20), Envelope{1, 2, RequestVote{2, 1, 1}}))[0].granted);
}

TEST(LeaderTimerTest, AnElectionTimerMadeStaleByAHeartbeatDoesNothing) {
  LeaderNode node(config_with({}), 1, 42);
  const TimerId first = timer_of(node.start(at(0)), TimerKind::election);
  EXPECT_TRUE(node.timer_matters(first));
  const Outputs heard = node.on_message(at(10), Envelope{0, 1, AppendEntries{1, 0, 0, {}, 0, 0}});
  EXPECT_TRUE(sent<AppendReply>(heard).at(0).success);
  const TimerId second = timer_of(heard, TimerKind::election);
  EXPECT_NE(first, second);
  EXPECT_FALSE(node.timer_matters(first));
  const Outputs stale = node.on_timer(at(kSecondUs), first);
  EXPECT_TRUE(stale.messages.empty());
  EXPECT_EQ(node.role(), LeaderNode::Role::follower);
  const Outputs fired = node.on_timer(at(kSecondUs), second);
  EXPECT_EQ(sent<RequestVote>(fired).size(), 2u);
  EXPECT_EQ(node.role(), LeaderNode::Role::candidate);
  EXPECT_EQ(fired.records.at(0), term_record(2, 1));  // its own vote, before it asks
}

TEST(LeaderFingerprintTest, ACloneAnswersAlikeAndStateChangesShow) {
  LeaderNode node(config_with({}), 1, 42);
  node.start(at(0));
  const std::unique_ptr<StoreNode> copy = node.clone();
  EXPECT_EQ(copy->fingerprint(), node.fingerprint());
  const Envelope vote{0, 1, RequestVote{1, 0, 0}};
  const std::uint64_t before = node.fingerprint();
  const Outputs a = node.on_message(at(5), vote);
  const Outputs b = copy->on_message(at(5), vote);
  EXPECT_EQ(a.records, b.records);
  EXPECT_EQ(a.timers.at(0).fire_at_us, b.timers.at(0).fire_at_us);  // the same draw
  EXPECT_EQ(copy->fingerprint(), node.fingerprint());
  EXPECT_NE(node.fingerprint(), before);
}

// The Raft paper's figure 8, (c): node 0 leads term 4 holding an entry of term 2 at
// index 2 that it never committed; node 1 acknowledges holding up to index 2 but not yet
// the leader's term-4 no-op at index 3. A majority holds index 2, yet a leader of term 3
// with a different entry there (node 2) could still win and overwrite it.
std::unique_ptr<LeaderNode> figure_8_leader(PlantedBugs bugs) {
  auto node = std::make_unique<LeaderNode>(config_with(bugs), 0, 42);
  const Outputs restarted = node->restart(
      at(0), {term_record(3, 0), log_record(1, 1, "a", "first"), log_record(2, 2, "k", "term 2")}, 1);
  node->on_timer(at(kSecondUs), timer_of(restarted, TimerKind::election));
  EXPECT_EQ(node->term(), 4u);
  node->on_message(at(kSecondUs + 10), Envelope{1, 0, VoteReply{4, true}});
  EXPECT_EQ(node->role(), LeaderNode::Role::leader);
  EXPECT_EQ(node->last_log_index(), 3u);  // its no-op
  node->on_message(at(kSecondUs + 20), Envelope{1, 0, AppendReply{4, true, 2, 0}});
  return node;
}

TEST(LeaderCommitTest, AnEarlierTermsEntryCommitsOnlyUnderOneOfTheCurrentTerm) {
  const std::unique_ptr<LeaderNode> node = figure_8_leader({});
  EXPECT_EQ(node->commit_index(), 0u);
  EXPECT_FALSE(node->version_of("k"));
  node->on_message(at(kSecondUs + 30), Envelope{1, 0, AppendReply{4, true, 3, 0}});
  EXPECT_EQ(node->commit_index(), 3u);
  EXPECT_EQ(node->version_of("k")->value, "term 2");
}

TEST(LeaderCommitTest, PlantedCommitByCountCommitsAnEarlierTermsEntry) {
  PlantedBugs bugs;
  bugs.commit_earlier_term_by_count = true;
  const std::unique_ptr<LeaderNode> node = figure_8_leader(bugs);
  EXPECT_EQ(node->commit_index(), 2u);
  EXPECT_EQ(node->version_of("k")->value, "term 2");
}

// Node `old` leads with k = "old" committed, is cut off alone, and a new leader commits
// k = "new"; then a client asks the old leader, which still thinks it leads.
std::optional<ClientReply> read_at_deposed_leader(PlantedBugs bugs) {
  RaftCluster cluster(config_with(bugs), 29);
  const NodeId old = *cluster.stable_leader(2 * kSecondUs);
  EXPECT_EQ(cluster.await(cluster.submit(old, ClientOp::put, "k", "old"), kSecondUs)->outcome, ReplyOutcome::ok);
  cluster.run_for(kSecondUs / 5);
  cluster.partition({old});
  EXPECT_TRUE(cluster.run_until([&] { return cluster.leader() != old; }, 2 * kSecondUs));
  const NodeId next = *cluster.leader();
  EXPECT_EQ(cluster.await(cluster.submit(next, ClientOp::put, "k", "new"), kSecondUs)->outcome, ReplyOutcome::ok);
  EXPECT_EQ(cluster.node(old).role(), LeaderNode::Role::leader);
  return cluster.await(cluster.submit(old, ClientOp::get, "k"), kSecondUs);
}

TEST(LeaderReadTest, ReadIndexRefusesAReadAtADeposedLeader) {
  const std::optional<ClientReply> reply = read_at_deposed_leader({});
  ASSERT_TRUE(reply);  // after the request timeout
  EXPECT_EQ(reply->outcome, ReplyOutcome::fail) << reply->reason;
  EXPECT_FALSE(reply->value);
}

TEST(LeaderReadTest, PlantedUnconfirmedReadsServeAStaleValue) {
  PlantedBugs bugs;
  bugs.leader_reads_unconfirmed = true;
  const std::optional<ClientReply> reply = read_at_deposed_leader(bugs);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->outcome, ReplyOutcome::ok);
  EXPECT_EQ(reply->value, "old");  // "new" was acknowledged before this read began
}

}  // namespace
}  // namespace qc::test
