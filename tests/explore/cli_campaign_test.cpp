// `quorumcheck campaign` and `quorumcheck replay` run as a user or CI job would: exit
// codes, messages and the bundle round trip through the real binary.
#include <filesystem>
#include <functional>
#include <fstream>
#include <regex>
#include <string>

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/run_binary.h"
#include <nlohmann/json.hpp>

#include "explore/bundle.h"
#include "explore_helpers.h"

namespace qc {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using qc::testing::CommandRun;

CommandRun run(const std::string& arguments, const std::string& environment = "") {
  return qc::testing::run_quorumcheck(arguments, environment);
}

const std::string kInversion =
    "campaign --nodes 3 --n 3 --r 2 --w 2 --read-repair async --latency heavy-tailed-writes --nemesis none "
    "--ops-max 20 --cases 300 --properties linearizable,convergence";
const std::string kAbd = "campaign --nodes 3 --read-repair blocking --abd true --nemesis partition,crash --cases 30";

std::string bundle_path_in(const std::string& output) {
  std::smatch match;
  const std::regex bundle_line("bundle: (\\S+)");
  return std::regex_search(output, match, bundle_line) ? match[1].str() : "";
}

TEST(CampaignCommand, ExitsOneWithABundleThatReplayReproduces) {
  const std::string dir = test::fresh_dir("cli-inversion");
  const CommandRun campaign = run(kInversion + " --out " + dir);
  ASSERT_EQ(campaign.exit_code, 1) << campaign.output;
  EXPECT_THAT(campaign.output, HasSubstr("linearizable: REFUTED"));
  EXPECT_THAT(campaign.output, HasSubstr("convergence: HOLDS for 300 cases"));
  const std::string bundle = bundle_path_in(campaign.output);
  ASSERT_FALSE(bundle.empty()) << campaign.output;

  const CommandRun replay = run("replay " + bundle);
  EXPECT_EQ(replay.exit_code, 1) << replay.output;
  EXPECT_THAT(replay.output, HasSubstr("REPRODUCED"));
  EXPECT_THAT(replay.output, HasSubstr("not linearizable"));
  EXPECT_THAT(replay.output, HasSubstr("seed: "));
}

// A campaign under PCT scheduling says so, finds the inversion (in these 1,000 cases,
// as the time order also does), and its bundle carries the strategy so that replay
// runs the same schedule.
TEST(CampaignCommand, PctSchedulingIsRecordedAndReplayed) {
  const std::string dir = test::fresh_dir("cli-pct");
  const CommandRun campaign = run(
      "campaign --n 3 --r 2 --w 2 --read-repair async --latency slow-writes --properties linearizable "
      "--cases 1000 --seed 5 --strategy pct:3 --strategy-window-us 20000 --out " + dir);
  ASSERT_EQ(campaign.exit_code, 1) << campaign.output;
  EXPECT_THAT(campaign.output, HasSubstr("(scheduling: pct:3 within 20000 us)"));
  const std::string bundle = bundle_path_in(campaign.output);
  ASSERT_FALSE(bundle.empty()) << campaign.output;
  std::ifstream file(bundle);
  const auto json = nlohmann::json::parse(file);
  EXPECT_EQ(json.at("config").at("scheduling").at("strategy"), "pct");
  const CommandRun replay = run("replay " + bundle);
  EXPECT_EQ(replay.exit_code, 1) << replay.output;
  EXPECT_THAT(replay.output, HasSubstr("REPRODUCED"));

  const CommandRun bad = run("campaign --strategy pct:0 --cases 1 --out " + dir + "-bad");
  EXPECT_EQ(bad.exit_code, 64) << bad.output;
  EXPECT_THAT(bad.output, HasSubstr("--strategy pct:0: expected pct:D with a depth D from 1 to 100"));
}

TEST(CampaignCommand, ReplayExitsThreeWhenTheBundleNoLongerReproduces) {
  const std::string dir = test::fresh_dir("cli-tampered");
  const CommandRun campaign = run(kInversion + " --out " + dir);
  const std::string bundle = bundle_path_in(campaign.output);
  ASSERT_FALSE(bundle.empty()) << campaign.output;
  nlohmann::ordered_json json;
  std::ifstream(bundle) >> json;
  // Only the first client's ops: one client cannot race itself.
  json["workload"]["clients"] = nlohmann::ordered_json::array({json["workload"]["clients"][0]});
  std::ofstream(bundle) << json.dump(2);
  const CommandRun replay = run("replay " + bundle);
  EXPECT_EQ(replay.exit_code, 3) << replay.output;
  EXPECT_THAT(replay.output, HasSubstr("NO LONGER REPRODUCES"));
}

TEST(CampaignCommand, ExitsZeroWhenEveryPropertyHolds) {
  const CommandRun result = run(kAbd + " --out " + test::fresh_dir("cli-abd"));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("linearizable: HOLDS for 30 cases (fault kinds tried: "));
}

TEST(CampaignCommand, ExitsTwoWhenACheckerBudgetRunsOut) {
  const CommandRun result = run(kAbd + " --properties linearizable --check-steps 1 --no-zones");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("linearizable: UNDECIDED"));
}

// Holding for no case at all is no verdict: UNDECIDED, whatever kept the cases from running.
TEST(CampaignCommand, ExitsTwoWhenNoCaseRan) {
  const CommandRun none = run("campaign --cases 0 --properties linearizable,convergence");
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_THAT(none.output, HasSubstr("linearizable: UNDECIDED: no case ran: 0 cases were asked for"));
  EXPECT_THAT(none.output, HasSubstr("convergence: UNDECIDED: no case ran"));
  EXPECT_THAT(none.output, Not(HasSubstr("HOLDS")));
  const CommandRun off_shard = run("campaign --cases 2 --shard 3/4 --properties convergence");
  EXPECT_EQ(off_shard.exit_code, 2) << off_shard.output;
  EXPECT_THAT(off_shard.output, HasSubstr("none of the 2 cases falls on shard 3/4"));
}

TEST(CampaignCommand, ExitsTwoWhenTheTimeBudgetLetNoCaseStart) {
  const CommandRun result = run("campaign --cases 100 --budget-s 0.000000001 --properties convergence");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("0 of 100 cases run"));
  EXPECT_THAT(result.output, HasSubstr("convergence: UNDECIDED: no case ran: the wall-clock budget of "));
  EXPECT_THAT(result.output, HasSubstr("ran out before the first case finished"));
}

TEST(CampaignCommand, AStaleRcParamsInTheEnvironmentChangesNothing) {
  const CommandRun result = run(kInversion + " --out " + test::fresh_dir("cli-rc-params"),
                                "RC_PARAMS='reproduce=BchdlNGdvJ3XlRXYtVGZ max_success=1'");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("300 of 300 cases run"));
}

TEST(CampaignCommand, ExitsSixtyFourOnUsageErrors) {
  const CommandRun property = run("campaign --properties linearizable,serializable");
  EXPECT_EQ(property.exit_code, 64);
  EXPECT_THAT(property.output, HasSubstr("unknown property \"serializable\"; expected one of linearizable"));
  EXPECT_EQ(run("campaign --shard 2/2").exit_code, 64);
  EXPECT_EQ(run("campaign --nemesis meteor").exit_code, 64);
  EXPECT_EQ(run("campaign --r 9").exit_code, 64);
  EXPECT_EQ(run("replay").exit_code, 64);
}

// A linearizability bundle from the inversion campaign, made once for the tests below.
const std::string& inversion_bundle() {
  static const std::string path = [] {
    // One folder per test process: ctest runs these tests in parallel, and a shared
    // folder would be removed under another process's feet.
    const CommandRun campaign = run(kInversion + " --out " + test::fresh_dir("cli-trust-" + std::to_string(getpid())));
    return bundle_path_in(campaign.output);
  }();
  return path;
}

// Copies the inversion bundle, lets `edit` change its JSON, and replays the copy.
CommandRun replay_edited(const std::string& name, const std::function<void(nlohmann::ordered_json&)>& edit) {
  nlohmann::ordered_json json;
  std::ifstream(inversion_bundle()) >> json;
  edit(json);
  const std::string path = test::fresh_dir("cli-trust-" + name) + ".json";
  std::ofstream(path) << json.dump(2);
  return run("replay " + path);
}

TEST(ReplayCommand, ReproducesAnUneditedBundle) {
  ASSERT_FALSE(inversion_bundle().empty());
  const CommandRun replay = replay_edited("unedited", [](nlohmann::ordered_json&) {});
  EXPECT_EQ(replay.exit_code, 1) << replay.output;
  EXPECT_THAT(replay.output, HasSubstr("REPRODUCED"));
}

TEST(ReplayCommand, ExitsSixtyFiveWhenTheHashIsNotAHash) {
  for (const char* hash : {"xyz", "0123456789abcdef0", "0123456789ABCDEF", ""}) {
    const CommandRun replay = replay_edited("bad-hash", [&](auto& json) { json["history_fnv1a64"] = hash; });
    EXPECT_EQ(replay.exit_code, 65) << hash << ": " << replay.output;
    EXPECT_THAT(replay.output, HasSubstr("$.history_fnv1a64: \"" + std::string(hash) +
                                         "\" is not a history hash; expected 16 lowercase hex digits"));
  }
}

TEST(ReplayCommand, ExitsSixtyFiveWhenTheStoredHistoryDoesNotHaveTheStoredHash) {
  const CommandRun wrong_hash = replay_edited("wrong-hash", [](auto& json) { json["history_fnv1a64"] = "0123456789abcdef"; });
  EXPECT_EQ(wrong_hash.exit_code, 65) << wrong_hash.output;
  EXPECT_THAT(wrong_hash.output, HasSubstr("$.history_fnv1a64 is 0123456789abcdef but the stored $.history hashes to "));
  const CommandRun edited = replay_edited("edited-history", [](auto& json) {
    json["history"][0]["time"] = json["history"][0]["time"].template get<std::int64_t>() + 1;
  });
  EXPECT_EQ(edited.exit_code, 65) << edited.output;
  EXPECT_THAT(edited.output, HasSubstr("expected them equal (the history or its hash was changed)"));
}

TEST(ReplayCommand, ExitsSixtyFiveWhenTheRecordedVerdictDisagreesWithTheStoredHistory) {
  const CommandRun holds = replay_edited("verdict-holds", [](auto& json) { json["verdict"]["outcome"] = "holds"; });
  EXPECT_EQ(holds.exit_code, 65) << holds.output;
  EXPECT_THAT(holds.output, HasSubstr("$.verdict.outcome is \"holds\" but linearizable is violated on the stored "
                                      "$.history; expected the recorded verdict to be the property's verdict"));
  // History and hash agree (both rewritten), but the writes alone are linearizable.
  const CommandRun writes_only = replay_edited("writes-only", [](auto& json) {
    nlohmann::ordered_json writes = nlohmann::ordered_json::array();
    std::string jsonl;
    for (const auto& event : json["history"]) {
      if (event["f"] != "write") continue;
      writes.push_back(event);
      writes.back()["index"] = writes.size() - 1;
      jsonl += writes.back().dump() + "\n";
    }
    json["history"] = writes;
    json["history_fnv1a64"] = history_fnv1a64(jsonl);
  });
  EXPECT_EQ(writes_only.exit_code, 65) << writes_only.output;
  EXPECT_THAT(writes_only.output,
              HasSubstr("$.verdict.outcome is \"violated\" but linearizable holds on the stored $.history"));
}

TEST(ReplayCommand, ExitsSixtyFiveOnAMalformedOrMissingBundle) {
  const auto path = std::filesystem::temp_directory_path() / "qc-explore-test-malformed.json";
  std::ofstream(path) << R"({"format": "quorumcheck-bundle", "format_version": 2})";
  const CommandRun malformed = run("replay " + path.string());
  EXPECT_EQ(malformed.exit_code, 65) << malformed.output;
  EXPECT_THAT(malformed.output, HasSubstr("$.config: missing"));
  EXPECT_EQ(run("replay /nonexistent/bundle.json").exit_code, 65);
}

}  // namespace
}  // namespace qc
