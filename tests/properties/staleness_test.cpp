// Hand-made histories for k-staleness, t and the t-visibility curve (checker/staleness.h).
#include "checker/staleness.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "history_builder.h"

namespace qc {
namespace {

using test::HistoryBuilder;
using test::text;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::size_t threshold_index(const StalenessReport& report, std::int64_t t_us) {
  for (std::size_t i = 0; i < report.thresholds_us.size(); ++i)
    if (report.thresholds_us[i] == t_us) return i;
  ADD_FAILURE() << "no threshold " << t_us;
  return 0;
}

// Writes a, b, c acknowledged at 20, 40, 60 us; then reads of a (at 1060 us), c (5060 us)
// and b (5080 us).
struct ThreeWritesThreeReads {
  HistoryBuilder h;
  int c = 0, read_a = 0, read_c = 0, read_b = 0;
  ThreeWritesThreeReads() {
    h.wrote(0, "x", "a");
    h.wrote(0, "x", "b");
    c = h.wrote(0, "x", "c");
    read_a = h.at(1'060).read_as(1, "x", text("a"));
    read_c = h.at(5'060).read_as(1, "x", text("c"));
    read_b = h.read_as(1, "x", text("b"));
  }
};

TEST(Staleness, KCountsNewerAcknowledgedWritesAndTTheLatestAcknowledgement) {
  ThreeWritesThreeReads run;
  const StalenessReport report = measure_staleness(run.h.operations());
  ASSERT_EQ(report.per_read.size(), 3u);
  const ReadStaleness& of_a = report.per_read[0];
  EXPECT_EQ(of_a.read, run.read_a);
  EXPECT_EQ(of_a.k, 2u);
  EXPECT_EQ(of_a.newest_superseder, run.c);
  EXPECT_EQ(of_a.t_us, 1'000);
  EXPECT_EQ(of_a.last_acknowledged, run.c);
  EXPECT_EQ(of_a.gap_us, 1'000);
  const ReadStaleness& of_c = report.per_read[1];
  EXPECT_EQ(of_c.k, 0u);
  EXPECT_EQ(of_c.t_us, std::nullopt);
  EXPECT_EQ(of_c.gap_us, 5'000);
  EXPECT_EQ(report.per_read[2].k, 1u);
  EXPECT_EQ(report.per_read[2].t_us, 5'020);
}

TEST(Staleness, SummariesCountStaleReadsAndDistributeKAndT) {
  ThreeWritesThreeReads run;
  const StalenessReport report = measure_staleness(run.h.operations());
  EXPECT_EQ(report.reads, 3u);
  EXPECT_EQ(report.stale_reads, 2u);
  EXPECT_DOUBLE_EQ(report.stale_fraction, 2.0 / 3.0);
  EXPECT_THAT(report.k_histogram, ElementsAre(Pair(0u, 1u), Pair(1u, 1u), Pair(2u, 1u)));
  EXPECT_EQ(report.t_us_p50, 1'000);
  EXPECT_EQ(report.t_us_p90, 5'020);
  EXPECT_EQ(report.t_us_max, 5'020);
  EXPECT_EQ(report.t_histogram[threshold_index(report, 1'000)], 1u);
  EXPECT_EQ(report.t_histogram[threshold_index(report, 5'000)], 1u);
}

TEST(Staleness, VisibilityCurveBucketsReadsByTheGapSinceTheLastAcknowledgement) {
  ThreeWritesThreeReads run;
  const StalenessReport report = measure_staleness(run.h.operations());
  ASSERT_EQ(report.visibility.size(), report.thresholds_us.size());
  const VisibilityPoint& one_ms = report.visibility[threshold_index(report, 1'000)];
  EXPECT_EQ(one_ms.t_us_below, 2'000);
  EXPECT_EQ(one_ms.reads, 1u);
  EXPECT_EQ(one_ms.fresh_reads, 0u);
  const VisibilityPoint& five_ms = report.visibility[threshold_index(report, 5'000)];
  EXPECT_EQ(five_ms.reads, 2u);
  EXPECT_EQ(five_ms.probability_fresh(), 0.5);
  EXPECT_EQ(report.visibility[0].reads_at_least, 3u);
  EXPECT_EQ(report.visibility[0].fresh_reads_at_least, 1u);
  EXPECT_EQ(report.visibility[threshold_index(report, 2'000)].reads_at_least, 2u);
  const VisibilityPoint& ten_ms = report.visibility[threshold_index(report, 10'000)];
  EXPECT_EQ(ten_ms.reads_at_least, 0u);
  EXPECT_EQ(ten_ms.probability_fresh_at_least(), std::nullopt);
  EXPECT_EQ(report.visibility.back().t_us_below, std::nullopt);
}

TEST(Staleness, NilReadTakesTheLeastStaleDelete) {
  HistoryBuilder h;
  h.wrote(0, "x", "a");
  h.deleted(0, "x");
  h.wrote(0, "x", "b");
  const int last_delete = h.deleted(0, "x");
  h.read_as(1, "x", Value());
  const int c = h.wrote(0, "x", "c");
  h.read_as(1, "x", Value());
  const StalenessReport report = measure_staleness(h.operations());
  ASSERT_EQ(report.per_read.size(), 2u);
  EXPECT_EQ(report.per_read[0].k, 0u);
  EXPECT_EQ(report.per_read[0].write, last_delete);
  EXPECT_EQ(report.per_read[1].k, 1u);
  EXPECT_EQ(report.per_read[1].write, last_delete);
  EXPECT_EQ(report.per_read[1].newest_superseder, c);
}

TEST(Staleness, ConcurrentAndOpenWritesAreNotStaleAndUnexplainedReadsAreLeftOut) {
  HistoryBuilder h;
  h.read_as(1, "x", Value());  // before any write: k = 0, outside the curve
  h.wrote(0, "x", "a");
  const int b = h.write(0, "x", "b");
  h.info(b);
  h.read_as(1, "x", text("b"));
  h.read_as(1, "x", text("a"));
  h.read_as(1, "x", text("never written"));
  const StalenessReport report = measure_staleness(h.operations());
  EXPECT_EQ(report.reads, 4u);
  EXPECT_EQ(report.reads_unexplained, 1u);
  EXPECT_EQ(report.stale_reads, 0u);
  ASSERT_EQ(report.per_read.size(), 3u);
  EXPECT_EQ(report.per_read[0].last_acknowledged, kNoOp);
  EXPECT_EQ(report.per_read[0].gap_us, std::nullopt);
  EXPECT_EQ(report.visibility[0].reads_at_least, 2u);
}

TEST(Staleness, HistoriesWithoutTimesStillGiveK) {
  ThreeWritesThreeReads run;
  History untimed = run.h.history();
  for (Event& event : untimed.events) event.time.reset();
  const StalenessReport report = measure_staleness(pair_operations(untimed).value());
  EXPECT_EQ(report.stale_reads, 2u);
  EXPECT_EQ(report.per_read[0].t_us, std::nullopt);
  EXPECT_EQ(report.t_us_max, std::nullopt);
  EXPECT_EQ(report.visibility[0].reads_at_least, 0u);
}

TEST(Staleness, DefaultThresholdsAreLogSpacedFromZeroToTenSeconds) {
  const auto thresholds = default_visibility_thresholds_us();
  EXPECT_THAT(std::vector<std::int64_t>(thresholds.begin(), thresholds.begin() + 5),
              ElementsAre(0, 100, 200, 500, 1'000));
  EXPECT_EQ(thresholds.back(), 10'000'000);
  EXPECT_TRUE(std::is_sorted(thresholds.begin(), thresholds.end()));
  EXPECT_EQ(std::adjacent_find(thresholds.begin(), thresholds.end()), thresholds.end());
}

TEST(Staleness, JsonAndTextCarryTheSummary) {
  ThreeWritesThreeReads run;
  const StalenessReport report = measure_staleness(run.h.operations());
  const nlohmann::ordered_json json = to_json(report, true);
  EXPECT_EQ(json["reads"], 3);
  EXPECT_EQ(json["stale_reads"], 2);
  EXPECT_EQ(json["k_histogram"]["2"], 1);
  EXPECT_EQ(json["t_us"]["max"], 5'020);
  EXPECT_EQ(json["t_visibility"][0]["t_us"], 0);
  EXPECT_EQ(json["t_visibility"][0]["reads_at_least"], 3);
  EXPECT_TRUE(json["t_visibility"].back()["t_us_below"].is_null());
  ASSERT_EQ(json["stale"].size(), 2u);
  EXPECT_EQ(json["stale"][0]["newest_superseder"], run.c);
  EXPECT_FALSE(to_json(report).contains("stale"));
  const std::string text = render_staleness_text(report);
  EXPECT_THAT(text, HasSubstr("2 of 3 reads stale"));
  EXPECT_THAT(text, HasSubstr("max 5020 us"));
}

}  // namespace
}  // namespace qc
