// One case per malformed history, in every format where it can occur. Each message must
// name the file, the line and what was expected, whether the format is given or detected.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "histories/import.h"

namespace qc {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct MalformedCase {
  std::string name;
  HistoryFormat format;
  std::string text;
  std::int64_t line;      // 0: the message names no line (an empty file)
  std::string expected;   // a phrase the message must contain
};

// Names the case in test listings and failures instead of dumping its bytes.
void PrintTo(const MalformedCase& item, std::ostream* out) { *out << item.name; }

std::string source_for(HistoryFormat format) {
  return format == HistoryFormat::jsonl ? "bad.jsonl" : format == HistoryFormat::edn ? "bad.edn" : "bad.log";
}

const char* kEdnInvoke = "{:process 0, :type :invoke, :f :read, :value nil}";
const char* kEtcdInvoke = "INFO  jepsen.util - 0\t:invoke\t:read\tnil";
const char* kJsonInvoke = R"({"process":0,"type":"invoke","f":"read","value":null})";

std::string vec(const std::string& second) { return std::string("[") + kEdnInvoke + "\n " + second + "]\n"; }
std::string lines(const char* first, const std::string& second) { return std::string(first) + "\n" + second + "\n"; }

const std::vector<MalformedCase>& cases() {
  using F = HistoryFormat;
  static const std::vector<MalformedCase> all = {
      // A completion without an invocation.
      {"orphan_jsonl", F::jsonl, lines(kJsonInvoke, R"({"process":1,"type":"ok","f":"read","value":3})"), 2, "of process 1 has no invocation; expected an :invoke"},
      {"orphan_knossos", F::edn, vec("{:process 1, :type :ok, :f :read, :value 3}"), 2, "of process 1 has no invocation; expected an :invoke"},
      {"orphan_jepsen", F::edn, lines(kEdnInvoke, "{:type :fail, :f :read, :process 2}"), 2, "completion :fail :read of process 2 has no invocation"},
      {"orphan_etcd", F::porcupine_etcd, lines(kEtcdInvoke, "INFO  jepsen.util - 1\t:ok\t:read\t3"), 2, "of process 1 has no invocation; expected an :invoke"},
      // A second invocation by a process still busy.
      {"busy_jsonl", F::jsonl, lines(kJsonInvoke, R"({"process":0,"type":"invoke","f":"write","value":1})"), 2, "process 0 invokes :write while its :read from line 1 has not completed; expected one operation at a time"},
      {"busy_knossos", F::edn, vec("{:process 0, :type :invoke, :f :write, :value 1}"), 2, "process 0 invokes :write while its :read from line 1 has not completed"},
      {"busy_etcd", F::porcupine_etcd, lines(kEtcdInvoke, "INFO  jepsen.util - 0\t:invoke\t:write\t1"), 2, "process 0 invokes :write while its :read from line 1"},
      // A value that does not parse or has no history form.
      {"value_jsonl", F::jsonl, lines(kJsonInvoke, R"({"process":1,"type":"invoke","f":"write","value":{"a":1}})"), 2, "expected null, a 64-bit signed integer (-2^63 .. 2^63-1), a string or a list"},
      {"value_map_knossos", F::edn, vec("{:process 1, :type :invoke, :f :write, :value {:a 1}}"), 2, ":value {:a 1} is a map; expected nil, an integer, a string, a keyword or a vector"},
      {"value_fraction_jepsen", F::edn, lines(kEdnInvoke, "{:process 1, :type :invoke, :f :write, :value 1.5}"), 2, "number 1.5 is not an integer; expected an integer"},
      {"value_symbol_etcd", F::porcupine_etcd, lines(kEtcdInvoke, "INFO  jepsen.util - 1\t:invoke\t:write\tabc"), 2, "value 'abc' is a symbol; expected nil, an integer, [from to] or :timed-out"},
      {"value_char_etcd", F::porcupine_etcd, lines(kEtcdInvoke, "INFO  jepsen.util - 1\t:invoke\t:write\t@3"), 2, "unexpected '@'; expected a value"},
      // A truncated file.
      {"truncated_jsonl", F::jsonl, std::string(kJsonInvoke) + "\n{\"process\":0,\"ty", 2, "the JSON ends too early (truncated file?)"},
      {"truncated_knossos", F::edn, std::string("[") + kEdnInvoke + "\n {:process 0, :type :ok, :f", 2, "end of file inside a map opened at line 2 (truncated file?); expected }"},
      {"truncated_knossos_vector", F::edn, std::string("; note\n[") + kEdnInvoke + "\n", 3, "end of file inside a vector opened at line 2 (truncated file?); expected ]"},
      {"truncated_jepsen_string", F::edn, lines(kEdnInvoke, "{:process 0, :type :ok, :f :read, :value \"x 0"), 3, "end of file inside the string opened at line 2 (truncated file?)"},
      {"truncated_etcd", F::porcupine_etcd, std::string(kEtcdInvoke) + "\nINFO  jepsen.util - 0\t:ok", 2, "the last line is incomplete (truncated file?)"},
      {"truncated_etcd_cas", F::porcupine_etcd, std::string(kEtcdInvoke) + "\nINFO  jepsen.util - 0\t:ok\t:cas\t[3", 2, "end of file inside a vector opened at line 2 (truncated file?); expected ]"},
      // An empty file, or one with only comments and blank lines.
      {"empty_jsonl", F::jsonl, "", 0, "bad.jsonl: the history is empty; expected at least one event"},
      {"empty_blank_jsonl", F::jsonl, "\n  \n", 0, "bad.jsonl: the history is empty; expected at least one event"},
      {"empty_knossos", F::edn, "; nothing yet\n[]\n", 0, "bad.edn: the history is empty; expected at least one event"},
      {"empty_comments_edn", F::edn, ";; only a comment\n", 0, "bad.edn: the history is empty; expected at least one event"},
      {"empty_etcd", F::porcupine_etcd, "\n\n", 0, "bad.log: the history is empty; expected at least one event"},
      // An unknown :type.
      {"type_jsonl", F::jsonl, lines(kJsonInvoke, R"({"process":0,"type":"done","f":"read","value":1})"), 2, "\"type\" is \"done\"; expected one of invoke, ok, fail, info"},
      {"type_knossos", F::edn, vec("{:process 0, :type :done, :f :read, :value 1}"), 2, "unknown :type :done; expected one of :invoke, :ok, :fail, :info"},
      {"type_missing_jepsen", F::edn, lines(kEdnInvoke, "{:process 0, :f :read, :value 1}"), 2, "missing :type; expected one of :invoke, :ok, :fail, :info"},
      {"type_etcd", F::porcupine_etcd, lines(kEtcdInvoke, "INFO  jepsen.util - 0\t:done\t:read\t1"), 2, "unknown type ':done'; expected one of :invoke, :ok, :fail, :info"},
      // A completion whose f differs from its invocation's.
      {"f_jsonl", F::jsonl, lines(kJsonInvoke, R"({"process":0,"type":"ok","f":"write","value":1})"), 2, "completion :write of process 0 does not match its invocation :read (line 1); expected the same f"},
      {"f_knossos", F::edn, vec("{:process 0, :type :ok, :f :write, :value 1}"), 2, "does not match its invocation :read (line 1); expected the same f"},
      {"f_etcd", F::porcupine_etcd, lines(kEtcdInvoke, "INFO  jepsen.util - 0\t:info\t:cas\t:timed-out"), 2, "completion :cas of process 0 does not match its invocation :read (line 1)"},
      // A completion whose key or written value contradicts its invocation's.
      {"key_jsonl", F::jsonl, lines(R"({"process":0,"type":"invoke","f":"write","key":"k","value":1})", R"({"process":0,"type":"ok","f":"write","key":"j","value":1})"), 2, "completion of process 0 names key \"j\" but its invocation (line 1) named \"k\"; expected the same key"},
      {"key_jepsen", F::edn, lines("{:process 0, :type :invoke, :f :read, :key 1, :value nil}", "{:process 0, :type :ok, :f :read, :key 2, :value 5}"), 2, "names key \"2\" but its invocation (line 1) named \"1\""},
      {"written_jsonl", F::jsonl, lines(R"({"process":0,"type":"invoke","f":"write","value":1})", R"({"process":0,"type":"ok","f":"write","value":2})"), 2, "completion :write of process 0 carries 2 but its invocation (line 1) carried 1; expected the same value (or none)"},
      {"written_etcd", F::porcupine_etcd, lines("INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2]", "INFO  jepsen.util - 0\t:ok\t:cas\t[1 3]"), 2, "completion :cas of process 0 carries [1 3] but its invocation (line 1) carried [1 2]"},
      // A read that "returns" :timed-out (only an :info may say so).
      {"timed_out_read_etcd", F::porcupine_etcd, lines(kEtcdInvoke, "INFO  jepsen.util - 0\t:ok\t:read\t:timed-out"), 2, "value ':timed-out' on :ok; expected nil, an integer or [from to] (:timed-out only on :info)"},
  };
  return all;
}

class Malformed : public ::testing::TestWithParam<MalformedCase> {};

void expect_named_error(const Result<History>& parsed, const MalformedCase& item) {
  ASSERT_FALSE(parsed.is_ok());
  EXPECT_EQ(parsed.status().kind(), ErrorKind::malformed);
  const std::string& message = parsed.status().message();
  std::string place = source_for(item.format) + ":";
  if (item.line > 0) place += std::to_string(item.line) + ":";
  EXPECT_THAT(message, StartsWith(place));
  EXPECT_THAT(message, HasSubstr(item.expected));
}

TEST_P(Malformed, ErrorNamesFileLineAndExpectation) {
  const MalformedCase& item = GetParam();
  expect_named_error(parse_history(item.text, source_for(item.format), item.format), item);
}

TEST_P(Malformed, DetectionFindsTheSameError) {
  const MalformedCase& item = GetParam();
  if (item.text.find_first_not_of(" \n") == std::string::npos && item.format != HistoryFormat::jsonl) {
    GTEST_SKIP() << "nothing to detect in a blank file: it reads as jsonl";
  }
  EXPECT_EQ(detect_format(item.text), item.format);
  expect_named_error(parse_history(item.text, source_for(item.format), HistoryFormat::automatic), item);
}

INSTANTIATE_TEST_SUITE_P(AllFormats, Malformed, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param.name; });

TEST(MalformedEmpty, EmptyFilesOfEveryFormatSayEmpty) {
  for (const char* text : {"", "\n", ";; comment\n"}) {
    auto parsed = parse_history(text, "e.txt", HistoryFormat::automatic);
    ASSERT_FALSE(parsed.is_ok());
    EXPECT_EQ(parsed.status().message(), "e.txt: the history is empty; expected at least one event");
  }
}

}  // namespace
}  // namespace qc
