// Hand-made histories for the regular-register check (checker/regular.h).
#include "checker/regular.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "history_builder.h"

namespace qc {
namespace {

using test::HistoryBuilder;
using test::text;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Regular, ReadOfASupersededWriteIsReportedWithItsEvidence) {
  HistoryBuilder h;
  const int a = h.wrote(0, "x", "a");
  const int b = h.wrote(0, "x", "b");
  const int fresh = h.read_as(1, "x", text("b"));
  const int stale = h.read_as(1, "x", text("a"));
  const RegularResult result = check_regular(h.operations());
  EXPECT_EQ(result.reads_checked, 2u);
  ASSERT_EQ(result.violations.size(), 1u);
  const RegularViolation& v = result.violations[0];
  EXPECT_EQ(v.kind, RegularViolationKind::superseded);
  EXPECT_EQ(v.read, stale);
  EXPECT_NE(v.read, fresh);
  EXPECT_EQ(v.value, text("a"));
  EXPECT_EQ(v.write, a);
  EXPECT_EQ(v.superseded_by, b);
  EXPECT_EQ(v.key, "x");
  EXPECT_THAT(v.involved_ops, ElementsAre(stale, a, b));
  EXPECT_THAT(v.explanation, HasSubstr("\"b\""));
}

TEST(Regular, ReadConcurrentWithAWriteMayReturnOldOrNewAndInvertOrder) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  const int b = h.write(0, "x", "b");
  h.read_as(1, "x", text("b"));  // sees the write in flight
  h.read_as(2, "x", text("a"));  // a later read sees the old value: new-old inversion
  h.ok(b);
  EXPECT_TRUE(check_regular(h.operations()).regular());
}

TEST(Regular, ConcurrentWritesAreNeitherNewerNorOlder) {
  HistoryBuilder h;
  const int a = h.write(0, "x", "a");
  const int b = h.write(1, "x", "b");
  h.ok(a);
  h.ok(b);
  h.read_as(2, "x", text("a"));
  h.read_as(2, "x", text("b"));
  h.read_as(2, "x", text("a"));
  EXPECT_TRUE(check_regular(h.operations()).regular());
}

TEST(Regular, InfoWriteMayBeReadLaterAndNeverSupersedes) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  const int c = h.write(0, "x", "c");
  h.info(c);
  h.read_as(1, "x", text("a"));
  h.read_as(1, "x", text("c"));  // took effect late
  h.read_as(1, "x", text("a"));  // or its effect was overwritten: nothing acknowledged it
  EXPECT_TRUE(check_regular(h.operations()).regular());
}

TEST(Regular, NilReadAfterAnAcknowledgedWriteIsStaleUnlessADeleteExplainsIt) {
  HistoryBuilder early;
  early.read_as(0, "x", Value());  // nothing written yet: fine
  const int a = early.wrote(0, "x", "a");
  const int nil_read = early.read_as(1, "x", Value());
  RegularResult result = check_regular(early.operations());
  ASSERT_EQ(result.violations.size(), 1u);
  EXPECT_EQ(result.violations[0].read, nil_read);
  EXPECT_EQ(result.violations[0].write, kInitialState);
  EXPECT_EQ(result.violations[0].superseded_by, a);

  HistoryBuilder deleted;
  deleted.wrote(0, "x", "a");
  deleted.deleted(0, "x");
  deleted.read_as(1, "x", Value());
  EXPECT_TRUE(check_regular(deleted.operations()).regular());
}

TEST(Regular, NilReadIsReportedAgainstTheLatestSupersededDelete) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  const int first_delete = h.deleted(0, "x");
  const int second_delete = h.deleted(0, "x");
  const int b = h.wrote(0, "x", "b");
  h.read_as(1, "x", Value());
  const RegularResult result = check_regular(h.operations());
  ASSERT_EQ(result.violations.size(), 1u);
  EXPECT_EQ(result.violations[0].write, second_delete);
  EXPECT_NE(result.violations[0].write, first_delete);
  EXPECT_EQ(result.violations[0].superseded_by, b);
}

TEST(Regular, ValueFromTheFutureAndUnwrittenValuesAreFlagged) {
  HistoryBuilder h;
  const int early = h.read_as(0, "x", text("d"));
  const int d = h.wrote(1, "x", "d");
  const int unwritten = h.read_as(0, "x", text("zzz"));
  const int failed = h.write(1, "x", "f");
  h.fail(failed);
  const int of_failed = h.read_as(0, "x", text("f"));
  const RegularResult result = check_regular(h.operations());
  ASSERT_EQ(result.violations.size(), 3u);
  EXPECT_EQ(result.violations[0].kind, RegularViolationKind::value_from_future);
  EXPECT_EQ(result.violations[0].read, early);
  EXPECT_EQ(result.violations[0].write, d);
  EXPECT_EQ(result.violations[1].kind, RegularViolationKind::unwritten_value);
  EXPECT_EQ(result.violations[1].read, unwritten);
  EXPECT_EQ(result.violations[1].write, kNoOp);
  EXPECT_EQ(result.violations[2].kind, RegularViolationKind::unwritten_value);  // fail: ignored
  EXPECT_EQ(result.violations[2].read, of_failed);
}

TEST(Regular, ReadOverlappingTheSupersedingWriteIsNotStale) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  const int b = h.write(0, "x", "b");
  const int read = h.read(1, "x");
  h.ok(b);  // acknowledged after the read began: the read may miss it
  h.ok(read, text("a"));
  EXPECT_TRUE(check_regular(h.operations()).regular());
}

TEST(Regular, KeysAreIndependent) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  h.wrote(0, "y", "b");
  h.read_as(1, "x", text("a"));
  h.read_as(1, "y", Value());  // stale on y only
  const RegularResult result = check_regular(h.operations());
  EXPECT_EQ(result.keys, 2u);
  ASSERT_EQ(result.violations.size(), 1u);
  EXPECT_EQ(result.violations[0].key, "y");
}

}  // namespace
}  // namespace qc
