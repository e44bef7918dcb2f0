// The campaign loop: sharding, budgets, verdicts, and independence from RC_PARAMS.
#include <cstdlib>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "explore/campaign.h"
#include "explore_helpers.h"

namespace qc {
namespace {

using ::testing::HasSubstr;

CampaignOptions faulty_abd_campaign() {
  CampaignOptions options;
  options.space = test::abd_space();
  options.space.nemesis = {"partition", "crash", "clock"};
  options.properties = {"linearizable", "convergence"};
  options.cases = 40;
  return options;
}

std::map<std::uint64_t, std::string> cases_of(const CampaignOptions& options) {
  auto result = run_campaign(options);
  EXPECT_TRUE(result.is_ok()) << result.status().message();
  std::map<std::uint64_t, std::string> hashes;
  for (const CaseRecord& record : result.value().cases) hashes[record.index] = record.history_hash;
  return hashes;
}

TEST(Campaign, ShardsTogetherRunExactlyTheCasesOfOneShard) {
  CampaignOptions options = faulty_abd_campaign();
  const auto whole = cases_of(options);
  ASSERT_EQ(whole.size(), 40u);
  options.shard = {0, 2};
  auto halves = cases_of(options);
  options.shard = {1, 2};
  const auto other = cases_of(options);
  EXPECT_EQ(halves.size(), 20u);
  halves.insert(other.begin(), other.end());
  EXPECT_EQ(halves, whole);  // same indices, same histories
}

TEST(Campaign, AbdHoldsAndReportsWhatWasTried) {
  auto result = run_campaign(faulty_abd_campaign());
  ASSERT_TRUE(result.is_ok());
  for (const PropertyResult& property : result.value().properties) {
    EXPECT_EQ(property.status, ClaimStatus::holds) << property.property;
    EXPECT_EQ(property.cases_checked, 40u);
    EXPECT_THAT(property.fault_kinds_tried, ::testing::IsSupersetOf({"partition", "crash"}));
  }
}

TEST(Campaign, AStaleRcParamsReproduceCannotMakeItPass) {
  // A leftover `reproduce=` would make rc::check replay one recorded case and stop.
  ::setenv("RC_PARAMS", "reproduce=BchdlNGdvJ3XlRXYtVGZgMXZ0NXQ; max_success=1", 1);
  CampaignOptions options = faulty_abd_campaign();
  options.space.base.store.planted_bugs.read_returns_first_reply = true;
  options.properties = {"linearizable"};
  options.cases = 60;
  auto result = run_campaign(options);
  ::unsetenv("RC_PARAMS");
  ASSERT_TRUE(result.is_ok());
  EXPECT_EQ(result.value().cases_run, 60u);
  EXPECT_EQ(result.value().properties[0].cases_checked, 60u);
  EXPECT_EQ(result.value().properties[0].status, ClaimStatus::refuted);
}

TEST(Campaign, AnExhaustedCheckerBudgetIsUndecided) {
  CampaignOptions options = faulty_abd_campaign();
  options.properties = {"linearizable"};
  options.cases = 10;
  options.check_budget.search.steps = 1;
  options.check_budget.use_zones = false;  // the zone check needs no search steps
  auto result = run_campaign(options);
  ASSERT_TRUE(result.is_ok());
  EXPECT_EQ(result.value().properties[0].status, ClaimStatus::undecided);
  EXPECT_THAT(result.value().properties[0].undecided_reason, HasSubstr("step budget"));
}

TEST(Campaign, StopsStartingCasesWhenTheWallClockBudgetRunsOut) {
  CampaignOptions options = faulty_abd_campaign();
  options.budget_s = 1e-9;
  auto result = run_campaign(options);
  ASSERT_TRUE(result.is_ok());
  EXPECT_TRUE(result.value().budget_exhausted);
  EXPECT_LT(result.value().cases_run, result.value().cases_planned);
}

// 2^64 - 1 cases: planned by arithmetic, started until the budget ends, and the last
// shard's index arithmetic does not wrap (before, counting them looped for ever).
TEST(Campaign, AsManyCasesAsFitIn64BitsStillHonourTheBudget) {
  CampaignOptions options = faulty_abd_campaign();
  options.cases = UINT64_MAX;
  options.shard = {1, 2};
  options.budget_s = 0.2;
  auto result = run_campaign(options);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  EXPECT_EQ(result.value().cases_planned, (std::uint64_t{1} << 63) - 1);  // 1, 3, ..., 2^64 - 3
  EXPECT_TRUE(result.value().budget_exhausted);
  ASSERT_GT(result.value().cases_run, 0u);
  EXPECT_EQ(result.value().cases.front().index, 1u);
  EXPECT_EQ(result.value().cases.back().index, 2 * result.value().cases_run - 1);
}

// Cases cut short by their virtual-time limit judge nothing: undecided, not holds.
// A case still running when the budget ends is cut short and counts for nothing
// (a million-op case would otherwise run on for many seconds past the budget).
TEST(Campaign, ACaseStillRunningWhenTheBudgetEndsCountsForNothing) {
  CampaignOptions options = faulty_abd_campaign();
  options.space.ops = {1'000'000, 1'000'000};
  options.cases = 3;
  options.budget_s = 0.2;
  auto result = run_campaign(options);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  EXPECT_TRUE(result.value().budget_exhausted);
  EXPECT_EQ(result.value().cases_run, 0u);
  for (const PropertyResult& property : result.value().properties) {
    EXPECT_EQ(property.status, ClaimStatus::undecided);
    EXPECT_EQ(property.cases_checked, 0u);
  }
}

TEST(Campaign, CasesOutOfVirtualTimeAreUndecided) {
  CampaignOptions options = faulty_abd_campaign();
  options.space.base.virtual_time_us_max = 1'000;
  options.cases = 5;
  auto result = run_campaign(options);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  for (const PropertyResult& property : result.value().properties) {
    EXPECT_EQ(property.status, ClaimStatus::undecided) << property.property;
    EXPECT_THAT(property.undecided_reason, HasSubstr("virtual-time limit (virtual_time_us_max = 1000 us)"));
  }
}

TEST(Campaign, UsageErrors) {
  CampaignOptions options = faulty_abd_campaign();
  options.properties = {"linearizable", "serializable"};
  auto unknown = run_campaign(options);
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("unknown property \"serializable\"; expected one of linearizable"));
  EXPECT_FALSE(parse_shard("2/2").is_ok());
  EXPECT_FALSE(parse_shard("1").is_ok());
  EXPECT_EQ(parse_shard("3/4").value().index, 3u);
  EXPECT_FALSE(parse_property_list("linearizable,,convergence").is_ok());
}

TEST(Campaign, CaseSeedsDependOnlyOnTheCampaignSeedAndIndex) {
  EXPECT_EQ(case_seed(1, 5), case_seed(1, 5));
  EXPECT_NE(case_seed(1, 5), case_seed(2, 5));
  EXPECT_NE(case_seed(1, 5), case_seed(1, 6));
}

}  // namespace
}  // namespace qc
