// End-to-end tests of `quorumcheck explore` and of replaying what it writes.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "common/run_binary.h"

namespace {

using qc::testing::CommandRun;

CommandRun run(const std::string& arguments) { return qc::testing::run_quorumcheck(arguments, ""); }

std::string temp(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("qc-explore-test-" + name)).string();
}

const std::string kInversion = "--read-repair async --workload 'c0: write k0; c1: read k0, read k0'";

TEST(ExploreCommand, RefutesWithTheShortestScheduleAndItsFileReplays) {
  const std::string out = temp("inversion.json");
  std::filesystem::remove(out);
  const CommandRun refuted = run("explore " + kInversion + " --out " + out);
  EXPECT_EQ(refuted.exit_code, 1) << refuted.output;
  EXPECT_NE(refuted.output.find("REFUTED: linearizable, by a schedule of"), std::string::npos) << refuted.output;
  EXPECT_NE(refuted.output.find("(the shortest: every schedule of fewer steps was explored)"), std::string::npos);
  EXPECT_NE(refuted.output.find("replay: quorumcheck replay " + out), std::string::npos);
  ASSERT_TRUE(std::filesystem::exists(out));
  const CommandRun replay = run("replay " + out);
  EXPECT_EQ(replay.exit_code, 1) << replay.output;
  EXPECT_NE(replay.output.find("REPRODUCED"), std::string::npos) << replay.output;
  // The same file again gives the same bytes: the search is deterministic.
  std::ifstream first(out);
  const std::string bytes((std::istreambuf_iterator<char>(first)), {});
  const std::string again = temp("inversion-again.json");
  EXPECT_EQ(run("explore " + kInversion + " --out " + again).exit_code, 1);
  std::ifstream second(again);
  EXPECT_EQ(bytes, std::string((std::istreambuf_iterator<char>(second)), {}));
}

TEST(ExploreCommand, HoldsExhaustivelyWithTheScopeAndFigures) {
  const CommandRun holds = run("explore --read-repair blocking --workload 'c0: write k0; c1: read k0, read k0'");
  EXPECT_EQ(holds.exit_code, 0) << holds.output;
  EXPECT_NE(holds.output.find("HOLDS EXHAUSTIVELY: linearizable"), std::string::npos) << holds.output;
  EXPECT_NE(holds.output.find("scope: M=3 N=3 R=2 W=2"), std::string::npos) << holds.output;
  EXPECT_NE(holds.output.find(" states, "), std::string::npos);
}

TEST(ExploreCommand, ARunOutBudgetIsIncompleteNotHolds) {
  const CommandRun incomplete = run("explore --max-states 100");
  EXPECT_EQ(incomplete.exit_code, 2) << incomplete.output;
  EXPECT_NE(incomplete.output.find("INCOMPLETE: the state budget ran out (100 states)"), std::string::npos)
      << incomplete.output;
  EXPECT_EQ(incomplete.output.find("HOLDS"), std::string::npos);
}

TEST(ExploreCommand, BadScopesAreUsageErrorsNamingTheProblem) {
  const CommandRun bad_op = run("explore --workload 'c0: write k0, jump k0'");
  EXPECT_EQ(bad_op.exit_code, 64) << bad_op.output;
  EXPECT_NE(bad_op.output.find("jump"), std::string::npos) << bad_op.output;
  const CommandRun bad_bug = run("explore --bug no_such_bug");
  EXPECT_EQ(bad_bug.exit_code, 64);
  EXPECT_NE(bad_bug.output.find("ack_before_store"), std::string::npos) << bad_bug.output;
  EXPECT_EQ(run("explore --crashes 99").exit_code, 64);
  EXPECT_EQ(run("explore --coordinators 7").exit_code, 64);
}

TEST(ExploreCommand, AnEditedCounterexampleIsRefusedNamingTheStep) {
  const std::string out = temp("edited.json");
  ASSERT_EQ(run("explore " + kInversion + " --out " + out).exit_code, 1);
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto at = text.find("\"kind\": \"deliver\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 17, "\"kind\": \"restart\"");  // a node that is not down
  std::ofstream(out) << text;
  const CommandRun replay = run("replay " + out);
  EXPECT_EQ(replay.exit_code, 65) << replay.output;
  EXPECT_NE(replay.output.find("step "), std::string::npos) << replay.output;
}

TEST(ClaimsCommand, AProveScopeSaysWhichKindOfHoldsEachLineIs) {
  const std::string out = temp("claims");
  std::filesystem::remove_all(out);
  const CommandRun claims = run("claims --nodes 3 --n 3 --r 2 --w 2 --cases 20 --out " + out +
                                " --prove-workload 'c0: write k0; c1: read k0'");
  EXPECT_EQ(claims.exit_code, 0) << claims.output;
  EXPECT_NE(claims.output.find("explored exhaustively too, within the scope: M=3 N=3 R=2 W=2"), std::string::npos)
      << claims.output;
  EXPECT_NE(claims.output.find("regular: HOLDS (exhaustive within scope + sampled) - holds on every schedule"),
            std::string::npos) << claims.output;
  EXPECT_NE(claims.output.find("writes-available: HOLDS (one run)"), std::string::npos) << claims.output;
  const CommandRun bad = run("claims --cases 1 --prove-workload 'c0: fly k0'");
  EXPECT_EQ(bad.exit_code, 64) << bad.output;
  EXPECT_NE(bad.output.find("--prove-workload"), std::string::npos) << bad.output;
}

// The leader-based store is no quorum configuration: claims prints Raft's majority
// arithmetic and the store's modes, never R + W > N or the regular-register note.
TEST(ClaimsCommand, TheLeaderStoreGetsRaftsArithmeticNotTheQuorumCalculator) {
  const std::string out = temp("claims-leader");
  std::filesystem::remove_all(out);
  const CommandRun raft = run("claims --store leader --nodes 3 --cases 30 --out " + out);
  EXPECT_EQ(raft.exit_code, 0) << raft.output;
  for (const char* expected : {"store: leader-based (Raft), M=3 nodes, each holding every key; replication sync, reads read_index",
                               "a write commits once a majority of 2 of the 3 nodes holds it",
                               "tolerates 1 of the 3 nodes down", "linearizable reads at the leader",
                               "a follower that hears no leader for 150 ms to 300 ms stands",
                               "linearizable: HOLDS", "writes-available:", "reads-available:"})
    EXPECT_NE(raft.output.find(expected), std::string::npos) << expected << " not in:\n" << raft.output;
  for (const char* leaderless : {"R + W > N", "quorums: M=", "regular register, not linearizability", "2W > N"})
    EXPECT_EQ(raft.output.find(leaderless), std::string::npos) << leaderless << " in:\n" << raft.output;

  const CommandRun follower = run("claims --store leader --nodes 3 --reads follower --replication async --cases 1 --out " + out);
  EXPECT_EQ(follower.exit_code, 0) << follower.output;
  EXPECT_NE(follower.output.find("replication async, reads follower"), std::string::npos) << follower.output;
  EXPECT_NE(follower.output.find("lost on failover"), std::string::npos) << follower.output;
  EXPECT_NE(follower.output.find("may be stale"), std::string::npos) << follower.output;

  const CommandRun prove = run("claims --store leader --cases 1 --prove-workload 'c0: write k0; c1: read k0'");
  EXPECT_EQ(prove.exit_code, 64) << prove.output;
  EXPECT_NE(prove.output.find("claims' proof scopes have no election or heartbeat budgets"), std::string::npos)
      << prove.output;
  std::filesystem::remove_all(out);
}

TEST(GateCommand, AProveScopeAddsAnExhaustiveCaseOnShardZeroOnly) {
  const std::string file = temp("gate.json");
  std::ofstream(file) << R"({"cases": 5, "configurations": [
    {"name": "async", "store": {"node_count": 3, "replication_factor": 3, "read_quorum": 2, "write_quorum": 2,
     "read_repair": "async"}, "require": ["linearizable"],
     "prove": {"workload": "c0: write k0; c1: read k0, read k0"}}]})";
  const std::string out = temp("gate-out");
  std::filesystem::remove_all(out);
  const CommandRun first = run("gate " + file + " --out " + out);
  EXPECT_EQ(first.exit_code, 1) << first.output;
  EXPECT_NE(first.output.find("async / linearizable (exhaustive within scope): REFUTED by a schedule of 15 steps"),
            std::string::npos) << first.output;
  EXPECT_TRUE(std::filesystem::exists(out + "/async/linearizable-counterexample.json"));
  EXPECT_EQ(run("replay " + out + "/async/linearizable-counterexample.json").exit_code, 1);
  const CommandRun other = run("gate " + file + " --out " + out + "-1 --shard 1/2");
  EXPECT_EQ(other.output.find("exhaustive"), std::string::npos) << other.output;
  std::ofstream(file) << R"({"configurations": [{"name": "x", "require": ["linearizable"],
    "prove": {"workload": "c0: fly k0"}}]})";
  const CommandRun bad = run("gate " + file + " --out " + out + "-2");
  EXPECT_EQ(bad.exit_code, 65) << bad.output;
  EXPECT_NE(bad.output.find("configuration x: prove: workload: client 0"), std::string::npos) << bad.output;
}

}  // namespace
