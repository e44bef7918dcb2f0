// The quorum calculator's arithmetic and claims on configurations whose answers the
// literature gives (DESIGN.md: R + W > N gives a regular register, not linearizability;
// ABD with blocking read repair is linearizable; R = W = 1 serves stale reads).
#include <gtest/gtest.h>

#include "explore/claims.h"
#include "explore/latency_profiles.h"

namespace qc {
namespace {

Config store(std::uint32_t n, std::uint32_t r, std::uint32_t w) {
  Config config;
  config.node_count = 5;
  config.replication_factor = n;
  config.read_quorum = r;
  config.write_quorum = w;
  config.read_repair = ReadRepair::async;
  return config;
}

TEST(QuorumCalculator, OverlapAndTolerance) {
  const QuorumCalculation majority = calculate_quorums(store(3, 2, 2));
  EXPECT_TRUE(majority.reads_meet_writes);
  EXPECT_TRUE(majority.writes_meet_writes);
  EXPECT_EQ(majority.reads_tolerate_down, 1u);
  EXPECT_EQ(majority.writes_tolerate_down, 1u);
  const QuorumCalculation partial = calculate_quorums(store(3, 1, 1));
  EXPECT_FALSE(partial.reads_meet_writes);
  EXPECT_FALSE(partial.writes_meet_writes);
  EXPECT_EQ(partial.reads_tolerate_down, 2u);
  const QuorumCalculation read_all = calculate_quorums(store(3, 3, 1));
  EXPECT_TRUE(read_all.reads_meet_writes);
  EXPECT_FALSE(read_all.writes_meet_writes);
  EXPECT_EQ(read_all.reads_tolerate_down, 0u);
  Config sloppy = store(3, 2, 2);
  sloppy.sloppy_quorum = true;
  const QuorumCalculation hinted = calculate_quorums(sloppy);
  EXPECT_FALSE(hinted.reads_meet_writes) << "a sloppy quorum breaks the overlap";
  EXPECT_EQ(hinted.writes_tolerate_down, 3u);  // any W of the M nodes will do
  EXPECT_NE(render_text(majority).find("not linearizability"), std::string::npos);
}

ClaimsReport claims_for(const Config& config, std::uint64_t cases = 400) {
  ClaimsOptions options;
  options.campaign.space.base.store = config;
  options.campaign.space.base.network = latency_profile("slow-writes").value();
  options.campaign.space.nemesis = {"partition", "crash"};
  options.campaign.cases = cases;
  options.campaign.seed = 3;
  auto report = evaluate_claims(options);
  EXPECT_TRUE(report.is_ok()) << report.status().message();
  return report.value();
}

ClaimStatus status_of(const ClaimsReport& report, const std::string& property) {
  for (const ClaimLine& line : report.lines) {
    if (line.property == property) return line.status;
  }
  ADD_FAILURE() << "no claim " << property;
  return ClaimStatus::undecided;
}

TEST(Claims, MajorityQuorumsAreRegularButNotLinearizable) {
  const ClaimsReport report = claims_for(store(3, 2, 2));
  EXPECT_EQ(status_of(report, "linearizable"), ClaimStatus::refuted);
  EXPECT_EQ(status_of(report, "regular"), ClaimStatus::holds);
  EXPECT_EQ(status_of(report, "convergence"), ClaimStatus::holds);
  EXPECT_EQ(status_of(report, "writes-available"), ClaimStatus::holds);  // f = 1 <= N - W
  EXPECT_EQ(report.lines.size(), claim_properties().size() + 2);
  // A regular register's reads return the last acknowledged write or a newer one.
  ASSERT_GT(report.freshness.front().reads, 100u);
  EXPECT_EQ(report.freshness.front().fresh_reads, report.freshness.front().reads);
}

TEST(Claims, AbdWithBlockingRepairIsLinearizable) {
  Config abd = store(3, 2, 2);
  abd.read_repair = ReadRepair::blocking;
  abd.abd_writers = true;
  const ClaimsReport report = claims_for(abd);
  EXPECT_EQ(status_of(report, "linearizable"), ClaimStatus::holds);
  EXPECT_EQ(status_of(report, "monotonic-reads"), ClaimStatus::holds);
}

TEST(Claims, PartialQuorumsServeStaleReads) {
  const ClaimsReport report = claims_for(store(3, 1, 1));
  EXPECT_EQ(status_of(report, "regular"), ClaimStatus::refuted);
  EXPECT_EQ(status_of(report, "read-your-writes"), ClaimStatus::refuted);
  // Beside the worst case, how often: some reads right after a write are stale.
  const FreshnessPoint& at_once = report.freshness.front();
  EXPECT_EQ(at_once.t_us, 0);
  ASSERT_GT(at_once.reads, 100u);
  EXPECT_LT(at_once.fresh_reads, at_once.reads);
  EXPECT_GT(at_once.fresh_reads, at_once.reads / 2);
  EXPECT_NE(render_text(report).find("P(fresh | read starts >= t"), std::string::npos);
  EXPECT_EQ(to_json(report)["freshness"]["points"][0]["reads"], at_once.reads);
}

// What was tried includes the scheduling: a report under PCT says so in text and JSON;
// under the time order the text says nothing of it, as before.
TEST(Claims, ReportsNameTheSchedulingTheyRan) {
  ClaimsOptions options;
  options.campaign.space.base.store = store(3, 2, 2);
  options.campaign.space.nemesis = {"partition"};
  options.campaign.cases = 20;
  options.campaign.space.base.scheduling = {SchedulingStrategy::pct, 5'000, 3, 10'000};
  auto report = evaluate_claims(options);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_NE(render_text(report.value()).find("20 sampled cases, scheduling: pct:3 within 5000 us"), std::string::npos)
      << render_text(report.value());
  EXPECT_EQ(to_json(report.value())["scheduling"], "pct:3 within 5000 us");
  options.campaign.space.base.scheduling = SchedulingConfig{};
  auto plain = evaluate_claims(options);
  ASSERT_TRUE(plain.is_ok());
  EXPECT_EQ(render_text(plain.value()).find("scheduling"), std::string::npos);
  EXPECT_EQ(to_json(plain.value())["scheduling"], "time order");
}

TEST(Claims, AvailabilityFollowsTheQuorumSizes) {
  SimConfig base;
  base.store = store(3, 3, 1);
  EXPECT_EQ(measure_availability(base, /*writes=*/false, 1).status, ClaimStatus::refuted);  // R = N
  EXPECT_EQ(measure_availability(base, /*writes=*/true, 2).status, ClaimStatus::holds);     // W = 1
  base.store = store(3, 2, 2);
  EXPECT_EQ(measure_availability(base, /*writes=*/true, 2).status, ClaimStatus::refuted);
  EXPECT_EQ(measure_availability(base, /*writes=*/false, 1).status, ClaimStatus::holds);
}

}  // namespace
}  // namespace qc
