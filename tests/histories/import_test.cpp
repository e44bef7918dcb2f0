// Format names, detection, file loading, and how EDN and etcd logs map to our events.
#include "histories/import.h"

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace qc {
namespace {

using ::testing::HasSubstr;

History parse_ok(std::string_view text, HistoryFormat format = HistoryFormat::automatic) {
  auto parsed = parse_history(text, "h", format);
  EXPECT_TRUE(parsed.is_ok()) << parsed.status().message();
  return parsed.is_ok() ? parsed.value() : History();
}

std::string parse_error(std::string_view text, HistoryFormat format = HistoryFormat::automatic) {
  auto parsed = parse_history(text, "h", format);
  EXPECT_FALSE(parsed.is_ok());
  return parsed.is_ok() ? "" : parsed.status().message();
}

TEST(HistoryFormatNames, AcceptsEveryNameAndAlias) {
  EXPECT_EQ(history_format_from_string("auto"), HistoryFormat::automatic);
  EXPECT_EQ(history_format_from_string("jsonl"), HistoryFormat::jsonl);
  for (const char* alias : {"edn", "knossos", "jepsen", "porcupine-kv"}) {
    EXPECT_EQ(history_format_from_string(alias), HistoryFormat::edn) << alias;
  }
  EXPECT_EQ(history_format_from_string("porcupine-etcd"), HistoryFormat::porcupine_etcd);
  EXPECT_FALSE(history_format_from_string("json"));
  EXPECT_FALSE(history_format_from_string("EDN"));
  for (auto format : {HistoryFormat::automatic, HistoryFormat::jsonl, HistoryFormat::edn, HistoryFormat::porcupine_etcd}) {
    EXPECT_EQ(history_format_from_string(to_string(format)), format);
  }
}

TEST(DetectFormat, LooksAtTheFirstContent) {
  EXPECT_EQ(detect_format("{\"process\":0}"), HistoryFormat::jsonl);
  EXPECT_EQ(detect_format("\n  {  \"process\":0}"), HistoryFormat::jsonl);
  EXPECT_EQ(detect_format("{:process 0}"), HistoryFormat::edn);
  EXPECT_EQ(detect_format("{\n  :process 0}"), HistoryFormat::edn);
  EXPECT_EQ(detect_format("; Knossos\n[{:process 0}]"), HistoryFormat::edn);
  EXPECT_EQ(detect_format("({:process 0})"), HistoryFormat::edn);
  EXPECT_EQ(detect_format("#_ {:x 1} {:process 0}"), HistoryFormat::edn);
  EXPECT_EQ(detect_format("\nINFO  jepsen.util - 0\t:invoke\t:read\tnil"), HistoryFormat::porcupine_etcd);
  EXPECT_EQ(detect_format("; only a comment"), HistoryFormat::edn);
  EXPECT_EQ(detect_format("garbage"), HistoryFormat::jsonl);
  EXPECT_EQ(detect_format(""), HistoryFormat::jsonl);
}

TEST(EdnImport, MapsOpFieldsInAnyOrder) {
  History history = parse_ok(
      "{:value \"v\", :f :put, :key 7, :type :invoke, :process 3, :time 1200, :index 99}\n"
      "{:process 3 :type :ok :f :put :key \"7\" :value :done :error :none}");
  ASSERT_EQ(history.events.size(), 2U);
  const Event& invoke = history.events[0];
  EXPECT_EQ(invoke.process, 3);
  EXPECT_EQ(invoke.type, EventType::invoke);
  EXPECT_EQ(invoke.f, "put");
  EXPECT_EQ(invoke.key, "7");  // integer keys become strings
  EXPECT_EQ(invoke.value, Value::string("v"));
  EXPECT_EQ(invoke.time, 1200);
  EXPECT_EQ(invoke.index, 0);  // the position, not :index
  const Event& ok = history.events[1];
  EXPECT_EQ(ok.index, 1);
  EXPECT_EQ(ok.line, 2);
  EXPECT_EQ(ok.value, Value::string("done"));  // keywords lose their colon
  EXPECT_EQ(ok.error, "none");
  EXPECT_FALSE(ok.time);
}

TEST(EdnImport, ReadsSeveralOpsPerLineAndDiscards) {
  History history = parse_ok(
      "{:process 0, :type :invoke, :f :cas, :value [1 2]} #_{:junk 1} {:process 0, :type :fail, :f :cas, :value [1 2]}\n"
      "; a comment\n"
      "{:process 1,\n :type :invoke,\n :f :read}\n");
  ASSERT_EQ(history.events.size(), 3U);
  EXPECT_EQ(history.events[1].type, EventType::fail);
  EXPECT_EQ(history.events[1].line, 1);
  EXPECT_EQ(history.events[0].value, Value::list({Value::integer(1), Value::integer(2)}));
  EXPECT_EQ(history.events[2].line, 3);  // where the map starts
  EXPECT_TRUE(history.events[2].value.is_nil());
}

TEST(EdnImport, NemesisEventsAreAnnotationsWithFreeFormValues) {
  History history = parse_ok(
      "[{:process :nemesis, :type :info, :f :start, :value {:n1 #{:n2}}}\n"
      " {:process 0, :type :invoke, :f :read}]");
  ASSERT_EQ(history.events.size(), 2U);
  EXPECT_TRUE(history.events[0].is_nemesis());
  EXPECT_EQ(history.events[0].process, kNemesisProcess);
  EXPECT_EQ(history.events[0].value, Value::string("{:n1 #{:n2}}"));
}

TEST(EdnImport, RejectsShapesThatAreNotOps) {
  EXPECT_THAT(parse_error("[{:process 0, :type :invoke, :f :read}] [1]"),
              HasSubstr("h:1: a second top-level form after the vector of ops"));
  EXPECT_THAT(parse_error("[{:process 0, :type :invoke, :f :read}\n [1]]"),
              HasSubstr("h:2: found a vector; expected an op map"));
  EXPECT_THAT(parse_error("{:type :invoke, :f :read}"), HasSubstr("h:1: missing :process; expected a non-negative integer or :nemesis"));
  EXPECT_THAT(parse_error("{:process -1, :type :invoke, :f :read}"), HasSubstr(":process is -1"));
  EXPECT_THAT(parse_error("{:process 0, :type :invoke}"), HasSubstr("missing :f"));
  EXPECT_THAT(parse_error("{:process 0, :type :invoke, :f :put, :key [1]}"), HasSubstr(":key is a vector; expected a string or an integer"));
}

TEST(EtcdImport, ReadsValuesAndTimeouts) {
  History history = parse_ok(
      "INFO  jepsen.util - 2\t:invoke\t:cas\t[3 0]\n"
      "\n"
      "INFO  jepsen.util - 2 :info :cas :timed-out\n"
      "INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n"
      "INFO  jepsen.util - 4\t:invoke\t:write\t-3\n");
  ASSERT_EQ(history.events.size(), 4U);
  EXPECT_EQ(history.events[0].value, Value::list({Value::integer(3), Value::integer(0)}));
  EXPECT_EQ(history.events[1].type, EventType::info);
  EXPECT_TRUE(history.events[1].value.is_nil());  // :timed-out: the outcome is unknown
  EXPECT_EQ(history.events[1].line, 3);
  EXPECT_EQ(history.events[1].index, 1);
  EXPECT_TRUE(history.events[2].is_nemesis());
  EXPECT_EQ(history.events[3].value, Value::integer(-3));
}

TEST(EtcdImport, RejectsOtherLines) {
  EXPECT_THAT(parse_error("INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO jepsen.core - starting\n", HistoryFormat::porcupine_etcd),
              HasSubstr("h:2: no 'jepsen.util -' in this line"));
  EXPECT_THAT(parse_error("INFO  jepsen.util - x\t:invoke\t:read\tnil\n"), HasSubstr("h:1: process 'x'"));
  EXPECT_THAT(parse_error("INFO  jepsen.util - 0\t:invoke\tread\tnil\n"), HasSubstr("h:1: f 'read'; expected a keyword"));
  EXPECT_THAT(parse_error("INFO  jepsen.util - 0\t:invoke\t:read\tnil 3\n"), HasSubstr("h:1: value 'nil 3'"));
  EXPECT_THAT(parse_error("INFO  jepsen.util - 0\t:invoke\t:r\xFF\tnil\n"), HasSubstr("h:1: this line is not valid UTF-8"));
}

TEST(LoadHistory, ReadsFilesAndReportsIoErrors) {
  const auto dir = std::filesystem::temp_directory_path() / "qc_import_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "one.edn").string();
  std::ofstream(path) << "[{:process 0, :type :invoke, :f :read, :value nil}]\n";
  auto loaded = load_history(path, HistoryFormat::automatic);
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().message();
  EXPECT_EQ(loaded.value().source, path);
  auto as_jsonl = load_history(path, HistoryFormat::jsonl);  // an explicit format wins
  ASSERT_FALSE(as_jsonl.is_ok());
  EXPECT_EQ(as_jsonl.status().kind(), ErrorKind::malformed);
  auto missing = load_history((dir / "missing.edn").string(), HistoryFormat::automatic);
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().kind(), ErrorKind::io);
  EXPECT_THAT(missing.status().message(), HasSubstr("missing.edn"));
  auto directory = load_history(dir.string(), HistoryFormat::automatic);
  ASSERT_FALSE(directory.is_ok());
  EXPECT_EQ(directory.status().kind(), ErrorKind::io);
  std::filesystem::remove_all(dir);
}

// The examples in the repository are what users try first: they must stay valid.
TEST(Examples, RegisterExamplesLoad) {
  const std::string examples = std::string(QC_SOURCE_DIR) + "/examples/";
  auto ok = load_history(examples + "register-ok.jsonl", HistoryFormat::automatic);
  ASSERT_TRUE(ok.is_ok()) << ok.status().message();
  EXPECT_EQ(ok.value().events.size(), 9U);
  EXPECT_TRUE(ok.value().events[4].is_nemesis());
  EXPECT_EQ(ok.value().events[6].type, EventType::info);
  auto stale = load_history(examples + "register-stale.jsonl", HistoryFormat::automatic);
  ASSERT_TRUE(stale.is_ok()) << stale.status().message();
  EXPECT_EQ(stale.value().events.back().value, Value::integer(1));  // read 1 after 2 was written
}

}  // namespace
}  // namespace qc
