#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "impl/version.h"

namespace qc {
namespace {

// Small domains so that ties in timestamp, node and value actually occur.
rc::Gen<Version> versions() {
  return rc::gen::build<Version>(
      rc::gen::set(&Version::timestamp_us, rc::gen::inRange<std::int64_t>(0, 3)),
      rc::gen::set(&Version::node, rc::gen::inRange<NodeId>(0, 2)),
      rc::gen::set(&Version::tombstone, rc::gen::arbitrary<bool>()),
      rc::gen::set(&Version::value, rc::gen::element<std::string>("", "a", "b", "ab")));
}

RC_GTEST_PROP(LwwMergeTest, IsCommutative, ()) {
  const Version a = *versions();
  const Version b = *versions();
  RC_ASSERT(lww_merge(a, b) == lww_merge(b, a));
}

RC_GTEST_PROP(LwwMergeTest, IsAssociative, ()) {
  const Version a = *versions();
  const Version b = *versions();
  const Version c = *versions();
  RC_ASSERT(lww_merge(lww_merge(a, b), c) == lww_merge(a, lww_merge(b, c)));
}

RC_GTEST_PROP(LwwMergeTest, IsIdempotentAndPicksAnInput, ()) {
  const Version a = *versions();
  const Version b = *versions();
  RC_ASSERT(lww_merge(a, a) == a);
  const Version merged = lww_merge(a, b);
  RC_ASSERT(merged == a || merged == b);
}

TEST(LwwMergeTest, TimestampThenNodeThenTombstoneThenValue) {
  const Version older{5, 2, false, "z"};
  const Version newer{6, 0, false, "a"};
  EXPECT_EQ(lww_merge(older, newer), newer);
  EXPECT_EQ(lww_merge(Version{6, 1, false, "a"}, newer), (Version{6, 1, false, "a"}));
  const Version tombstone{6, 0, true, ""};
  EXPECT_EQ(lww_merge(newer, tombstone), tombstone);
  EXPECT_EQ(lww_merge(Version{6, 0, false, "b"}, newer), (Version{6, 0, false, "b"}));
}

TEST(LwwMergeTest, PlantedTieBreakDependsOnArrivalOrder) {
  const Version a{6, 0, false, "a"};
  const Version b{6, 0, false, "b"};
  EXPECT_EQ(lww_merge(b, a, /*incoming_wins_ties=*/true), a);
  EXPECT_EQ(lww_merge(a, b, /*incoming_wins_ties=*/true), b);  // not commutative
}

TEST(VersionDigestTest, CoversEveryField) {
  const Version base{6, 1, false, "v"};
  const auto digest = version_digest("k", base);
  EXPECT_NE(digest, version_digest("k2", base));
  EXPECT_NE(digest, version_digest("k", Version{7, 1, false, "v"}));
  EXPECT_NE(digest, version_digest("k", Version{6, 2, false, "v"}));
  EXPECT_NE(digest, version_digest("k", Version{6, 1, true, "v"}));
  EXPECT_NE(digest, version_digest("k", Version{6, 1, false, "w"}));
}

}  // namespace
}  // namespace qc
