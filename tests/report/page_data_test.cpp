// report/: the timeline's data says what the history and the check say, op for op, and
// the page around it cannot be broken out of by what a history holds.
#include "report/page_data.h"

#include <gtest/gtest.h>

#include "checker/linearizability.h"
#include "histories/jsonl.h"
#include "report/html_page.h"

namespace qc {
namespace {

const char* kInversion =
    R"({"index":0,"time":100,"process":0,"type":"invoke","f":"write","key":"k","value":"v1"}
{"index":1,"time":300,"process":0,"type":"ok","f":"write","key":"k","value":"v1"}
{"index":2,"time":400,"process":0,"type":"invoke","f":"write","key":"k","value":"v2"}
{"index":3,"time":450,"process":1,"type":"invoke","f":"read","key":"k","value":null}
{"index":4,"time":500,"process":1,"type":"ok","f":"read","key":"k","value":"v2"}
{"index":5,"time":600,"process":2,"type":"invoke","f":"read","key":"k","value":null}
{"index":6,"time":700,"process":2,"type":"ok","f":"read","key":"k","value":"v1"}
{"index":7,"time":900,"process":0,"type":"ok","f":"write","key":"k","value":"v2"}
)";

std::vector<Operation> operations_of(const std::string& jsonl) {
  return pair_operations(parse_jsonl(jsonl, "test.jsonl").value()).value();
}

TEST(TimelineData, RowsFollowTheOperationsAndTheViolationNamesTheirIds) {
  const std::vector<Operation> operations = operations_of(kInversion);
  CheckOptions options;
  options.model = "register";
  const CheckResult checked = check_linearizability(operations, options).value();
  ASSERT_EQ(checked.verdict, Verdict::not_linearizable);
  TimelineInput input{"inv.jsonl", operations, &checked, "inv.jsonl: not linearizable", {}, {}};
  input.faults.push_back(FaultSpan{"partition", 350, 800, "partition on links 0->1"});
  const nlohmann::json data = timeline_data(input);
  EXPECT_EQ(data["page"], "timeline");
  EXPECT_EQ(data["time_unit"], "us");
  EXPECT_EQ(data["time_end"], 901);
  EXPECT_EQ(data["processes"], nlohmann::json::array({0, 1, 2}));
  ASSERT_EQ(data["ops"].size(), 4u);
  // [process, start, end, f, key, input, output, outcome, line]
  EXPECT_EQ(data["ops"][1], nlohmann::json::parse(R"([0, 400, 900, "write", "k", "v2", "v2", "ok", 3])"));
  EXPECT_EQ(data["ops"][3], nlohmann::json::parse(R"([2, 600, 700, "read", "k", null, "v1", "ok", 6])"));
  EXPECT_EQ(data["verdict"]["outcome"], "not linearizable");
  const nlohmann::json& violation = data["violation"];
  ASSERT_TRUE(violation.is_object());
  EXPECT_EQ(violation["key"], "k");
  // The read of v1 after v2 was read is the op that cannot follow.
  const std::vector<std::int32_t> involved = checked.violations[0].involved_ops;
  EXPECT_EQ(violation["involved"], nlohmann::json(involved));
  EXPECT_EQ(data["faults"][0]["start"], 350);
  EXPECT_EQ(data["faults"][0]["end"], 800);
  EXPECT_TRUE(data["omitted"].is_null());
}

TEST(TimelineData, AnOpenOpHasNoEndAndAHistoryWithoutTimesUsesEventIndexes) {
  const std::vector<Operation> operations = operations_of(
      R"({"index":0,"process":0,"type":"invoke","f":"write","key":"k","value":"a"}
{"index":1,"process":1,"type":"invoke","f":"read","key":"k","value":null}
{"index":2,"process":1,"type":"ok","f":"read","key":"k","value":"a"}
{"index":3,"process":0,"type":"info","f":"write","key":"k","value":"a"}
)");
  const nlohmann::json data = timeline_data(TimelineInput{"t", operations, nullptr, "", {}, {}});
  EXPECT_EQ(data["time_unit"], "event");
  EXPECT_TRUE(data["ops"][0][2].is_null());
  EXPECT_EQ(data["ops"][0][7], "open");
  EXPECT_EQ(data["ops"][1][1], 1);
  EXPECT_EQ(data["ops"][1][2], 2);
  EXPECT_EQ(data["verdict"]["outcome"], "not checked");
}

TEST(TimelineData, PastTheLimitTheRestIsLeftOutAndSaid) {
  std::string jsonl;
  for (int i = 0; i < 10; ++i) {
    jsonl += R"({"process":0,"type":"invoke","f":"write","key":"k","value":"v)" + std::to_string(i) + "\"}\n";
    jsonl += R"({"process":0,"type":"ok","f":"write","key":"k","value":"v)" + std::to_string(i) + "\"}\n";
  }
  TimelineInput input{"t", operations_of(jsonl), nullptr, "", {}, {}};
  input.max_ops = 4;
  const nlohmann::json data = timeline_data(input);
  EXPECT_EQ(data["ops"].size(), 4u);
  EXPECT_EQ(data["ops_total"], 10);
  ASSERT_TRUE(data["omitted"].is_string());
  EXPECT_NE(data["omitted"].get<std::string>().find("first 4 of 10"), std::string::npos);
}

TEST(HtmlPage, DataCannotCloseItsScriptAndTheTitleIsEscaped) {
  nlohmann::json data{{"page", "timeline"}, {"title", "</script><script>alert(1)</script>"}};
  const std::string html = html_page("<b>&", data);
  EXPECT_NE(html.find("<title>&lt;b&gt;&amp;</title>"), std::string::npos);
  const auto data_start = html.find("id=\"qc-data\">");
  ASSERT_NE(data_start, std::string::npos);
  const auto data_end = html.find("</script>", data_start);
  const std::string embedded = html.substr(data_start + 13, data_end - data_start - 13);
  EXPECT_EQ(nlohmann::json::parse(embedded), data);  // the whole data, intact
  EXPECT_EQ(embedded.find('<'), std::string::npos);
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

TEST(HtmlPage, OnlyTheCalculatorCarriesTheCalculatorScript) {
  EXPECT_EQ(count_of(html_page("t", {{"page", "timeline"}}), "<script>\n"), 1u);
  EXPECT_EQ(count_of(html_page("t", {{"page", "calculator"}}), "<script>\n"), 2u);
}

}  // namespace
}  // namespace qc
