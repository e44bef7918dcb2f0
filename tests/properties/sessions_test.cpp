// Hand-made histories for read-your-writes and monotonic reads (checker/sessions.h).
#include "checker/sessions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "checker/regular.h"
#include "history_builder.h"

namespace qc {
namespace {

using test::HistoryBuilder;
using test::text;
using ::testing::ElementsAre;

TEST(ReadYourWrites, AProcessMissingItsOwnAcknowledgedWriteIsReported) {
  HistoryBuilder h;
  const int old = h.wrote(1, "x", "old");
  const int own = h.write(0, "x", "mine");
  const int concurrent = h.write(1, "x", "theirs");
  h.ok(own);
  h.ok(concurrent);
  h.read_as(0, "x", text("mine"));
  h.read_as(0, "x", text("theirs"));  // concurrent with its write: not older
  const int stale = h.read_as(0, "x", text("old"));
  h.read_as(2, "x", text("old"));  // another process made no write: no session claim
  const SessionResult result = check_sessions(h.operations());
  ASSERT_EQ(result.count(SessionGuarantee::read_your_writes), 1u);
  const SessionViolation& v = result.violations[0];
  EXPECT_EQ(v.guarantee, SessionGuarantee::read_your_writes);
  EXPECT_EQ(v.process, 0);
  EXPECT_EQ(v.read, stale);
  EXPECT_EQ(v.read_write, old);
  EXPECT_EQ(v.earlier_write, own);
  EXPECT_EQ(v.earlier_read, kNoOp);
  EXPECT_THAT(v.involved_ops, ElementsAre(old, own, stale));
}

TEST(ReadYourWrites, NilAfterOwnWriteViolatesButNilAfterOwnDeleteDoesNot) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  const int nil_read = h.read_as(0, "x", Value());
  h.deleted(0, "x");
  h.read_as(0, "x", Value());
  const SessionResult result = check_sessions(h.operations());
  ASSERT_EQ(result.violations.size(), 1u);
  EXPECT_EQ(result.violations[0].read, nil_read);
  EXPECT_EQ(result.violations[0].read_write, kInitialState);
}

TEST(ReadYourWrites, AnUnacknowledgedWriteMakesNoClaim) {
  HistoryBuilder h;
  const int pending = h.write(0, "x", "a");
  h.info(pending);
  h.read_as(0, "x", Value());
  EXPECT_TRUE(check_sessions(h.operations()).holds(SessionGuarantee::read_your_writes));
}

TEST(MonotonicReads, NewThenOldInOneProcessIsReportedThoughRegular) {
  HistoryBuilder h;
  const int a = h.wrote(0, "x", "a");
  const int b = h.write(0, "x", "b");
  const int first = h.read_as(1, "x", text("b"));
  const int second = h.read_as(1, "x", text("a"));
  h.ok(b);
  const auto operations = h.operations();
  EXPECT_TRUE(check_regular(operations).regular());
  const SessionResult result = check_sessions(operations);
  EXPECT_EQ(result.count(SessionGuarantee::read_your_writes), 0u);
  ASSERT_EQ(result.count(SessionGuarantee::monotonic_reads), 1u);
  const SessionViolation& v = result.violations[0];
  EXPECT_EQ(v.read, second);
  EXPECT_EQ(v.read_write, a);
  EXPECT_EQ(v.earlier_read, first);
  EXPECT_EQ(v.earlier_write, b);
}

TEST(MonotonicReads, ConcurrentWritesMayAlternateAndOtherProcessesAreFree) {
  HistoryBuilder h;
  const int a = h.write(0, "x", "a");
  const int b = h.write(1, "x", "b");
  h.ok(a);
  h.ok(b);
  h.read_as(2, "x", text("a"));
  h.read_as(2, "x", text("b"));
  h.read_as(2, "x", text("a"));
  h.read_as(3, "x", text("b"));
  EXPECT_TRUE(check_sessions(h.operations()).violations.empty());
}

TEST(MonotonicReads, ComparesWithEveryEarlierReadNotOnlyThePrevious) {
  // old < newest in real time; middle overlaps both. Reading newest, middle, old:
  // old is not older than middle, but is older than newest.
  HistoryBuilder h;
  const int middle = h.write(0, "x", "middle");
  const int old = h.wrote(1, "x", "old");
  const int newest = h.wrote(1, "x", "newest");
  h.ok(middle);
  const int first = h.read_as(2, "x", text("newest"));
  h.read_as(2, "x", text("middle"));
  const int third = h.read_as(2, "x", text("old"));
  const SessionResult result = check_sessions(h.operations());
  ASSERT_EQ(result.violations.size(), 1u);
  EXPECT_EQ(result.violations[0].read, third);
  EXPECT_EQ(result.violations[0].read_write, old);
  EXPECT_EQ(result.violations[0].earlier_read, first);
  EXPECT_EQ(result.violations[0].earlier_write, newest);
  (void)middle;
}

TEST(MonotonicReads, NilReadNamesTheInitialStateAndDeletes) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  h.deleted(0, "x");
  h.read_as(1, "x", text("a"));
  h.read_as(1, "x", Value());  // the delete: newer, fine
  const int back = h.read_as(1, "x", text("a"));  // older than the delete it saw
  const SessionResult result = check_sessions(h.operations());
  ASSERT_EQ(result.count(SessionGuarantee::monotonic_reads), 1u);
  EXPECT_EQ(result.violations[0].read, back);
}

}  // namespace
}  // namespace qc
