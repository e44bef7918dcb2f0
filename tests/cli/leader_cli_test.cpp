// The leader-based store from the command line: run, downtime, cluster and explore.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/run_binary.h"

namespace {

qc::testing::CommandRun run(const std::string& arguments) { return qc::testing::run_quorumcheck(arguments, ""); }

TEST(LeaderCli, RunNamesTheStoreAndRecordsItInConfigJson) {
  const std::string out = ::testing::TempDir() + "qc-leader-run";
  const auto result = run("run --store leader --nodes 3 --ops 200 --out " + out);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("run: leader-based (Raft, sync replication, read_index reads) M=3"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("writes acknowledged again after a crash or partition"), std::string::npos);
  const auto replay = run("run --config " + out + "/config.json --workload " + out + "/workload.json --faults " + out +
                          "/faults.json --out " + out + "-replay");
  EXPECT_EQ(replay.exit_code, 0) << replay.output;
  EXPECT_NE(replay.output.find("run: leader-based"), std::string::npos) << "the store kind came back from config.json";
  const auto hash = [](const std::string& text) { return text.substr(text.find("fnv1a64"), 24); };
  EXPECT_EQ(hash(result.output), hash(replay.output));
}

TEST(LeaderCli, LeaderOptionsWithoutTheLeaderStoreAreUsageErrors) {
  const auto result = run("run --replication async");
  EXPECT_EQ(result.exit_code, 64) << result.output;
  EXPECT_NE(result.output.find("add --store leader"), std::string::npos) << result.output;
  const auto sloppy = run("run --store leader --sloppy true");
  EXPECT_EQ(sloppy.exit_code, 64) << sloppy.output;
  EXPECT_NE(sloppy.output.find("sloppy_quorum is an option of the leaderless store"), std::string::npos) << sloppy.output;
  const auto heartbeat = run("run --store leader --heartbeat-us 200000");
  EXPECT_EQ(heartbeat.exit_code, 64) << heartbeat.output;
  EXPECT_NE(heartbeat.output.find("below election_timeout_min_us"), std::string::npos) << heartbeat.output;
}

TEST(LeaderCli, DowntimeShowsTheLeaderStoreStoppingAndTheLeaderlessOneNot) {
  const auto leader = run("downtime --store leader --nodes 3 --seeds 3 --json");
  ASSERT_EQ(leader.exit_code, 0) << leader.output;
  const auto l = nlohmann::json::parse(leader.output);
  EXPECT_EQ(l["target_was_leader"], 3);
  EXPECT_GE(l["write_downtime"]["p50_ms"].get<double>(), 100.0);
  EXPECT_LE(l["write_downtime"]["max_ms"].get<double>(), 400.0);
  const auto leaderless = run("downtime --nodes 3 --seeds 3 --json");
  ASSERT_EQ(leaderless.exit_code, 0) << leaderless.output;
  const auto s = nlohmann::json::parse(leaderless.output);
  EXPECT_LT(s["write_downtime"]["max_ms"].get<double>(), 10.0);
  EXPECT_EQ(s["writes_failed_during_outage"], 0);
}

TEST(LeaderCli, AOneNodeRaftStoreIsValidAndWaitsOutItsOwnCrash) {
  // R and W are the leaderless store's: their defaults (2) must not refuse a 1-node Raft.
  const auto result = run("downtime --store leader --nodes 1 --seeds 2 --json");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto r = nlohmann::json::parse(result.output);
  EXPECT_GE(r["write_downtime"]["p50_ms"].get<double>(), 1000.0) << "nobody else can lead: back after the restart";
}

TEST(LeaderCli, DowntimeRefusesAWindowShorterThanTheFaultAndOutage) {
  const auto result = run("downtime --fault-at-ms 1000 --outage-ms 1000 --window-ms 1500");
  EXPECT_EQ(result.exit_code, 64) << result.output;
  EXPECT_NE(result.output.find("window"), std::string::npos) << result.output;
  EXPECT_EQ(run("downtime --fault flood").exit_code, 64);
  const auto huge = run("downtime --window-ms 3600000 --probe-interval-ms 0.002");
  EXPECT_EQ(huge.exit_code, 64) << huge.output;
  EXPECT_NE(huge.output.find("expected at most 100000 probe writes"), std::string::npos) << huge.output;
}

TEST(LeaderCli, ExploreNeedsAnElectionInTheBudgetAndThenHolds) {
  const auto none = run("explore --store leader --nodes 3 --workload 'c0: write k0'");
  EXPECT_EQ(none.exit_code, 64) << none.output;
  EXPECT_NE(none.output.find("--elections 0"), std::string::npos) << none.output;
  const auto one = run("explore --store leader --nodes 3 --elections 1 --workload 'c0: write k0'");
  EXPECT_EQ(one.exit_code, 0) << one.output;
  EXPECT_NE(one.output.find("HOLDS EXHAUSTIVELY"), std::string::npos) << one.output;
}

TEST(LeaderCli, ARaftClusterOfRealProcessesKeepsEveryAcknowledgedWriteThroughCrashes) {
  const std::string out = ::testing::TempDir() + "qc-leader-cluster";
  const auto result = run("cluster --store leader --nodes 3 --clients 3 --ops 150 --keys 3 --nemesis crash "
                          "--fault-episodes 2 --seed 7 --quiescence-ms 1000 --out " + out);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("crash n"), std::string::npos) << result.output;  // faults really landed
  EXPECT_NE(result.output.find("lost writes: 0 of"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find(": linearizable (register;"), std::string::npos) << result.output;
}

}  // namespace
