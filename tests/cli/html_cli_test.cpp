// The pages' command-line side: --html of check, run and replay, and `calculator`. What
// the pages do in a browser is tests/browser's; here, that the right data reaches them
// and that bad input is refused with the documented exit codes.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/run_binary.h"

namespace {

using qc::testing::CommandRun;

CommandRun run(const std::string& arguments) { return qc::testing::run_quorumcheck(arguments, ""); }

std::string temp(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("qc-html-test-" + std::to_string(getpid()) + "-" + name)).string();
}

// The JSON a page carries.
nlohmann::json page_data(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string html = text.str();
  const std::string open = "<script type=\"application/json\" id=\"qc-data\">";
  const auto start = html.find(open);
  if (start == std::string::npos) return nullptr;
  const auto end = html.find("</script>", start);
  return nlohmann::json::parse(html.substr(start + open.size(), end - start - open.size()));
}

TEST(HtmlOutput, CheckDrawsTheViolationItFound) {
  const std::string page = temp("inversion.html");
  const CommandRun checked =
      run("check --model register --html " + page + " " + std::string(QC_SOURCE_DIR) + "/examples/new-old-inversion.jsonl");
  EXPECT_EQ(checked.exit_code, 1) << checked.output;
  EXPECT_NE(checked.output.find("timeline: " + page), std::string::npos);
  const nlohmann::json data = page_data(page);
  ASSERT_TRUE(data.is_object());
  EXPECT_EQ(data["verdict"]["outcome"], "not linearizable");
  EXPECT_EQ(data["ops"].size(), 4u);
  EXPECT_EQ(data["violation"]["blocking"], 3);  // the read of the older value, as the text names it last
  std::filesystem::remove(page);
}

TEST(HtmlOutput, CheckDrawsOneHistoryAtATime) {
  const std::string example = std::string(QC_SOURCE_DIR) + "/examples/new-old-inversion.jsonl";
  const CommandRun two = run("check --html " + temp("two.html") + " " + example + " " + example);
  EXPECT_EQ(two.exit_code, 64);
  EXPECT_NE(two.output.find("--html draws one history"), std::string::npos) << two.output;
}

TEST(HtmlOutput, ReplayDrawsTheBundleAndAnUnwritablePathIsAUsageError) {
  const std::string bundle =
      std::string(QC_SOURCE_DIR) + "/tests/browser/fixtures/N3-R2-W2/linearizable-seed1-case320.json";
  const std::string page = temp("replay.html");
  const CommandRun replayed = run("replay --html " + page + " " + bundle);
  EXPECT_EQ(replayed.exit_code, 1) << replayed.output;  // it reproduces
  const nlohmann::json data = page_data(page);
  ASSERT_TRUE(data.is_object());
  EXPECT_EQ(data["verdict"]["outcome"], "not linearizable");
  EXPECT_FALSE(data["faults"].empty());  // the case's partition, timed by the rerun
  const CommandRun unwritable = run("replay --html /nonexistent-dir/replay.html " + bundle);
  EXPECT_EQ(unwritable.exit_code, 64) << unwritable.output;
  EXPECT_NE(unwritable.output.find("cannot write the file"), std::string::npos) << unwritable.output;
  std::filesystem::remove(page);
}

TEST(HtmlOutput, ACampaignWritesEachBundlesTimelineBesideIt) {
  const std::string out = temp("campaign");
  const CommandRun campaign = run("campaign --n 3 --r 2 --w 2 --read-repair async --latency slow-writes "
                                  "--properties linearizable --cases 500 --seed 3 --out " + out);
  ASSERT_EQ(campaign.exit_code, 1) << campaign.output;  // the inversion, as the README shows
  const auto at = campaign.output.find("timeline: ");
  ASSERT_NE(at, std::string::npos) << campaign.output;
  const std::string page = campaign.output.substr(at + 10, campaign.output.find('\n', at) - at - 10);
  EXPECT_EQ(page.substr(page.size() - 5), ".html");
  const nlohmann::json data = page_data(page);
  ASSERT_TRUE(data.is_object()) << page;
  EXPECT_EQ(data["verdict"]["outcome"], "not linearizable");
  std::filesystem::remove_all(out);
}

TEST(HtmlOutput, RunShadesItsFaultsFromWhenTheyFiredToWhatEndedThem) {
  const std::string faults = temp("faults.json");
  std::ofstream(faults) << R"({"events": [{"at_op": 5, "kind": "partition", "links": [[0, 1], [1, 0]]},
                                          {"at_op": 10, "kind": "crash", "nodes": [2]},
                                          {"at_op": 20, "kind": "heal"},
                                          {"at_op": 30, "kind": "restart", "nodes": [2]}], "quiescence_us": 100000})";
  const std::string out = temp("run"), page = temp("run.html");
  const CommandRun ran = run("run --nodes 3 --clients 2 --ops 60 --seed 3 --faults " + faults + " --out " + out + " --html " + page);
  ASSERT_TRUE(ran.exit_code == 0 || ran.exit_code == 1) << ran.output;
  const nlohmann::json data = page_data(page);
  ASSERT_TRUE(data.is_object());
  EXPECT_EQ(data["ops"].size(), 60u);
  ASSERT_EQ(data["faults"].size(), 2u);  // heal and restart end spans, they are none
  for (const nlohmann::json& span : data["faults"]) {
    ASSERT_TRUE(span["end"].is_number()) << span;
    EXPECT_LT(span["start"].get<std::int64_t>(), span["end"].get<std::int64_t>()) << span;
  }
  EXPECT_EQ(data["faults"][0]["kind"], "partition");
  EXPECT_EQ(data["faults"][1]["kind"], "crash");
  // The partition fired just before op 5 was invoked: after op 4's invocation, by op 5's.
  const auto start = data["faults"][0]["start"].get<std::int64_t>();
  std::vector<std::int64_t> invocations;
  for (const nlohmann::json& op : data["ops"]) invocations.push_back(op[1].get<std::int64_t>());
  std::sort(invocations.begin(), invocations.end());
  EXPECT_GE(start, invocations[4]);
  EXPECT_LE(start, invocations[5]);
  std::filesystem::remove_all(out);
  std::filesystem::remove(page);
  std::filesystem::remove(faults);
}

TEST(HtmlOutput, TheCalculatorTakesClaimsReportsAndRefusesWhatItCannotUse) {
  const std::string reports = temp("claims.json");
  const CommandRun claims = run("claims --nodes 3 --n 3 --r 3 --w 1 --cases 20 --json --out " + temp("claims-out"));
  ASSERT_EQ(claims.exit_code, 0) << claims.output;
  std::ofstream(reports) << claims.output.substr(claims.output.find('{'));
  const std::string page = temp("calculator.html");
  const CommandRun made = run("calculator --from " + reports + " --out " + page);
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const nlohmann::json data = page_data(page);
  ASSERT_EQ(data["configs"].size(), 1u);
  EXPECT_EQ(data["configs"][0]["r"], 3);
  EXPECT_EQ(data["configs"][0]["w"], 1);
  EXPECT_EQ(data["configs"][0]["cases"], 20);

  EXPECT_EQ(run("calculator --from " + reports + " --cases 5 --out " + page).exit_code, 64);
  std::ofstream(reports) << "not json";
  const CommandRun bad = run("calculator --from " + reports + " --out " + page);
  EXPECT_EQ(bad.exit_code, 65);
  EXPECT_NE(bad.output.find(reports + ":1:"), std::string::npos) << bad.output;  // where it stopped
  // Nested deeper than any report: refused before parsing, never a crash.
  std::ofstream(reports) << std::string(200000, '[') << std::string(200000, ']');
  const CommandRun deep = run("calculator --from " + reports + " --out " + page);
  EXPECT_EQ(deep.exit_code, 65) << deep.output;
  EXPECT_EQ(run("calculator --from " + temp("missing.json") + " --out " + page).exit_code, 65);
  std::filesystem::remove_all(temp("claims-out"));
  std::filesystem::remove(reports);
  std::filesystem::remove(page);
}

// claims --json of the leader-based store carries its kind and modes, and the calculator
// makes it a config of its own (no N, R or W), labelled by its mode.
TEST(HtmlOutput, TheCalculatorTakesALeaderReportAsItsOwnConfig) {
  const std::string reports = temp("leader-claims.json");
  const CommandRun claims = run("claims --store leader --nodes 3 --replication async --cases 10 --json --out " +
                                temp("leader-claims-out"));
  ASSERT_EQ(claims.exit_code, 0) << claims.output;
  const nlohmann::json report = nlohmann::json::parse(claims.output.substr(claims.output.find('{')));
  EXPECT_EQ(report["store_kind"], "leader");
  EXPECT_FALSE(report.contains("quorums"));
  EXPECT_EQ(report["leader"]["replication"], "async");
  EXPECT_EQ(report["leader"]["reads"], "read_index");
  EXPECT_EQ(report["leader"]["majority"], 2);
  EXPECT_EQ(report["store"]["store"], "leader");
  std::ofstream(reports) << report.dump();
  const std::string page = temp("leader-calculator.html");
  const CommandRun made = run("calculator --from " + reports + " --out " + page);
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const nlohmann::json data = page_data(page);
  ASSERT_EQ(data["configs"].size(), 1u);
  EXPECT_EQ(data["configs"][0]["store"], "leader");
  EXPECT_TRUE(data["configs"][0]["r"].is_null());
  EXPECT_EQ(data["configs"][0]["leader"]["label"], "leader-based (Raft), async, read-index reads");
  EXPECT_EQ(data["configs"][0]["cases"], 10);
  std::filesystem::remove_all(temp("leader-claims-out"));
  std::filesystem::remove(reports);
  std::filesystem::remove(page);
}

}  // namespace
