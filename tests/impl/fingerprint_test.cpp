// Fingerprints of messages and nodes (impl/fingerprint.h, Node::fingerprint): equal
// states hash alike, and each part of the state that decides behaviour counts.
#include "impl/fingerprint.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pump.h"

namespace qc::test {
namespace {

using namespace std::string_view_literals;

// ---- messages ----

const Version kValue{100, 1, false, "value", 0};
const Version kTombstone{100, 1, true, "", 90};

struct FieldChange {
  std::string field;
  std::function<void(Message&)> apply;
};

template <typename M>
FieldChange change(std::string field, void (*edit)(M&)) {
  return {std::move(field), [edit](Message& message) { edit(std::get<M>(message)); }};
}

struct MessageCase {
  Message base;
  std::vector<FieldChange> changes;
};

// One case per alternative; each change alters a single field of the base message (the
// lambdas take the alternative named by change<M>).
std::vector<MessageCase> message_cases() {
  return {
      {WriteRequest{7, "key", kValue, 2},
       {change<WriteRequest>("op_id", [](auto& m) { ++m.op_id; }),
        change<WriteRequest>("key", [](auto& m) { m.key = "kez"; }),
        change<WriteRequest>("version.timestamp_us", [](auto& m) { ++m.version.timestamp_us; }),
        change<WriteRequest>("version.node", [](auto& m) { ++m.version.node; }),
        change<WriteRequest>("version.tombstone", [](auto& m) { m.version.tombstone = true; }),
        change<WriteRequest>("version.value", [](auto& m) { m.version.value = "valuf"; }),
        change<WriteRequest>("version.deleted_wall_us", [](auto& m) { ++m.version.deleted_wall_us; }),
        change<WriteRequest>("hint_for absent", [](auto& m) { m.hint_for.reset(); }),
        change<WriteRequest>("hint_for", [](auto& m) { m.hint_for = 0; })}},
      {WriteAck{7}, {change<WriteAck>("op_id", [](auto& m) { ++m.op_id; })}},
      {ReadRequest{7, "key"},
       {change<ReadRequest>("op_id", [](auto& m) { ++m.op_id; }),
        change<ReadRequest>("key", [](auto& m) { m.key = "ke"; })}},
      {ReadResponse{7, kTombstone},
       {change<ReadResponse>("op_id", [](auto& m) { ++m.op_id; }),
        change<ReadResponse>("version absent", [](auto& m) { m.version.reset(); }),
        change<ReadResponse>("version.tombstone", [](auto& m) { m.version->tombstone = false; }),
        change<ReadResponse>("version.deleted_wall_us", [](auto& m) { ++m.version->deleted_wall_us; })}},
      {HintHandoff{"key", kValue},
       {change<HintHandoff>("key", [](auto& m) { m.key = "other"; }),
        change<HintHandoff>("version.value", [](auto& m) { m.version.value.clear(); }),
        change<HintHandoff>("version.timestamp_us", [](auto& m) { --m.version.timestamp_us; })}},
      {HintAck{"key", kValue},
       {change<HintAck>("key", [](auto& m) { m.key = "other"; }),
        change<HintAck>("version.node", [](auto& m) { m.version.node = 0; })}},
      {AeCompare{3, {{1, 11}, {2, 22}}},
       {change<AeCompare>("range", [](auto& m) { ++m.range; }),
        change<AeCompare>("hashes[0].node", [](auto& m) { m.hashes[0].node = 3; }),
        change<AeCompare>("hashes[1].hash", [](auto& m) { ++m.hashes[1].hash; }),
        change<AeCompare>("a hash fewer", [](auto& m) { m.hashes.pop_back(); })}},
      {AeLeafDigests{3, {64, 65}, {{"a", 1}, {"b", 2}}},
       {change<AeLeafDigests>("range", [](auto& m) { ++m.range; }),
        change<AeLeafDigests>("leaf_nodes[1]", [](auto& m) { ++m.leaf_nodes[1]; }),
        change<AeLeafDigests>("a leaf fewer", [](auto& m) { m.leaf_nodes.pop_back(); }),
        change<AeLeafDigests>("entries[0].key", [](auto& m) { m.entries[0].first = "c"; }),
        change<AeLeafDigests>("entries[1].digest", [](auto& m) { ++m.entries[1].second; }),
        change<AeLeafDigests>("an entry fewer", [](auto& m) { m.entries.pop_back(); })}},
      {AeKeys{3, {{"a", kValue}}, {"b", "c"}},
       {change<AeKeys>("range", [](auto& m) { ++m.range; }),
        change<AeKeys>("versions[0].key", [](auto& m) { m.versions[0].first = "z"; }),
        change<AeKeys>("versions[0].version", [](auto& m) { m.versions[0].second = kTombstone; }),
        change<AeKeys>("no versions", [](auto& m) { m.versions.clear(); }),
        change<AeKeys>("wanted[1]", [](auto& m) { m.wanted[1] = "d"; }),
        change<AeKeys>("an empty key more wanted", [](auto& m) { m.wanted.emplace_back(); })}},
      {RequestVote{4, 10, 3},
       {change<RequestVote>("term", [](auto& m) { ++m.term; }),
        change<RequestVote>("last_log_index", [](auto& m) { ++m.last_log_index; }),
        change<RequestVote>("last_log_term", [](auto& m) { ++m.last_log_term; })}},
      {VoteReply{4, true},
       {change<VoteReply>("term", [](auto& m) { ++m.term; }),
        change<VoteReply>("granted", [](auto& m) { m.granted = false; })}},
      {AppendEntries{4, 9, 3, {LogEntry{4, "k", kValue}}, 8, 2},
       {change<AppendEntries>("term", [](auto& m) { ++m.term; }),
        change<AppendEntries>("prev_index", [](auto& m) { ++m.prev_index; }),
        change<AppendEntries>("prev_term", [](auto& m) { ++m.prev_term; }),
        change<AppendEntries>("entries[0].term", [](auto& m) { ++m.entries[0].term; }),
        change<AppendEntries>("entries[0].key", [](auto& m) { m.entries[0].key.clear(); }),
        change<AppendEntries>("entries[0].version", [](auto& m) { m.entries[0].version = kTombstone; }),
        change<AppendEntries>("no entries", [](auto& m) { m.entries.clear(); }),
        change<AppendEntries>("leader_commit", [](auto& m) { ++m.leader_commit; }),
        change<AppendEntries>("probe", [](auto& m) { ++m.probe; })}},
      {AppendReply{4, true, 9, 2},
       {change<AppendReply>("term", [](auto& m) { ++m.term; }),
        change<AppendReply>("success", [](auto& m) { m.success = false; }),
        change<AppendReply>("match_index", [](auto& m) { ++m.match_index; }),
        change<AppendReply>("probe", [](auto& m) { ++m.probe; })}},
      {ForwardRequest{5, ClientRequest{7, ClientOp::put, "k", "v"}},
       {change<ForwardRequest>("forward_id", [](auto& m) { ++m.forward_id; }),
        change<ForwardRequest>("request.request_id", [](auto& m) { ++m.request.request_id; }),
        change<ForwardRequest>("request.op", [](auto& m) { m.request.op = ClientOp::del; }),
        change<ForwardRequest>("request.key", [](auto& m) { m.request.key = "j"; }),
        change<ForwardRequest>("request.value", [](auto& m) { m.request.value = "w"; })}},
      {ForwardReply{5, ClientReply{7, ReplyOutcome::ok, "v", kValue, ""}},
       {change<ForwardReply>("forward_id", [](auto& m) { ++m.forward_id; }),
        change<ForwardReply>("reply.request_id", [](auto& m) { ++m.reply.request_id; }),
        change<ForwardReply>("reply.outcome", [](auto& m) { m.reply.outcome = ReplyOutcome::info; }),
        change<ForwardReply>("reply.value", [](auto& m) { m.reply.value.reset(); }),
        change<ForwardReply>("reply.version", [](auto& m) { m.reply.version.reset(); }),
        change<ForwardReply>("reply.reason", [](auto& m) { m.reply.reason = "why"; })}},
  };
}

TEST(FingerprintTest, EveryFieldOfEveryMessageCounts) {
  const std::vector<MessageCase> cases = message_cases();
  ASSERT_EQ(cases.size(), std::variant_size_v<Message>);  // a new alternative needs a case
  for (const MessageCase& message_case : cases) {
    SCOPED_TRACE(testing::Message() << "alternative " << message_case.base.index());
    EXPECT_EQ(fingerprint(message_case.base), fingerprint(Message(message_case.base)));
    for (const FieldChange& field_change : message_case.changes) {
      Message changed = message_case.base;
      field_change.apply(changed);
      EXPECT_NE(fingerprint(changed), fingerprint(message_case.base)) << field_change.field;
    }
  }
}

TEST(FingerprintTest, AllCaseMessagesHashApart) {
  std::map<std::uint64_t, std::string> seen;  // fingerprint -> which message
  for (const MessageCase& message_case : message_cases()) {
    const std::string alternative = "alternative " + std::to_string(message_case.base.index());
    std::vector<std::pair<std::string, Message>> messages{{alternative, message_case.base}};
    for (const FieldChange& field_change : message_case.changes) {
      messages.emplace_back(alternative + " " + field_change.field, message_case.base);
      field_change.apply(messages.back().second);
    }
    for (const auto& [name, message] : messages) {
      const auto [at, inserted] = seen.emplace(fingerprint(message), name);
      EXPECT_TRUE(inserted) << name << " hashes like " << at->second;
    }
  }
}

TEST(FingerprintTest, AlternativesWithTheSameFieldsDiffer) {
  EXPECT_NE(fingerprint(HintHandoff{"key", kValue}), fingerprint(HintAck{"key", kValue}));
}

TEST(FingerprintTest, AbsentDiffersFromZero) {
  EXPECT_NE(fingerprint(WriteRequest{7, "key", kValue, std::nullopt}),
            fingerprint(WriteRequest{7, "key", kValue, NodeId{0}}));
  EXPECT_NE(fingerprint(ReadResponse{7, std::nullopt}), fingerprint(ReadResponse{7, Version{}}));
}

TEST(FingerprintTest, StringBoundariesCount) {
  Fingerprint ab_c;
  ab_c.add("ab"sv);
  ab_c.add("c"sv);
  Fingerprint a_bc;
  a_bc.add("a"sv);
  a_bc.add("bc"sv);
  EXPECT_NE(ab_c.value(), a_bc.value());
  EXPECT_NE(fingerprint(AeKeys{0, {}, {"ab", "c"}}), fingerprint(AeKeys{0, {}, {"a", "bc"}}));
  EXPECT_NE(fingerprint(AeKeys{0, {}, {"", ""}}), fingerprint(AeKeys{0, {}, {""}}));
}

TEST(FingerprintTest, SequenceBoundariesCount) {
  // Two sequences back to back: without their counts, {1, 2}{} would read as {1}{2}.
  Fingerprint both_in_first;
  both_in_first.add_sequence(std::vector<NodeId>{1, 2});
  both_in_first.add_sequence(std::vector<NodeId>{});
  Fingerprint one_in_each;
  one_in_each.add_sequence(std::vector<NodeId>{1});
  one_in_each.add_sequence(std::vector<NodeId>{2});
  EXPECT_NE(both_in_first.value(), one_in_each.value());
}

TEST(FingerprintTest, EnvelopeCountsSenderReceiverAndMessage) {
  const Envelope base{0, 1, WriteAck{7}};
  EXPECT_EQ(fingerprint(base), fingerprint(Envelope{0, 1, WriteAck{7}}));
  EXPECT_NE(fingerprint(base), fingerprint(Envelope{2, 1, WriteAck{7}}));
  EXPECT_NE(fingerprint(base), fingerprint(Envelope{0, 2, WriteAck{7}}));
  EXPECT_NE(fingerprint(base), fingerprint(Envelope{1, 0, WriteAck{7}}));
  EXPECT_NE(fingerprint(base), fingerprint(Envelope{0, 1, WriteAck{8}}));
}

// ---- nodes ----

Config quiet_config() {  // no anti-entropy rounds unless a test fires them
  Config config;
  config.anti_entropy = false;
  return config;
}

Clock at(std::int64_t us) { return Clock{us, us}; }

Node started_node(const Config& config, NodeId id) {
  Node node(config, id);
  node.start(at(0));
  return node;
}

Envelope write_from_0(NodeId to, const std::string& key, const std::string& value,
                      std::optional<NodeId> hint_for = std::nullopt) {
  return Envelope{0, to, WriteRequest{1, key, Version{50, 0, false, value, 0}, hint_for}};
}

std::uint64_t request_op_id(const Cluster& cluster) {
  for (const Envelope& envelope : cluster.in_flight())
    if (const auto* request = std::get_if<WriteRequest>(&envelope.message)) return request->op_id;
  ADD_FAILURE() << "no write request in flight";
  return 0;
}

TEST(NodeFingerprintTest, ACopyHasTheSameFingerprint) {
  Cluster cluster(Config{});
  cluster.submit(0, ClientOp::put, "k", "v");
  cluster.deliver_first(is_to<WriteRequest>(0));  // stored here; the request still pending
  Node copy = cluster.node(0);
  EXPECT_EQ(copy.fingerprint(), cluster.node(0).fingerprint());
  copy.on_message(at(1), write_from_0(0, "other", "w"));
  EXPECT_NE(copy.fingerprint(), cluster.node(0).fingerprint());
}

// Puts, a get, anti-entropy, timeouts and a partly delivered request.
void run_script(Cluster& cluster) {
  cluster.submit(0, ClientOp::put, "a", "1");
  cluster.submit(1, ClientOp::put, "b", "2");
  cluster.deliver_all();
  cluster.submit(2, ClientOp::get, "a");
  cluster.run_until(2'500'000, 100'000);
  cluster.submit(1, ClientOp::del, "b");
  cluster.deliver_first(is_to<WriteRequest>(2));
}

TEST(NodeFingerprintTest, NodesFedTheSameInputsHaveTheSameFingerprint) {
  Cluster first(Config{});
  Cluster second(Config{});
  run_script(first);
  run_script(second);
  for (NodeId id = 0; id < 3; ++id)
    EXPECT_EQ(first.node(id).fingerprint(), second.node(id).fingerprint()) << "node " << id;
  EXPECT_NE(first.node(0).fingerprint(), first.node(1).fingerprint());
}

TEST(NodeFingerprintTest, AStoredWriteCounts) {
  const Config config = quiet_config();
  const Node untouched = started_node(config, 1);
  Node stored = started_node(config, 1);
  stored.on_message(at(10), write_from_0(1, "k", "v"));
  Node hinted = started_node(config, 1);  // as a hint for node 2: in the store's hints
  hinted.on_message(at(10), write_from_0(1, "k", "v", 2));
  EXPECT_NE(stored.fingerprint(), untouched.fingerprint());
  EXPECT_NE(hinted.fingerprint(), untouched.fingerprint());
  EXPECT_NE(hinted.fingerprint(), stored.fingerprint());
}

TEST(NodeFingerprintTest, WritesToDifferentKeysCommute) {
  const Config config = quiet_config();
  const Envelope to_a = write_from_0(1, "a", "1");
  const Envelope to_b = write_from_0(1, "b", "2");
  Node a_then_b = started_node(config, 1);
  a_then_b.on_message(at(10), to_a);
  const std::uint64_t after_a = a_then_b.fingerprint();
  a_then_b.on_message(at(20), to_b);
  Node b_then_a = started_node(config, 1);
  b_then_a.on_message(at(10), to_b);
  b_then_a.on_message(at(20), to_a);
  EXPECT_EQ(a_then_b.fingerprint(), b_then_a.fingerprint());
  EXPECT_NE(a_then_b.fingerprint(), after_a);
}

// ---- timestamps by their order (TimestampRanks, for the explorer's rule 4) ----

// The node's fingerprint with its timestamps ranked: set aside, collected, put back.
std::uint64_t ranked(const Node& node, std::int64_t below) {
  const SplitFingerprint split = node.split_fingerprint();
  TimestampRanks ranks(below);
  ranks.collect(split.timestamps);
  ranks.freeze();
  return ranks.join(split);
}

Node holding(const Config& config, std::int64_t a_us, std::int64_t b_us) {
  Node node = started_node(config, 1);
  node.on_message(at(10), Envelope{0, 1, WriteRequest{1, "a", Version{a_us, 0, false, "1", 0}, std::nullopt}});
  node.on_message(at(20), Envelope{0, 1, WriteRequest{2, "b", Version{b_us, 0, false, "2", 0}, std::nullopt}});
  return node;
}

TEST(TimestampRanksTest, RanksAreTheOrderAmongThoseBelowTheBound) {
  TimestampRanks ranks(100);
  ranks.collect({70, 5, 300});
  ranks.collect({70, 40});
  ranks.freeze();
  EXPECT_EQ(ranks.apply(5), 0);
  EXPECT_EQ(ranks.apply(40), 1);
  EXPECT_EQ(ranks.apply(70), 2);
  EXPECT_EQ(ranks.apply(300), 300);  // at or above the bound: as it is
  // join() puts the timestamps back in their order, renamed: the order decides.
  EXPECT_EQ(ranks.join({7, {5, 40}}), ranks.join({7, {5, 40}}));
  EXPECT_NE(ranks.join({7, {5, 40}}), ranks.join({7, {40, 5}}));
  EXPECT_NE(ranks.join({7, {5, 40}}), ranks.join({8, {5, 40}}));
  TimestampRanks shifted(100);
  shifted.collect({71, 6, 41});
  shifted.freeze();
  EXPECT_EQ(ranks.join({7, {5, 40, 70}}), shifted.join({7, {6, 41, 71}}));
}

TEST(NodeFingerprintTest, RankedTimestampsMergeOnlyTheSameOrder) {
  const Config config = quiet_config();
  const Node early = holding(config, 50, 80);
  const Node late = holding(config, 60, 900);      // the same order: a below b
  const Node swapped = holding(config, 80, 50);    // the other order
  EXPECT_NE(early.fingerprint(), late.fingerprint());
  EXPECT_EQ(ranked(early, 1000), ranked(late, 1000));
  EXPECT_NE(ranked(early, 1000), ranked(swapped, 1000));
  // Timestamps at or above the bound keep their values.
  EXPECT_NE(ranked(early, 70), ranked(late, 70));
  EXPECT_EQ(ranked(holding(config, 50, 500), 70), ranked(holding(config, 60, 500), 70));
}

TEST(NodeFingerprintTest, APendingRequestCountsAndSoDoesItsCompletion) {
  Cluster cluster(quiet_config());
  const std::uint64_t idle = cluster.node(0).fingerprint();
  cluster.submit(0, ClientOp::put, "k", "v");
  ASSERT_EQ(cluster.node(0).pending_requests(), 1u);
  const std::uint64_t pending = cluster.node(0).fingerprint();
  EXPECT_NE(pending, idle);
  // One ack of the W = 2 needed: still pending, with more acks.
  cluster.deliver_first(is_to<WriteRequest>(1));
  cluster.deliver_first(is_to<WriteAck>(0));
  const std::uint64_t one_ack = cluster.node(0).fingerprint();
  EXPECT_NE(one_ack, pending);
  cluster.deliver_all();
  ASSERT_EQ(cluster.reply_to(1)->outcome, ReplyOutcome::ok);
  ASSERT_EQ(cluster.node(0).pending_requests(), 0u);
  EXPECT_NE(cluster.node(0).fingerprint(), one_ack);
}

// The third ack of a W = 2 write arrives after the op finished: ignored for good, and
// delivering it indeed changes nothing. Before the op finished it was not ignored.
TEST(NodeFingerprintTest, AnAckToAFinishedOpIsIgnoredForGood) {
  Cluster cluster(quiet_config());
  cluster.submit(0, ClientOp::put, "k", "v");
  cluster.deliver_first(is_to<WriteRequest>(1));
  cluster.deliver_first(is_to<WriteRequest>(2));
  ASSERT_TRUE(cluster.deliver_first(is_to<WriteAck>(0)));  // one ack: still pending
  const Envelope* second = nullptr;
  for (const Envelope& envelope : cluster.in_flight())
    if (std::holds_alternative<WriteAck>(envelope.message)) second = &envelope;
  ASSERT_NE(second, nullptr);
  EXPECT_FALSE(cluster.node(0).ignores_for_good(second->message));
  ASSERT_TRUE(cluster.deliver_first(is_to<WriteAck>(0)));  // W reached: done
  ASSERT_EQ(cluster.node(0).pending_requests(), 0u);
  const WriteAck late{request_op_id(cluster)};  // the coordinator's own copy's ack to come
  EXPECT_TRUE(cluster.node(0).ignores_for_good(late));
  const std::uint64_t before = cluster.node(0).fingerprint();
  const Outputs outputs = cluster.node(0).on_message(at(5'000), Envelope{0, 0, late});
  EXPECT_EQ(cluster.node(0).fingerprint(), before);
  EXPECT_TRUE(outputs.messages.empty() && outputs.replies.empty() && outputs.records.empty());
  EXPECT_FALSE(cluster.node(0).ignores_for_good(ReadRequest{late.op_id, "k"}));  // requests never are
}

// A R = 2 read answered by two replicas leaves the third replica's read request in
// flight: moot once the read is done (its answer would be ignored for good), not before,
// and the replica handling it anyway changes nothing there.
TEST(NodeFingerprintTest, ALeftoverReadRequestOfAFinishedReadIsMoot) {
  Cluster cluster(quiet_config());
  cluster.submit(0, ClientOp::get, "k");
  const Envelope* leftover = nullptr;
  for (const Envelope& envelope : cluster.in_flight())
    if (envelope.to == 2 && std::holds_alternative<ReadRequest>(envelope.message)) leftover = &envelope;
  ASSERT_NE(leftover, nullptr);
  const Envelope late = *leftover;
  EXPECT_FALSE(cluster.node(0).sent_moot_request(late.message));  // the read still needs it
  ASSERT_TRUE(cluster.deliver_first(is_to<ReadRequest>(0)));
  ASSERT_TRUE(cluster.deliver_first(is_to<ReadRequest>(1)));
  ASSERT_TRUE(cluster.deliver_first(is_to<ReadResponse>(0)));
  EXPECT_FALSE(cluster.node(0).sent_moot_request(late.message));  // one reply of two
  ASSERT_TRUE(cluster.deliver_first(is_to<ReadResponse>(0)));
  ASSERT_EQ(cluster.node(0).pending_requests(), 0u);
  EXPECT_TRUE(cluster.node(0).sent_moot_request(late.message));
  const std::uint64_t replica_before = cluster.node(2).fingerprint();
  const Outputs outputs = cluster.node(2).on_message(at(5'000), late);
  EXPECT_EQ(cluster.node(2).fingerprint(), replica_before);
  EXPECT_TRUE(outputs.records.empty() && outputs.replies.empty());
  ASSERT_EQ(outputs.messages.size(), 1u);
  EXPECT_TRUE(cluster.node(0).ignores_for_good(outputs.messages.front().message));
  // Write requests change the replica, so they are never moot, answered or not.
  EXPECT_FALSE(cluster.node(0).sent_moot_request(write_from_0(0, "k", "v").message));
}

TEST(NodeFingerprintTest, ATimedOutRequestNoLongerCounts) {
  // Nothing delivered: the store and the next op id are the same pending or timed out,
  // so only the pending request itself tells the two apart.
  const Config config = quiet_config();
  Cluster cluster(config);
  cluster.submit(0, ClientOp::put, "k", "v");
  cluster.drop_all([](const Envelope&) { return true; });
  const std::uint64_t pending = cluster.node(0).fingerprint();
  cluster.advance_to(config.request_timeout_us);
  ASSERT_EQ(cluster.reply_to(1)->outcome, ReplyOutcome::info);
  EXPECT_NE(cluster.node(0).fingerprint(), pending);
}

TEST(NodeFingerprintTest, UnflushedRecordsCount) {
  Config config = quiet_config();
  config.durability = Durability::volatile_;
  Node node = started_node(config, 1);
  node.on_message(at(10), write_from_0(1, "k", "v"));
  ASSERT_EQ(node.unflushed_records(), 1u);
  const std::uint64_t unflushed = node.fingerprint();
  node.on_timer(at(config.flush_interval_us), TimerId{TimerKind::flush, 0});
  ASSERT_EQ(node.unflushed_records(), 0u);
  EXPECT_NE(node.fingerprint(), unflushed);
}

TEST(NodeFingerprintTest, PeerStatusCountsAndComingBackUpRestoresIt) {
  Node node = started_node(quiet_config(), 0);
  const std::uint64_t all_up = node.fingerprint();
  node.on_peer_status(at(10), 2, false);
  EXPECT_NE(node.fingerprint(), all_up);
  node.on_peer_status(at(20), 2, true);  // no hints for it: nothing else changed
  EXPECT_EQ(node.fingerprint(), all_up);
}

TEST(NodeFingerprintTest, TimeAloneDoesNotCount) {
  const Config config = quiet_config();
  Node node = started_node(config, 0);
  node.on_message(at(10), write_from_0(0, "k", "v"));
  const std::uint64_t before = node.fingerprint();
  // Nothing to purge or hand off: maintenance at a later time changes only the clock.
  node.on_timer(at(10 * config.maintenance_interval_us), TimerId{TimerKind::maintenance, 0});
  EXPECT_EQ(node.fingerprint(), before);
}

TEST(NodeFingerprintTest, AntiEntropyCountsOnlyItsPlaceInThePeerCycle) {
  // Each round sends to the next of node 0's two peers: after two rounds the next round
  // goes where the first went. The statistics grow all the while and do not count.
  Config config;
  Node node = started_node(config, 0);
  const std::uint64_t first_peer_next = node.fingerprint();
  node.on_timer(at(config.anti_entropy_interval_us), TimerId{TimerKind::anti_entropy, 0});
  EXPECT_NE(node.fingerprint(), first_peer_next);
  node.on_timer(at(2 * config.anti_entropy_interval_us), TimerId{TimerKind::anti_entropy, 0});
  EXPECT_EQ(node.fingerprint(), first_peer_next);
  EXPECT_GT(node.anti_entropy_stats().exchanges_started, 0u);
}

TEST(NodeFingerprintTest, ARequestTimerMattersOnlyWhileItsRequestIsPending) {
  Cluster cluster(quiet_config());
  cluster.submit(0, ClientOp::put, "k", "v");
  const TimerId timeout{TimerKind::request_timeout, request_op_id(cluster)};
  EXPECT_TRUE(cluster.node(0).timer_matters(timeout));
  const TimerId never_started{TimerKind::request_timeout, timeout.sequence + 1};
  EXPECT_FALSE(cluster.node(0).timer_matters(never_started));
  EXPECT_TRUE(cluster.node(0).timer_matters(TimerId{TimerKind::maintenance, 0}));
  cluster.deliver_all();
  ASSERT_EQ(cluster.reply_to(1)->outcome, ReplyOutcome::ok);
  EXPECT_FALSE(cluster.node(0).timer_matters(timeout));
  EXPECT_TRUE(cluster.node(0).timer_matters(TimerId{TimerKind::maintenance, 0}));
  // What "does not matter" means: firing it changes nothing and outputs nothing.
  Node fired = cluster.node(0);
  const Outputs out = fired.on_timer(at(cluster.now_us()), timeout);
  EXPECT_TRUE(out.messages.empty() && out.replies.empty());
  EXPECT_TRUE(out.timers.empty() && out.records.empty());
  EXPECT_EQ(fired.fingerprint(), cluster.node(0).fingerprint());
}

}  // namespace
}  // namespace qc::test
