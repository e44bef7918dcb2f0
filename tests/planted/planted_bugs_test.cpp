// Each planted bug (impl/config.h, PlantedBugs) is switched on in a campaign tuned to
// the fault that exposes it; the campaign must refute the property within a fixed
// number of cases and shrink the failure into a bundle, and the same campaign with the
// bug off must find nothing.
#include <filesystem>
#include <iostream>

#include <gtest/gtest.h>

#include "explore/planted_campaigns.h"
#include "explore/bundle.h"

namespace qc {
namespace {

class PlantedBug : public ::testing::TestWithParam<PlantedCampaign> {};

TEST_P(PlantedBug, IsCaughtAndShrunkIntoABundle) {
  const PlantedCampaign& planted = GetParam();
  CampaignOptions options = planted_campaign_options(planted, true);
  options.out_dir = (std::filesystem::temp_directory_path() / "qc-planted" / planted.name).string();
  std::filesystem::remove_all(options.out_dir);
  auto result = run_campaign(options);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  const PropertyResult& property = result.value().properties.at(0);
  ASSERT_EQ(property.status, ClaimStatus::refuted)
      << planted.name << " not caught by " << planted.property << " in " << property.cases_checked << " cases";
  ASSERT_EQ(property.refutations.size(), 1u);
  const Refutation& refutation = property.refutations[0];
  EXPECT_LE(refutation.ops_after_shrink, refutation.ops_before_shrink);
  std::cout << planted.name << ": caught in " << property.cases_violated << " of " << options.cases
            << " cases; case " << refutation.case_index << " shrunk from " << refutation.ops_before_shrink << " to " << refutation.ops_after_shrink
            << " client ops\n";
  EXPECT_TRUE(std::filesystem::exists(refutation.bundle_path)) << refutation.bundle_path;
}

TEST_P(PlantedBug, CorrectStorePassesTheSameCampaign) {
  const PlantedCampaign& planted = GetParam();
  CampaignOptions options = planted_campaign_options(planted, false);
  auto result = run_campaign(options);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  const PropertyResult& property = result.value().properties.at(0);
  EXPECT_EQ(property.status, ClaimStatus::holds)
      << planted.property << " refuted without the bug: "
      << (property.refutations.empty() ? "" : property.refutations[0].verdict.text);
  EXPECT_EQ(property.cases_checked, options.cases);
}

std::string bug_name(const ::testing::TestParamInfo<PlantedCampaign>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Store, PlantedBug, ::testing::ValuesIn(planted_campaigns().begin(), planted_campaigns().end()), bug_name);

}  // namespace

// Beside PlantedCampaign, where GoogleTest looks for it.
void PrintTo(const PlantedCampaign& planted, std::ostream* out) { *out << planted.name; }

}  // namespace qc
