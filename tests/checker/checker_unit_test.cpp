// Hand-made histories with known verdicts, and the evidence the checker reports.
#include <gtest/gtest.h>

#include "checker/linearizability.h"
#include "checker/report.h"
#include "histories/jsonl.h"

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
