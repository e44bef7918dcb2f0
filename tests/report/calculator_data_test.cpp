// report/calculator_data.h: claims reports become the calculator's configs, refuted
// claims get their bundle's timeline, and bad input names the field.
#include "report/calculator_data.h"

#include <gtest/gtest.h>

#include "explore/claims.h"

namespace qc {
namespace {

nlohmann::json report(int n, int r, int w, const char* linearizable) {
  return nlohmann::json::parse(R"({
    "quorums": {"nodes": 5, "n": )" + std::to_string(n) + R"(, "r": )" + std::to_string(r) + R"(, "w": )" +
                               std::to_string(w) + R"(, "sloppy": false},
    "store": {"read_repair": "async", "abd_writers": false, "sloppy_quorum": false, "durability": "durable"},
    "cases_run": 500, "budget_exhausted": false, "scope": "sampled",
    "faults": [{"kind": "partition", "events": 10, "fired": 9, "hit": 8, "ops_touched": 40}],
    "freshness": {"latency_profile": "slow-writes", "points": [{"t_us": 1000, "reads": 10, "fresh_reads": 7}],
                  "k_histogram": [{"k": 0, "reads": 9}, {"k": 2, "reads": 1}]},
    "claims": [{"property": "linearizable", "description": "d", "status": ")" + std::string(linearizable) +
                               R"(", "evidence": "sampled", "detail": "x", "bundle": "b/N3.json"}]})");
}

TEST(CalculatorData, ReportsBecomeConfigsAndRefutedClaimsTheirTimelines) {
  std::vector<std::string> asked;
  const auto timeline_of = [&](const std::string& path) {
    asked.push_back(path);
    return nlohmann::json{{"title", path}};
  };
  const auto data = calculator_data(nlohmann::json::array({report(3, 2, 2, "refuted"), report(3, 3, 1, "holds")}),
                                    "m.json", "two configurations", timeline_of);
  ASSERT_TRUE(data.is_ok()) << data.status().message();
  const nlohmann::json& configs = data.value()["configs"];
  ASSERT_EQ(configs.size(), 2u);
  EXPECT_EQ(configs[0]["r"], 2);
  EXPECT_EQ(configs[0]["read_repair"], "async");
  EXPECT_EQ(configs[0]["cases"], 500);
  EXPECT_EQ(configs[0]["faults"][0]["ops_hit"], 40);
  EXPECT_EQ(configs[0]["freshness"][0]["t_ms"], 1.0);
  EXPECT_EQ(configs[0]["freshness"][0]["fresh"], 7);
  EXPECT_EQ(configs[0]["k"], nlohmann::json::parse(R"([{"k": 0, "reads": 9}, {"k": 2, "reads": 1}])"));
  EXPECT_EQ(configs[0]["claims"][0]["status"], "REFUTED");
  EXPECT_EQ(configs[0]["claims"][0]["timeline"]["title"], "b/N3.json");
  EXPECT_EQ(configs[1]["claims"][0]["status"], "HOLDS");
  EXPECT_TRUE(configs[1]["claims"][0]["timeline"].is_null());
  EXPECT_EQ(asked, std::vector<std::string>{"b/N3.json"});  // only the refuted claim's bundle
  EXPECT_EQ(data.value()["latency_profile"], "slow-writes");
}

TEST(CalculatorData, BadInputNamesTheField) {
  const auto none = [](const std::string&) { return nlohmann::json(); };
  nlohmann::json broken = report(3, 2, 2, "refuted");
  broken["claims"][0]["status"] = "maybe";
  auto result = calculator_data(nlohmann::json::array({report(1, 1, 1, "holds"), broken}), "m.json", "", none);
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().message(), "m.json: [1].claims[0].status: 'maybe': expected holds, refuted or undecided");
  broken = report(3, 2, 2, "holds");
  broken["quorums"].erase("r");
  result = calculator_data(broken, "m.json", "", none);
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().message(), "m.json: [0].quorums.r: missing (expected a whole number)");
  broken = report(3, 4, 2, "holds");
  EXPECT_NE(calculator_data(broken, "m.json", "", none).status().message().find("expected 1 <= R, W <= N"),
            std::string::npos);
  EXPECT_FALSE(calculator_data(nlohmann::json::array(), "m.json", "", none).is_ok());
  EXPECT_FALSE(calculator_data(nlohmann::json::array({42}), "m.json", "", none).is_ok());
}

// A leader-based report as explore/claims.h writes it (no campaign run: the fields are
// what matters here).
nlohmann::json leader_report(LeaderReplication replication, LeaderReads reads) {
  ClaimsReport report;
  report.store.store = StoreKind::leader;
  report.store.node_count = 3;
  report.store.replication_factor = 3;
  report.store.read_repair = ReadRepair::none;
  report.store.leader.replication = replication;
  report.store.leader.reads = reads;
  report.leader = calculate_leader(report.store);
  report.cases_run = 40;
  ClaimLine line;
  line.property = "no-lost-writes";
  line.status = ClaimStatus::refuted;
  line.bundle_path = "b/leader.json";
  report.lines.push_back(line);
  return nlohmann::json(to_json(report));
}

TEST(CalculatorData, LeaderReportsAreTheirOwnConfigsWithRaftFiguresAndALabel) {
  std::vector<std::string> asked;
  const auto timeline_of = [&](const std::string& path) {
    asked.push_back(path);
    return nlohmann::json{{"title", path}};
  };
  const auto data = calculator_data(
      nlohmann::json::array({report(3, 2, 2, "holds"), leader_report(LeaderReplication::sync, LeaderReads::read_index),
                             leader_report(LeaderReplication::async, LeaderReads::read_index),
                             leader_report(LeaderReplication::sync, LeaderReads::follower)}),
      "m.json", "four", timeline_of);
  ASSERT_TRUE(data.is_ok()) << data.status().message();
  const nlohmann::json& configs = data.value()["configs"];
  ASSERT_EQ(configs.size(), 4u);
  // A report from before there were two stores is leaderless.
  EXPECT_EQ(configs[0]["store"], "leaderless");
  EXPECT_TRUE(configs[0]["leader"].is_null());
  EXPECT_EQ(configs[0]["n"], 3);
  const nlohmann::json& raft = configs[1];
  EXPECT_EQ(raft["store"], "leader");
  EXPECT_EQ(raft["nodes"], 3);
  for (const char* leaderless : {"n", "r", "w", "read_repair", "abd", "sloppy", "durability"})
    EXPECT_TRUE(raft[leaderless].is_null()) << leaderless << " is " << raft[leaderless];
  EXPECT_EQ(raft["leader"]["replication"], "sync");
  EXPECT_EQ(raft["leader"]["reads"], "read_index");
  EXPECT_EQ(raft["leader"]["majority"], 2);
  EXPECT_EQ(raft["leader"]["tolerates_down"], 1);
  EXPECT_EQ(raft["leader"]["election_timeout_min_us"], 150'000);
  EXPECT_EQ(raft["leader"]["election_timeout_max_us"], 300'000);
  EXPECT_EQ(raft["leader"]["heartbeat_interval_us"], 50'000);
  EXPECT_EQ(raft["leader"]["label"], "leader-based (Raft), sync, read-index reads");
  EXPECT_EQ(configs[2]["leader"]["label"], "leader-based (Raft), async, read-index reads");
  EXPECT_EQ(configs[3]["leader"]["label"], "leader-based (Raft), sync, follower reads");
  EXPECT_EQ(raft["cases"], 40);
  EXPECT_EQ(raft["claims"][0]["status"], "REFUTED");
  EXPECT_EQ(raft["claims"][0]["timeline"]["title"], "b/leader.json");
  EXPECT_EQ(asked.size(), 3u);
}

TEST(CalculatorData, BadLeaderReportsNameTheField) {
  const auto none = [](const std::string&) { return nlohmann::json(); };
  nlohmann::json broken = leader_report(LeaderReplication::sync, LeaderReads::read_index);
  broken["leader"]["reads"] = "lease";
  auto result = calculator_data(broken, "m.json", "", none);
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().message(), "m.json: [0].leader.reads: 'lease': expected read_index or follower");
  broken = leader_report(LeaderReplication::sync, LeaderReads::read_index);
  broken["leader"].erase("majority");
  result = calculator_data(broken, "m.json", "", none);
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().message(), "m.json: [0].leader.majority: missing (expected a whole number)");
  // The store kind also comes from the store's settings when store_kind is absent.
  broken = leader_report(LeaderReplication::sync, LeaderReads::read_index);
  broken.erase("store_kind");
  result = calculator_data(broken, "m.json", "", none);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  EXPECT_EQ(result.value()["configs"][0]["store"], "leader");
}

}  // namespace
}  // namespace qc
