// Each planted bug (impl/config.h, PlantedBugs) is switched on in a campaign tuned to
// the fault that exposes it; the campaign must refute the property within a fixed
// number of cases and shrink the failure into a bundle, and the same campaign with the
// bug off must find nothing.
#include <filesystem>
#include <iostream>

#include <gtest/gtest.h>

#include "explore/campaign.h"
#include "explore/bundle.h"

namespace qc {
namespace {

struct PlantedCase {
  const char* name;
  void (*plant)(PlantedBugs&);
  void (*configure)(CampaignOptions&);  // the store, workload and faults that expose it
  const char* property;
};

CampaignOptions base_options(const std::string& property) {
  CampaignOptions options;
  options.properties = {property};
  options.cases = 60;
  options.seed = 11;
  options.shrink_runs_max = 200;
  options.space.base.store.node_count = 3;
  return options;
}

const PlantedCase kPlanted[] = {
    {"ack_before_store", [](PlantedBugs& b) { b.ack_before_store = true; },
     [](CampaignOptions& o) {
       // A crash loses what was acknowledged but not stored. With one replica per key
       // no other copy can bring the write back.
       o.space.base.store.replication_factor = 1;
       o.space.base.store.read_quorum = 1;
       o.space.base.store.write_quorum = 1;
       o.space.nemesis = {"crash"};
       o.space.ops = {5, 30};
     },
     "no-lost-writes"},
    {"read_returns_first_reply", [](PlantedBugs& b) { b.read_returns_first_reply = true; },
     [](CampaignOptions& o) {
       o.space.base.store.read_repair = ReadRepair::blocking;
       o.space.base.store.abd_writers = true;  // linearizable, but for the bug
       o.space.base.network.latency_by_class[class_index(MessageClass::write_request)] =
           LatencyDistribution::pareto(1000, 1.1);
       o.space.clients = {3, 5};
       o.space.ops = {20, 80};
     },
     "linearizable"},
    {"read_repair_writes_stale", [](PlantedBugs& b) { b.read_repair_writes_stale = true; },
     [](CampaignOptions& o) {
       o.space.base.store.read_repair = ReadRepair::blocking;
       o.space.base.store.abd_writers = true;
       o.space.base.network.latency_by_class[class_index(MessageClass::write_request)] =
           LatencyDistribution::pareto(1000, 1.1);
       o.space.clients = {3, 5};
       o.space.ops = {20, 80};
     },
     "linearizable"},
    {"anti_entropy_skips_last_range", [](PlantedBugs& b) { b.anti_entropy_skips_last_range = true; },
     [](CampaignOptions& o) {
       o.space.base.store.read_repair = ReadRepair::none;  // only anti-entropy can repair
       o.space.nemesis = {"partition"};
       o.space.keys = {44, 50};  // k43 is the first key in the ring's last range
       o.space.read_weight = {0, 0};
       o.space.ops = {150, 300};
     },
     "convergence"},
    {"hints_dropped_on_restart", [](PlantedBugs& b) { b.hints_dropped_on_restart = true; },
     [](CampaignOptions& o) {
       // A coordinator cut off from a key's only replica (N=1) keeps the write as a
       // hint (W=1); if the node holding it restarts before the heal, the bug forgets
       // the only copy. That loses the write only when it is the key's last: writes to
       // two or three keys, so that the ops on the others carry the crash and restart.
       o.space.base.store.node_count = 5;
       o.space.base.store.sloppy_quorum = true;
       o.space.base.store.replication_factor = 1;
       o.space.base.store.write_quorum = 1;
       o.space.base.store.read_quorum = 1;
       o.space.nemesis = {"partition", "crash"};
       o.space.base.failure_detection_us = 1'000;  // fallbacks take over at once
       o.space.base.workload.think_time = LatencyDistribution::uniform(0, 50'000);
       o.space.keys = {2, 3};
       o.space.read_weight = {0, 0};
       o.space.ops = {4, 12};
       o.space.clients = {1, 2};
       o.space.fault_episodes_max = 10;  // a partition and a crash of the right node
       o.cases = 3000;
     },
     "no-lost-writes"},
    {"lww_tie_break_by_arrival", [](PlantedBugs& b) { b.lww_tie_break_by_arrival = true; },
     [](CampaignOptions& o) {
       // No think time: every client writes the one key at time 0, and with more
       // clients than nodes two share a coordinator, which stamps their writes alike.
       // Only the tie-break orders them, and reordering shows them to replicas in
       // different orders.
       o.space.base.workload.think_time = LatencyDistribution::constant(0);
       for (auto& latency : o.space.base.network.latency_by_class) latency = LatencyDistribution::constant(300);
       o.space.base.network.reorder_probability = 0.5;
       o.space.clients = {4, 5};
       o.space.keys = {1, 1};
       o.space.read_weight = {0, 0};
       o.space.ops = {4, 10};
       o.cases = 600;
     },
     "convergence"},
};

class PlantedBug : public ::testing::TestWithParam<PlantedCase> {};

TEST_P(PlantedBug, IsCaughtAndShrunkIntoABundle) {
  const PlantedCase& planted = GetParam();
  CampaignOptions options = base_options(planted.property);
  planted.configure(options);
  planted.plant(options.space.base.store.planted_bugs);
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
  const PlantedCase& planted = GetParam();
  CampaignOptions options = base_options(planted.property);
  planted.configure(options);  // the bug stays off
  auto result = run_campaign(options);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  const PropertyResult& property = result.value().properties.at(0);
  EXPECT_EQ(property.status, ClaimStatus::holds)
      << planted.property << " refuted without the bug: "
      << (property.refutations.empty() ? "" : property.refutations[0].verdict.text);
  EXPECT_EQ(property.cases_checked, options.cases);
}

std::string bug_name(const ::testing::TestParamInfo<PlantedCase>& info) { return info.param.name; }
void PrintTo(const PlantedCase& planted, std::ostream* out) { *out << planted.name; }

INSTANTIATE_TEST_SUITE_P(Store, PlantedBug, ::testing::ValuesIn(kPlanted), bug_name);

}  // namespace
}  // namespace qc
