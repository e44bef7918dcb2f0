// net/wire.h: what crosses a socket or reaches the disk decodes to what was sent, and
// bad bytes are errors naming the field, never a crash or a different value.
#include "net/wire.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "impl/fingerprint.h"

namespace qc {
namespace {

Version sample_version(bool tombstone) {
  return Version{1'700'000'000'123'456, 2, tombstone, tombstone ? "" : std::string("v\0\r\n1", 5), tombstone ? 99 : 0};
}

std::vector<Envelope> one_of_each_kind() {
  std::vector<Envelope> all;
  all.push_back({0, 1, WriteRequest{7, "k0", sample_version(false), std::nullopt}});
  all.push_back({2, 1, WriteRequest{0, "k1", sample_version(true), NodeId{2}}});
  all.push_back({1, 0, WriteAck{9}});
  all.push_back({0, 2, ReadRequest{(3ull << 43) + 1, "key with spaces"}});
  all.push_back({2, 0, ReadResponse{5, sample_version(false)}});
  all.push_back({2, 0, ReadResponse{6, std::nullopt}});
  all.push_back({1, 2, HintHandoff{"k", sample_version(false)}});
  all.push_back({2, 1, HintAck{"k", sample_version(true)}});
  all.push_back({0, 1, AeCompare{3, {{1, 0xdeadbeefcafef00dull}, {2, 7}}}});
  all.push_back({0, 1, AeLeafDigests{3, {4, 5}, {{"a", 1}, {"b", 2}}}});
  all.push_back({0, 1, AeKeys{3, {{"a", sample_version(false)}}, {"b", "c"}}});
  all.push_back({1, 2, RequestVote{4, 17, 3}});
  all.push_back({2, 1, VoteReply{4, true}});
  all.push_back({0, 2, AppendEntries{5, 16, 4, {LogEntry{5, "k", sample_version(false)}, LogEntry{5, "", Version{}}}, 15, 9}});
  all.push_back({2, 0, AppendReply{5, false, 12, 9}});
  all.push_back({1, 0, ForwardRequest{3, ClientRequest{77, ClientOp::put, "k", std::string("v\0", 2)}}});
  all.push_back({0, 1, ForwardReply{3, ClientReply{77, ReplyOutcome::info, std::nullopt, sample_version(true), "why"}}});
  return all;
}

TEST(WireTest, EveryMessageKindDecodesToWhatWasSent) {
  const auto all = one_of_each_kind();
  ASSERT_EQ(all.size() - 2, std::variant_size_v<Message>);  // two kinds twice, every kind once at least
  for (const Envelope& sent : all) {
    const std::string bytes = encode_envelope(sent);
    auto received = decode_envelope(bytes);
    ASSERT_TRUE(received.is_ok()) << received.status().message();
    EXPECT_EQ(received.value().from, sent.from);
    EXPECT_EQ(received.value().to, sent.to);
    EXPECT_EQ(received.value().message.index(), sent.message.index());
    EXPECT_EQ(fingerprint(received.value()), fingerprint(sent));
    EXPECT_EQ(encode_envelope(received.value()), bytes);
  }
}

TEST(WireTest, FieldsSurviveExactly) {
  auto received = decode_envelope(encode_envelope({2, 1, WriteRequest{0, "k1", sample_version(true), NodeId{2}}}));
  ASSERT_TRUE(received.is_ok());
  const auto& request = std::get<WriteRequest>(received.value().message);
  EXPECT_EQ(request.version, sample_version(true));
  EXPECT_EQ(request.hint_for, std::optional<NodeId>(2));
  auto response = decode_envelope(encode_envelope({2, 0, ReadResponse{5, sample_version(false)}}));
  ASSERT_TRUE(response.is_ok());
  EXPECT_EQ(std::get<ReadResponse>(response.value().message).version->value, std::string("v\0\r\n1", 5));
}

TEST(WireTest, EveryTruncationIsAnErrorNamingAField) {
  for (const Envelope& sent : one_of_each_kind()) {
    const std::string bytes = encode_envelope(sent);
    for (std::size_t size = 0; size < bytes.size(); ++size) {
      auto received = decode_envelope(std::string_view(bytes).substr(0, size));
      ASSERT_FALSE(received.is_ok()) << "kind " << sent.message.index() << " cut at " << size;
      EXPECT_EQ(received.status().kind(), ErrorKind::malformed);
      EXPECT_NE(received.status().message().find("bad "), std::string::npos) << received.status().message();
    }
  }
}

TEST(WireTest, TrailingBytesBadKindsAndBadFlagsAreErrors) {
  const std::string bytes = encode_envelope({1, 0, WriteAck{9}});
  auto trailing = decode_envelope(bytes + "x");
  ASSERT_FALSE(trailing.is_ok());
  EXPECT_NE(trailing.status().message().find("1 trailing bytes"), std::string::npos);
  std::string bad_kind = bytes;
  bad_kind[8] = 42;
  auto kind = decode_envelope(bad_kind);
  ASSERT_FALSE(kind.is_ok());
  EXPECT_NE(kind.status().message().find("envelope.kind"), std::string::npos) << kind.status().message();
  std::string bad_flag = encode_envelope({2, 0, ReadResponse{6, std::nullopt}});
  bad_flag.back() = 7;
  auto flag = decode_envelope(bad_flag);
  ASSERT_FALSE(flag.is_ok());
  EXPECT_NE(flag.status().message().find("read_response.has_version"), std::string::npos) << flag.status().message();
}

TEST(WireTest, AHugeCountIsAnErrorBeforeAnyAllocation) {
  std::string bytes = encode_envelope({0, 1, AeCompare{3, {}}});
  bytes.replace(bytes.size() - 4, 4, std::string("\xff\xff\xff\xff", 4));
  auto received = decode_envelope(bytes);
  ASSERT_FALSE(received.is_ok());
  EXPECT_NE(received.status().message().find("more than the bytes left"), std::string::npos);
}

TEST(WireTest, DurableRecordsRoundTripAndBadKindsAreErrors) {
  for (const RecordKind kind : {RecordKind::put_version, RecordKind::erase_version, RecordKind::put_hint, RecordKind::erase_hint}) {
    const DurableRecord sent{kind, "k\0ey", sample_version(kind == RecordKind::erase_version), 2};
    auto received = decode_record(encode_record(sent));
    ASSERT_TRUE(received.is_ok()) << received.status().message();
    EXPECT_EQ(received.value(), sent);
  }
  // The leader-based store's records keep their term, index and vote; the leaderless
  // store's records are as long as they always were.
  DurableRecord vote{RecordKind::term_vote, "", Version{}, 0};
  vote.term = 7;
  vote.has_vote = true;
  vote.voted_for = 2;
  DurableRecord entry{RecordKind::log_entry, "k", sample_version(false), 0};
  entry.term = 7;
  entry.index = 41;
  for (const DurableRecord& sent : {vote, entry}) {
    auto received = decode_record(encode_record(sent));
    ASSERT_TRUE(received.is_ok()) << received.status().message();
    EXPECT_EQ(received.value(), sent);
  }
  EXPECT_EQ(encode_record(entry).size(), encode_record(DurableRecord{RecordKind::put_version, "k", sample_version(false), 0}).size() + 21);
  std::string bad = encode_record(DurableRecord{});
  bad[0] = 7;
  auto received = decode_record(bad);
  ASSERT_FALSE(received.is_ok());
  EXPECT_NE(received.status().message().find("record.kind"), std::string::npos);
}

TEST(WireTest, FramesSplitAtEveryByteComeOutWhole) {
  const std::string first = encode_envelope({0, 1, WriteAck{1}});
  const std::string second = encode_envelope({0, 1, ReadRequest{2, "k"}});
  const std::string stream = frame(first) + frame(second);
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    FrameReader reader;
    std::vector<std::string> payloads;
    for (const std::string_view part : {std::string_view(stream).substr(0, cut), std::string_view(stream).substr(cut)}) {
      reader.feed(part);
      for (;;) {
        auto next = reader.next();
        ASSERT_TRUE(next.is_ok());
        if (!next.value()) break;
        payloads.push_back(*next.value());
      }
    }
    EXPECT_EQ(payloads, (std::vector<std::string>{first, second})) << "cut at " << cut;
    EXPECT_EQ(reader.buffered_bytes(), 0u);
  }
}

TEST(WireTest, OversizedEmptyAndForeignFramesAreErrorsThatStay) {
  FrameReader huge;
  huge.feed(std::string("\xff\xff\xff\x7f", 4));
  auto result = huge.next();
  ASSERT_FALSE(result.is_ok());
  EXPECT_NE(result.status().message().find("length"), std::string::npos);
  huge.feed(frame("fine"));
  EXPECT_FALSE(huge.next().is_ok());  // stays in error: the connection is to be closed

  FrameReader empty;
  empty.feed(std::string(4, '\0'));
  EXPECT_FALSE(empty.next().is_ok());

  FrameReader other_version;
  std::string bytes = frame("x");
  bytes[4] = 2;
  other_version.feed(bytes);
  auto version = other_version.next();
  ASSERT_FALSE(version.is_ok());
  EXPECT_NE(version.status().message().find("wire version 2"), std::string::npos);
}

RC_GTEST_PROP(WireProperty, RandomBytesNeverCrashAndDecodedValuesReEncodeToTheSameBytes, (std::string bytes)) {
  auto envelope = decode_envelope(bytes);
  if (envelope.is_ok()) RC_ASSERT(encode_envelope(envelope.value()) == bytes);
  auto record = decode_record(bytes);
  if (record.is_ok()) RC_ASSERT(encode_record(record.value()) == bytes);
}

}  // namespace
}  // namespace qc
