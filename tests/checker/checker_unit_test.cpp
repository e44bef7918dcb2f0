// Hand-made histories with known verdicts, and the evidence the checker reports.
#include <gtest/gtest.h>

#include "checker/linearizability.h"
#include "checker/report.h"
#include "histories/jsonl.h"
#include "histories/synthetic.h"

namespace qc {
namespace {

struct Checked {
  std::vector<Operation> operations;
  CheckResult result;
};

Checked check_jsonl(const std::string& text, CheckOptions options = {}) {
  auto history = parse_jsonl(text, "test.jsonl");
  EXPECT_TRUE(history.is_ok()) << history.status().message();
  auto operations = pair_operations(history.value());
  EXPECT_TRUE(operations.is_ok()) << operations.status().message();
  auto result = check_linearizability(operations.value(), options);
  EXPECT_TRUE(result.is_ok()) << result.status().message();
  return {operations.value(), result.value()};
}

// R + W > N without read repair: a read concurrent with a write sees the new value, a
// later read the old one.
const char* kNewOldInversion =
    R"({"process":0,"type":"invoke","f":"write","key":"k","value":1}
{"process":0,"type":"ok","f":"write","key":"k","value":1}
{"process":0,"type":"invoke","f":"write","key":"k","value":2}
{"process":1,"type":"invoke","f":"read","key":"k","value":null}
{"process":1,"type":"ok","f":"read","key":"k","value":2}
{"process":2,"type":"invoke","f":"read","key":"k","value":null}
{"process":2,"type":"ok","f":"read","key":"k","value":1}
{"process":0,"type":"ok","f":"write","key":"k","value":2}
)";

TEST(Checker, FindsTheNewOldInversionWithEvidence) {
  const Checked checked = check_jsonl(kNewOldInversion);
  ASSERT_EQ(checked.result.verdict, Verdict::not_linearizable);
  ASSERT_EQ(checked.result.violations.size(), 1u);
  const Violation& violation = checked.result.violations[0];
  EXPECT_EQ(violation.key, std::optional<std::string>("k"));
  // The best prefix: write 1, write 2, read 2; then the read of 1 cannot go.
  EXPECT_EQ(violation.longest_prefix.size(), 3u);
  EXPECT_EQ(violation.state, "2");
  EXPECT_EQ(checked.operations[violation.blocking_op].output, Value::integer(1));
  const std::string text = render_text("test.jsonl", "cas-register", checked.result, checked.operations);
  EXPECT_NE(text.find("not linearizable"), std::string::npos) << text;
  EXPECT_NE(text.find("process 2 read key \"k\" -> 1"), std::string::npos) << text;
}

TEST(Checker, ReadsOfSeparateKeysDoNotInterfere) {
  const Checked checked = check_jsonl(
      R"({"process":0,"type":"invoke","f":"write","key":"a","value":1}
{"process":0,"type":"ok","f":"write","key":"a","value":1}
{"process":1,"type":"invoke","f":"read","key":"b","value":null}
{"process":1,"type":"ok","f":"read","key":"b","value":null}
)");
  EXPECT_EQ(checked.result.verdict, Verdict::linearizable);
  EXPECT_EQ(checked.result.keys, 2u);
}

TEST(Checker, AnInfoWriteMayTakeEffectLate) {
  const Checked checked = check_jsonl(
      R"({"process":0,"type":"invoke","f":"write","value":1}
{"process":0,"type":"info","f":"write","value":1}
{"process":1,"type":"invoke","f":"read","value":null}
{"process":1,"type":"ok","f":"read","value":null}
{"process":2,"type":"invoke","f":"read","value":null}
{"process":2,"type":"ok","f":"read","value":1}
)");
  EXPECT_EQ(checked.result.verdict, Verdict::linearizable);
  EXPECT_EQ(checked.result.operations_dropped, 0u);  // its value was read: it stays
}

TEST(Checker, AFailedWriteNeverTakesEffect) {
  const Checked checked = check_jsonl(
      R"({"process":0,"type":"invoke","f":"write","value":1}
{"process":0,"type":"fail","f":"write","value":1}
{"process":1,"type":"invoke","f":"read","value":null}
{"process":1,"type":"ok","f":"read","value":1}
)");
  EXPECT_EQ(checked.result.verdict, Verdict::not_linearizable);
}

TEST(Checker, LeavesOutOpenWritesNobodyRead) {
  const Checked checked = check_jsonl(
      R"({"process":0,"type":"invoke","f":"write","value":7}
{"process":0,"type":"info","f":"write","value":7}
{"process":1,"type":"invoke","f":"write","value":8}
{"process":1,"type":"ok","f":"write","value":8}
{"process":2,"type":"invoke","f":"read","value":null}
{"process":2,"type":"ok","f":"read","value":8}
)");
  EXPECT_EQ(checked.result.verdict, Verdict::linearizable);
  EXPECT_EQ(checked.result.operations_dropped, 1u);
  EXPECT_EQ(checked.result.operations, 2u);
}

TEST(Checker, DeleteMakesTheRegisterReadNil) {
  CheckOptions options;
  options.model = "register";
  const Checked checked = check_jsonl(
      R"({"process":0,"type":"invoke","f":"write","value":"a"}
{"process":0,"type":"ok","f":"write","value":"a"}
{"process":0,"type":"invoke","f":"delete","value":null}
{"process":0,"type":"ok","f":"delete","value":null}
{"process":1,"type":"invoke","f":"read","value":null}
{"process":1,"type":"ok","f":"read","value":"a"}
)",
      options);
  EXPECT_EQ(checked.result.verdict, Verdict::not_linearizable);
}

TEST(Checker, KvAppendConcatenatesPerKey) {
  CheckOptions options;
  options.model = "kv-append";
  const std::string appends =
      R"({"process":0,"type":"invoke","f":"append","key":"k","value":"x"}
{"process":0,"type":"ok","f":"append","key":"k","value":"x"}
{"process":0,"type":"invoke","f":"append","key":"k","value":"y"}
{"process":0,"type":"ok","f":"append","key":"k","value":"y"}
{"process":1,"type":"invoke","f":"get","key":"k","value":null}
)";
  EXPECT_EQ(check_jsonl(appends + R"({"process":1,"type":"ok","f":"get","key":"k","value":"xy"})", options)
                .result.verdict,
            Verdict::linearizable);
  EXPECT_EQ(check_jsonl(appends + R"({"process":1,"type":"ok","f":"get","key":"k","value":"yx"})", options)
                .result.verdict,
            Verdict::not_linearizable);
}

TEST(Checker, AStepBudgetEndsAsUnknown) {
  CheckOptions options;
  options.use_zones = false;  // the zone check needs no steps
  options.limits.steps = 2;
  const Checked checked = check_jsonl(kNewOldInversion, options);
  EXPECT_EQ(checked.result.verdict, Verdict::unknown);
  EXPECT_NE(checked.result.unknown_reason.find("step budget"), std::string::npos);
}

// A key whose search is expensive (many writes whose clients timed out, all open at
// once) sorted before a key with a cheap violation: the violation is found within a
// budget the expensive key alone exhausts (before, keys went one by one and the check
// ran out of budget on the first).
TEST(Checker, AnExpensiveKeyDoesNotStarveACheapViolation) {
  SyntheticHistoryOptions expensive;
  expensive.operations = 3'000;
  expensive.keys = 1;
  expensive.processes = 20;
  expensive.info_fraction = 0.4;
  History history = generate_register_history(expensive);
  for (Event& event : history.events) event.key = "a";
  CheckOptions options;
  options.use_zones = false;  // the search, whose cost grows with the open writes
  options.limits.steps = 500'000;
  auto alone = pair_operations(history);
  ASSERT_TRUE(alone.is_ok());
  ASSERT_EQ(check_linearizability(alone.value(), options).value().verdict, Verdict::unknown)
      << "key a alone must exhaust the budget, or this test shows nothing";
  const History violation = parse_jsonl(kNewOldInversion, "test.jsonl").value();
  std::int64_t index = static_cast<std::int64_t>(history.events.size());
  for (Event event : violation.events) {
    event.key = "b";
    event.process += 1'000;  // processes of their own
    event.index = index++;
    history.events.push_back(event);
  }
  auto operations = pair_operations(history);
  ASSERT_TRUE(operations.is_ok()) << operations.status().message();
  const CheckResult result = check_linearizability(operations.value(), options).value();
  EXPECT_EQ(result.verdict, Verdict::not_linearizable) << result.unknown_reason;
  ASSERT_EQ(result.violations.size(), 1u);
  EXPECT_EQ(result.violations[0].key, "b");
  EXPECT_LE(result.search_steps, options.limits.steps);
}

// By default the check ends at the first key proved not linearizable; all_keys reports
// every one.
TEST(Checker, StopsAtTheFirstViolatingKeyUnlessAskedForAll) {
  std::string two_keys;
  for (const char* key : {"k", "m"}) {
    std::string text = kNewOldInversion;
    for (std::size_t at = text.find("\"k\""); at != std::string::npos; at = text.find("\"k\"", at + 1))
      text.replace(at, 3, std::string("\"") + key + "\"");
    if (std::string(key) == "m")
      for (std::size_t at = text.find("\"process\":"); at != std::string::npos; at = text.find("\"process\":", at + 1))
        text.insert(at + 10, "1");  // processes 10, 11, 12
    two_keys += text;
  }
  CheckOptions options;
  EXPECT_EQ(check_jsonl(two_keys, options).result.violations.size(), 1u);
  options.all_keys = true;
  const Checked all = check_jsonl(two_keys, options);
  ASSERT_EQ(all.result.violations.size(), 2u);
  EXPECT_EQ(all.result.violations[1].key, "m");
}

TEST(Checker, RejectsAnOperationTheModelDoesNotKnow) {
  auto history = parse_jsonl(R"({"process":0,"type":"invoke","f":"increment","value":1})", "x.jsonl");
  ASSERT_TRUE(history.is_ok());
  auto operations = pair_operations(history.value());
  ASSERT_TRUE(operations.is_ok());
  auto result = check_linearizability(operations.value(), CheckOptions{});
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().kind(), ErrorKind::malformed);
  EXPECT_NE(result.status().message().find("line 1"), std::string::npos);
  EXPECT_NE(result.status().message().find("expected read, write, cas or delete"), std::string::npos);
}

TEST(Checker, RejectsAnUnknownModel) {
  CheckOptions options;
  options.model = "queue";
  auto result = check_linearizability({}, options);
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().kind(), ErrorKind::usage);
}

TEST(Checker, ACasOfTheWrongShapeIsMalformed) {
  auto history = parse_jsonl(R"({"process":0,"type":"invoke","f":"cas","value":5})", "x.jsonl");
  auto operations = pair_operations(history.value());
  auto result = check_linearizability(operations.value(), CheckOptions{});
  ASSERT_FALSE(result.is_ok());
  EXPECT_NE(result.status().message().find("expected [from to]"), std::string::npos);
}

}  // namespace
}  // namespace qc
