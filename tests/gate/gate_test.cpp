// Gate files, the JUnit report, sharding, a stale RC_PARAMS, and the command's exit codes.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "common/run_binary.h"

#include "explore/gate.h"

namespace qc {
namespace {

const char* kPlantedGate = R"({
  "seed": 5, "cases": 60, "latency": "heavy-tailed-writes", "nemesis": "none",
  "configurations": [
    {"name": "abd", "store": {"node_count": 3, "replication_factor": 3, "read_quorum": 2, "write_quorum": 2, "read_repair": "blocking", "abd_writers": true},
     "require": ["linearizable"]},
    {"name": "abd-first-reply",
     "store": {"node_count": 3, "replication_factor": 3, "read_quorum": 2, "write_quorum": 2, "read_repair": "blocking", "abd_writers": true,
               "planted_bugs": {"read_returns_first_reply": true}},
     "require": ["linearizable", "convergence"]}
  ]
})";

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("qc-gate-test-" + name)).string();
}

std::string write_temp(const std::string& name, const std::string& content) {
  const std::string path = temp_path(name);
  std::ofstream(path) << content;
  return path;
}

using qc::testing::CommandRun;

CommandRun run(const std::string& arguments, const std::string& environment = "") {
  return qc::testing::run_quorumcheck(arguments, environment);
}

TEST(GateFile, ParsesConfigurationsAndOverrides) {
  auto spec = parse_gate(kPlantedGate, "gate.json");
  ASSERT_TRUE(spec.is_ok()) << spec.status().message();
  ASSERT_EQ(spec.value().configurations.size(), 2u);
  const GateConfiguration& planted = spec.value().configurations[1];
  EXPECT_EQ(planted.name, "abd-first-reply");
  EXPECT_TRUE(planted.campaign.space.base.store.planted_bugs.read_returns_first_reply);
  EXPECT_TRUE(planted.campaign.space.base.store.abd_writers);
  EXPECT_EQ(planted.campaign.cases, 60u);
  EXPECT_EQ(planted.campaign.seed, 5u);
  EXPECT_EQ(planted.campaign.properties, (std::vector<std::string>{"linearizable", "convergence"}));
}

TEST(GateFile, ReadsAProveScopeAndRefusesABadOne) {
  auto spec = parse_gate(R"({"configurations": [{"require": ["linearizable"],
      "prove": {"workload": "c0: write k0", "losses": 1, "max_states": 500}}]})", "g.json");
  ASSERT_TRUE(spec.is_ok()) << spec.status().message();
  const auto& prove = spec.value().configurations[0].prove;
  ASSERT_TRUE(prove.has_value());
  EXPECT_EQ(prove->workload, "c0: write k0");
  EXPECT_EQ(prove->losses, 1u);
  EXPECT_EQ(prove->crashes, 0u);
  EXPECT_EQ(prove->max_states, 500u);
  EXPECT_FALSE(parse_gate(R"({"configurations": [{"require": ["linearizable"]}]})", "g.json").value().configurations[0].prove);
  auto missing = parse_gate(R"({"configurations": [{"require": ["linearizable"], "prove": {"losses": 1}}]})", "g.json");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_NE(missing.status().message().find("$.configurations[0].prove.workload"), std::string::npos)
      << missing.status().message();
  auto too_many = parse_gate(R"({"configurations": [{"require": ["linearizable"],
      "prove": {"workload": "c0: write k0", "crashes": 9}}]})", "g.json");
  EXPECT_FALSE(too_many.is_ok());
}

TEST(GateFile, ReadsTheSchedulingStrategyAndItsOverrides) {
  auto spec = parse_gate(R"({"strategy": "pct:4", "strategy_window_us": 2000, "configurations": [
      {"name": "a", "require": ["linearizable"]},
      {"name": "b", "require": ["linearizable"], "strategy": "random"},
      {"name": "c", "require": ["linearizable"], "strategy": "time", "strategy_window_us": 0}]})", "g.json");
  ASSERT_TRUE(spec.is_ok()) << spec.status().message();
  const auto scheduling = [&](std::size_t i) { return spec.value().configurations.at(i).campaign.space.base.scheduling; };
  EXPECT_EQ(scheduling(0).strategy, SchedulingStrategy::pct);
  EXPECT_EQ(scheduling(0).pct_depth, 4);
  EXPECT_EQ(scheduling(0).window_us, 2000);
  EXPECT_EQ(scheduling(1).strategy, SchedulingStrategy::random);
  EXPECT_EQ(scheduling(1).window_us, 2000);
  EXPECT_EQ(scheduling(2), SchedulingConfig{});
  auto plain = parse_gate(R"({"configurations": [{"require": ["linearizable"]}]})", "g.json");
  ASSERT_TRUE(plain.is_ok());
  EXPECT_EQ(plain.value().configurations[0].campaign.space.base.scheduling, SchedulingConfig{});
}

TEST(GateFile, ErrorsNameTheFileThePathAndWhatWasExpected) {
  auto expect_error = [](const std::string& text, const std::string& path, const std::string& expected) {
    auto spec = parse_gate(text, "g.json");
    ASSERT_FALSE(spec.is_ok()) << text;
    EXPECT_EQ(spec.status().kind(), ErrorKind::malformed);
    EXPECT_NE(spec.status().message().find("g.json: " + path), std::string::npos) << spec.status().message();
    EXPECT_NE(spec.status().message().find(expected), std::string::npos) << spec.status().message();
  };
  expect_error("[1]", "$", "expected a gate file");
  {
    auto truncated = parse_gate("{\"seed\": 1,\n \"configurations\": [1,2", "g.json");
    EXPECT_EQ(truncated.status().message().rfind("g.json:2:24: the JSON ends too early", 0), 0u)
        << truncated.status().message();
  }
  expect_error("{}", "$.configurations", "non-empty list");
  expect_error(R"({"configurations":[{"require":["linearizable"],"store":{"node_count":4294967296}}]})",
               "$.configurations[0].store.node_count", "expected a non-negative integer in range");
  expect_error(R"({"configurations":[{"require":["linearizable"],"store":{"read_quorum":"two"}}]})",
               "$.configurations[0].store.read_quorum", "expected a non-negative integer in range");
  // One spelling: the store object is config.json's (sim/config_json.h).
  expect_error(R"({"configurations":[{"require":["linearizable"],"store":{"nodes":3}}]})",
               "$.configurations[0].store.nodes", "is not a known field");
  expect_error(R"({"configurations":[{"require":["fast"]}]})", "$.configurations[0].require[0]",
               "expected one of linearizable");
  expect_error(R"({"configurations":[{"require":["regular"],"store":{"planted_bugs":{"oops":true}}}]})",
               "$.configurations[0].store.planted_bugs.oops", "is not a known field");
  expect_error(R"({"configurations":[{"require":["regular"],"store":{"quorum":2}}]})",
               "$.configurations[0].store.quorum", "is not a known field");
  expect_error(R"({"nemesis":"flood","configurations":[{"require":["regular"]}]})",
               "$.configurations[0].nemesis", "flood");
  expect_error(R"({"configurations":[{"require":["regular"],"strategy":"fifo"}]})",
               "$.configurations[0].strategy", "found \"fifo\"; expected time, random or pct:D");
  expect_error(R"({"strategy":"pct:0","configurations":[{"require":["regular"]}]})",
               "$.configurations[0].strategy", "expected pct:D with a depth D from 1 to 100");
  expect_error(R"({"strategy_window_us":-1,"configurations":[{"require":["regular"]}]})",
               "$.strategy_window_us", "expected at least 0");
  expect_error(R"({"configurations":[{"require":["regular"],"strategy_window_us":3600000001}]})",
               "$.configurations[0].strategy_window_us", "expected at most 3600000000");
  // Typos are errors, not defaults: at the top, in a configuration.
  expect_error(R"({"budget_S":3,"configurations":[{"require":["regular"]}]})", "$.budget_S",
               "is not a known field; expected one of seed, cases, budget_s");
  expect_error(R"({"configurations":[{"requires":["regular"],"require":["regular"]}]})",
               "$.configurations[0].requires", "is not a known field");
  // Names are folders under --out: nothing outside it, no two alike.
  for (const char* name : {"../../x", "/abs", "..", "a/b", ""})
    expect_error(std::string(R"({"configurations":[{"name":")") + name + R"(","require":["regular"]}]})",
                 "$.configurations[0].name", "letters, digits, '.', '_' or '-'");
  expect_error(R"({"configurations":[{"name":"a","require":["regular"]},{"name":"a","require":["regular"]}]})",
               "$.configurations[1].name", "names an earlier configuration too");
}

TEST(GateCommand, RefusesOutputPathsItCannotWriteBeforeRunning) {
  const std::string gate = write_temp("tiny.json", R"({"cases": 2, "nemesis": "none",
    "configurations": [{"name": "a", "require": ["regular"], "store": {"node_count": 3}}]})");
  const std::string directory = temp_path("junit-is-a-directory");
  std::filesystem::create_directories(directory);
  const CommandRun junit = run("gate " + gate + " --out " + temp_path("tiny-out") + " --junit " + directory);
  EXPECT_EQ(junit.exit_code, 64) << junit.output;
  EXPECT_NE(junit.output.find("--junit " + directory + ": is a directory; expected a file name"), std::string::npos)
      << junit.output;
  EXPECT_EQ(junit.output.find("PASSED"), std::string::npos) << junit.output;
  const std::string file = write_temp("plain-file", "x");
  const CommandRun out = run("gate " + gate + " --out " + file + "/sub");
  EXPECT_EQ(out.exit_code, 64) << out.output;
  EXPECT_NE(out.output.find("--out " + file + "/sub: cannot create the directory"), std::string::npos) << out.output;
  const CommandRun campaign = run("campaign --cases 1 --out " + file + "/sub");
  EXPECT_EQ(campaign.exit_code, 64) << campaign.output;
}

TEST(Gate, FailsOnAPlantedBugWithAJUnitFailureAndABundle) {
  auto spec = parse_gate(kPlantedGate, "gate.json");
  ASSERT_TRUE(spec.is_ok());
  const std::string out = temp_path("planted");
  std::filesystem::remove_all(out);
  auto result = run_gate(spec.value(), Shard{}, out, nullptr);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  EXPECT_FALSE(result.value().passed());
  EXPECT_TRUE(result.value().any_refuted());
  const std::string xml = to_junit_xml(result.value(), Shard{});
  EXPECT_NE(xml.find("tests=\"3\" failures=\"1\" errors=\"0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase classname=\"abd-first-reply\" name=\"linearizable\""), std::string::npos);
  EXPECT_NE(xml.find("<failure message=\"refuted"), std::string::npos);
  EXPECT_NE(xml.find("replay: quorumcheck replay " + out + "/abd-first-reply/"), std::string::npos) << xml;
  for (const GateCaseResult& c : result.value().cases) {
    if (c.property.status == ClaimStatus::refuted) {
      EXPECT_TRUE(std::filesystem::exists(c.property.refutations.at(0).bundle_path));
    }
  }
}

TEST(Gate, ShardsTogetherRunEveryCaseOnce) {
  auto spec = parse_gate(kPlantedGate, "gate.json");
  ASSERT_TRUE(spec.is_ok());
  auto whole = run_gate(spec.value(), Shard{0, 1}, "", nullptr);
  auto first = run_gate(spec.value(), Shard{0, 2}, "", nullptr);
  auto second = run_gate(spec.value(), Shard{1, 2}, "", nullptr);
  ASSERT_TRUE(whole.is_ok() && first.is_ok() && second.is_ok());
  EXPECT_EQ(first.value().campaign_cases_run + second.value().campaign_cases_run, whole.value().campaign_cases_run);
  EXPECT_EQ(whole.value().campaign_cases_run, 120u);
  EXPECT_TRUE(first.value().any_refuted() || second.value().any_refuted());
}

// A sampled verdict names the scheduling its cases ran under; the bundle records it, so
// that the replay runs the same order.
TEST(GateCommand, SaysWhichSchedulingItsCasesRanUnder) {
  const std::string file = write_temp("pct.json", R"({
    "seed": 5, "cases": 60, "latency": "heavy-tailed-writes", "nemesis": "none",
    "strategy": "pct:3", "strategy_window_us": 2000,
    "configurations": [
      {"name": "abd-first-reply",
       "store": {"node_count": 3, "replication_factor": 3, "read_quorum": 2, "write_quorum": 2, "read_repair": "blocking", "abd_writers": true,
                 "planted_bugs": {"read_returns_first_reply": true}},
       "require": ["linearizable"]}]})");
  const std::string out = temp_path("pct");
  std::filesystem::remove_all(out);
  const CommandRun gated = run("gate " + file + " --out " + out);
  EXPECT_EQ(gated.exit_code, 1) << gated.output;
  EXPECT_NE(gated.output.find("cases (scheduling: pct:3 within 2000 us); replay: quorumcheck replay "), std::string::npos)
      << gated.output;
  const std::smatch bundle = [&] {
    std::smatch match;
    std::regex_search(gated.output, match, std::regex("replay: quorumcheck replay (\\S+)"));
    return match;
  }();
  ASSERT_FALSE(bundle.empty()) << gated.output;
  std::ifstream bundle_file(bundle[1].str());
  const std::string recorded((std::istreambuf_iterator<char>(bundle_file)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(std::regex_search(recorded, std::regex(R"("scheduling": \{\s*"strategy": "pct",\s*"window_us": 2000,\s*"pct_depth": 3)")))
      << recorded;
  const CommandRun replayed = run("replay " + bundle[1].str());
  EXPECT_EQ(replayed.exit_code, 1) << replayed.output;  // reproduced, under the recorded order
}

TEST(GateCommand, ExitCodesAndReport) {
  const std::string file = write_temp("planted.json", kPlantedGate);
  const std::string out = temp_path("cmd");
  std::filesystem::remove_all(out);
  const CommandRun failed = run("gate " + file + " --out " + out);
  EXPECT_EQ(failed.exit_code, 1) << failed.output;
  EXPECT_NE(failed.output.find("gate FAILED"), std::string::npos) << failed.output;
  EXPECT_TRUE(std::filesystem::exists(out + "/junit-shard-0-of-1.xml"));
  const CommandRun malformed = run("gate " + write_temp("bad.json", "{\"configurations\": 3}"));
  EXPECT_EQ(malformed.exit_code, 65) << malformed.output;
  EXPECT_EQ(run("gate " + file + " --shard 2/2").exit_code, 64);
  EXPECT_EQ(run("gate /nonexistent/gate.json").exit_code, 65);
}

// A claim tested on no case is not a claim that holds.
TEST(ClaimsCommand, ExitsTwoAndSaysUndecidedWhenNoCaseRan) {
  const CommandRun none = run("claims --n 3 --r 2 --w 2 --cases 0 --out " + temp_path("claims-none"));
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_NE(none.output.find("linearizable: UNDECIDED - no case ran: 0 cases were asked for"),
            std::string::npos) << none.output;
  EXPECT_NE(none.output.find("UNDECIDED: no case ran, so no claim was tested"), std::string::npos);
  EXPECT_EQ(none.output.find("no counterexample in"), std::string::npos) << none.output;
  const CommandRun starved =
      run("claims --n 3 --r 2 --w 2 --cases 50 --budget-s 0.000000001 --out " + temp_path("claims-starved"));
  EXPECT_EQ(starved.exit_code, 2) << starved.output;
  EXPECT_NE(starved.output.find("regular: UNDECIDED - no case ran: the wall-clock budget of"), std::string::npos)
      << starved.output;
}

// On claims' defaults (and with pause and loss added), at least 90% of the crash,
// partition, pause and loss events hit the workload: "HOLDS - faults that hit the
// workload: partition, crash" means that those faults met the ops (issue 7).
TEST(ClaimsCommand, ItsFaultsHitTheWorkload) {
  for (const std::string nemesis : {"", " --nemesis partition,crash,pause,loss"}) {
    const CommandRun claims = run("claims --n 3 --r 2 --w 2" + nemesis + " --out " + temp_path("claims-hits"));
    ASSERT_EQ(claims.exit_code, 0) << claims.output;
    const std::regex tally(R"(([a-z-]+) (\d+)/(\d+) hit)");
    const std::string line = claims.output.substr(claims.output.find("fault events that hit the workload, by kind:"));
    std::set<std::string> kinds;
    for (auto it = std::sregex_iterator(line.begin(), line.begin() + static_cast<long>(line.find('\n')), tally);
         it != std::sregex_iterator(); ++it) {
      const double hit = std::stod((*it)[2]), fired = std::stod((*it)[3]);
      kinds.insert((*it)[1]);
      EXPECT_GT(fired, 500) << (*it)[0];
      EXPECT_GE(hit, 0.9 * fired) << "claims" << nemesis << ": " << (*it)[0];
    }
    const std::set<std::string> expected = nemesis.empty() ? std::set<std::string>{"partition", "crash"}
                                                           : std::set<std::string>{"partition", "crash", "pause", "loss-burst"};
    EXPECT_EQ(kinds, expected) << line.substr(0, line.find('\n'));
  }
}

TEST(GateCommand, PassesOnTheCorrectStoreAndAStaleRcParamsChangesNothing) {
  const std::string good = write_temp("good.json", R"({
    "seed": 5, "cases": 40, "nemesis": "none",
    "configurations": [{"name": "abd", "require": ["linearizable"],
      "store": {"node_count": 3, "replication_factor": 3, "read_quorum": 2, "write_quorum": 2, "read_repair": "blocking", "abd_writers": true}}]})");
  const CommandRun passed = run("gate " + good + " --out " + temp_path("good"));
  EXPECT_EQ(passed.exit_code, 0) << passed.output;
  EXPECT_NE(passed.output.find("40 cases run"), std::string::npos) << passed.output;
  // A leftover reproduce= must neither skip the cases nor hide the planted bug.
  const std::string planted = write_temp("planted-rc.json", kPlantedGate);
  const CommandRun stale = run("gate " + planted + " --out " + temp_path("rc"), "RC_PARAMS='reproduce=BAAAAAAA'");
  EXPECT_EQ(stale.exit_code, 1) << stale.output;
  EXPECT_NE(stale.output.find("120 cases run"), std::string::npos) << stale.output;
}

}  // namespace
}  // namespace qc
