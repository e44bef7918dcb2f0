#include <filesystem>

#include <gtest/gtest.h>

#include "modelcheck/claims_proof.h"

namespace qc {
namespace {

ClaimLine sampled_line(const std::string& property, ClaimStatus status) {
  ClaimLine line;
  line.property = property;
  line.status = status;
  line.detail = "no counterexample in 10 sampled cases";
  return line;
}

Config async_majorities() {
  Config store;
  store.node_count = 3;
  store.replication_factor = 3;
  store.read_repair = ReadRepair::async;
  return store;
}

ProofScope scope_of(const std::string& workload) {
  ProofScope proof;
  proof.workload = parse_workload_text(workload).value();
  proof.limits.seconds = 120;
  return proof;
}

// The sampled cases missed the new-old inversion; the exhaustive scope does not, and
// turns the line into REFUTED with its counterexample file. regular holds in the same
// scope, and says which kind of HOLDS it is. Availability lines are left as they are.
TEST(ClaimsProof, RefutesWhatSamplingMissedAndLabelsWhatHolds) {
  ClaimsReport report;
  report.lines = {sampled_line("linearizable", ClaimStatus::holds), sampled_line("regular", ClaimStatus::holds),
                  sampled_line("writes-available", ClaimStatus::holds)};
  report.lines[2].evidence = "one run";
  const std::string out = (std::filesystem::temp_directory_path() / "qc-claims-proof").string();
  std::filesystem::remove_all(out);
  const Status proved =
      prove_within_scope(report, async_majorities(), scope_of("c0: write k0; c1: read k0, read k0"), CheckBudget{}, out);
  ASSERT_TRUE(proved.is_ok()) << proved.message();
  EXPECT_NE(report.proof_scope.find("c0: write k0; c1: read k0, read k0"), std::string::npos) << report.proof_scope;
  const ClaimLine& linearizable = report.lines[0];
  EXPECT_EQ(linearizable.status, ClaimStatus::refuted);
  EXPECT_EQ(linearizable.evidence, "exhaustive within scope + sampled");
  EXPECT_NE(linearizable.detail.find("(the shortest)"), std::string::npos) << linearizable.detail;
  EXPECT_TRUE(std::filesystem::exists(out + "/linearizable-counterexample.json"));
  const ClaimLine& regular = report.lines[1];
  EXPECT_EQ(regular.status, ClaimStatus::holds);
  EXPECT_EQ(regular.evidence, "exhaustive within scope + sampled");
  EXPECT_NE(regular.detail.find("holds on every schedule of the scope"), std::string::npos) << regular.detail;
  EXPECT_EQ(report.lines[2].evidence, "one run");
  EXPECT_EQ(report.lines[2].detail, "no counterexample in 10 sampled cases");
}

TEST(ClaimsProof, ARunOutBudgetLeavesTheSampledVerdictAndSaysSo) {
  ClaimsReport report;
  report.lines = {sampled_line("linearizable", ClaimStatus::holds)};
  ProofScope proof = scope_of("c0: write k0; c1: read k0, read k0");
  proof.limits.states_max = 100;
  ASSERT_TRUE(prove_within_scope(report, async_majorities(), proof, CheckBudget{}, "").is_ok());
  EXPECT_EQ(report.lines[0].status, ClaimStatus::holds);
  EXPECT_EQ(report.lines[0].evidence, "sampled");
  EXPECT_NE(report.lines[0].detail.find("INCOMPLETE"), std::string::npos) << report.lines[0].detail;
}

TEST(ClaimsProof, AScopeTheExplorerCannotModelIsAUsageError) {
  ClaimsReport report;
  Config store = async_majorities();
  store.coordinator_placement = CoordinatorPlacement::client;
  const Status status = prove_within_scope(report, store, scope_of("c0: write k0"), CheckBudget{}, "");
  ASSERT_FALSE(status.is_ok());
  EXPECT_EQ(status.kind(), ErrorKind::usage);
}

}  // namespace
}  // namespace qc
