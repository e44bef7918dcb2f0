// Every history in the shared validation set (real Jepsen, Knossos and Porcupine data)
// must be detected as the format expected.json lists, parse, pass validate, and look
// like what its source recorded.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "histories/import.h"

namespace qc {
namespace {

namespace fs = std::filesystem;
const fs::path kValidation = QC_VALIDATION_DIR;

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

// File (relative to the validation folder) -> its format as expected.json spells it.
std::map<std::string, std::string> expected_formats() {
  const auto expected = nlohmann::json::parse(read_text(kValidation / "expected.json"));
  std::map<std::string, std::string> formats;
  for (const auto& entry : expected.at("cases")) formats[entry.at("file")] = entry.at("format");
  return formats;
}

std::set<std::string> history_files() {
  std::set<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(kValidation)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name != "README.md" && name != "expected.json") {
      files.insert(fs::relative(entry.path(), kValidation).generic_string());
    }
  }
  return files;
}

struct Counts {
  std::size_t invokes = 0, completions = 0, infos = 0, nemesis = 0, keyed = 0;
  std::set<std::string> fs;
};

Counts count(const History& history) {
  Counts counts;
  for (const Event& event : history.events) {
    if (event.is_nemesis()) {
      ++counts.nemesis;
      continue;
    }
    counts.fs.insert(event.f);
    if (event.key) ++counts.keyed;
    if (event.type == EventType::invoke) ++counts.invokes;
    else ++counts.completions;
    if (event.type == EventType::info) ++counts.infos;
  }
  return counts;
}

// What every file of a source shares: the ops its model knows, values of the right shape.
void expect_plausible(const std::string& format, const History& history) {
  const Counts counts = count(history);
  EXPECT_GT(counts.invokes, 0U);
  EXPECT_LE(counts.completions, counts.invokes);  // validate pairs each with an invocation
  for (std::size_t i = 0; i < history.events.size(); ++i) {
    EXPECT_EQ(history.events[i].index, static_cast<std::int64_t>(i));
    EXPECT_GT(history.events[i].line, 0);
    if (i > 0) {
      EXPECT_GE(history.events[i].line, history.events[i - 1].line);
    }
  }
  if (format == "porcupine-kv") {
    EXPECT_EQ(counts.keyed, history.events.size());
    EXPECT_TRUE(counts.fs.count("append") + counts.fs.count("get") + counts.fs.count("put") > 0);
    return;
  }
  EXPECT_EQ(counts.keyed, 0U);
  for (const std::string& f : counts.fs) EXPECT_TRUE(f == "read" || f == "write" || f == "cas") << f;
  for (const Event& event : history.events) {
    if (event.f == "cas" && event.type == EventType::invoke) {
      ASSERT_TRUE(event.value.is_list());
      EXPECT_EQ(event.value.as_list().size(), 2U);
    }
    if (event.f == "write" && event.type == EventType::invoke) {
      EXPECT_TRUE(event.value.is_integer());
    }
    if (format == "porcupine-etcd" && event.type == EventType::info) {
      EXPECT_TRUE(event.value.is_nil());  // :timed-out: the outcome is unknown
    }
  }
}

HistoryFormat our_format(const std::string& listed) {
  auto format = history_format_from_string(listed);
  EXPECT_TRUE(format.has_value()) << listed;
  return format.value_or(HistoryFormat::automatic);
}

TEST(ValidationSet, EveryFileIsListedAndEveryListedFileExists) {
  std::set<std::string> listed;
  for (const auto& [file, format] : expected_formats()) listed.insert(file);
  EXPECT_EQ(history_files(), listed);
  EXPECT_EQ(listed.size(), 115U);
}

TEST(ValidationSet, EveryFileParsesWithDetectedFormat) {
  for (const auto& [file, format] : expected_formats()) {
    SCOPED_TRACE(file);
    const std::string text = read_text(kValidation / file);
    EXPECT_EQ(to_string(detect_format(text)), std::string(to_string(our_format(format))));
    auto history = load_history((kValidation / file).string(), HistoryFormat::automatic);
    ASSERT_TRUE(history.is_ok()) << history.status().message();
    EXPECT_TRUE(validate(history.value()).is_ok());
    EXPECT_EQ(history.value().source, (kValidation / file).string());
    expect_plausible(format, history.value());
  }
}

Result<History> load(const std::string& file) {
  return load_history((kValidation / file).string(), HistoryFormat::automatic);
}

TEST(ValidationSet, EtcdLogHasOneEventPerLine) {
  auto history = load("porcupine-etcd/etcd_000.log");
  ASSERT_TRUE(history.is_ok());
  const std::string text = read_text(kValidation / "porcupine-etcd/etcd_000.log");
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  EXPECT_EQ(history.value().events.size(), lines);
  const Event& first = history.value().events.front();
  EXPECT_EQ(first.process, 0);
  EXPECT_EQ(first.type, EventType::invoke);
  EXPECT_EQ(first.f, "read");
  EXPECT_TRUE(first.value.is_nil());
  const Event& cas = history.value().events.at(19);  // "2 :ok :cas [3 0]" on line 20
  EXPECT_EQ(cas.line, 20);
  EXPECT_EQ(cas.value, Value::list({Value::integer(3), Value::integer(0)}));
}

TEST(ValidationSet, KnossosNemesisEventsAreKeptAsAnnotations) {
  auto history = load("knossos-cas-register/bad/cas-failure.edn");
  ASSERT_TRUE(history.is_ok());
  const Counts counts = count(history.value());
  EXPECT_EQ(counts.nemesis, 8U);
  const Event& cut = history.value().events.at(history.value().events.size() - 3);
  EXPECT_TRUE(cut.is_nemesis());
  EXPECT_EQ(cut.line, 599);  // the map spans lines 599-603: the line where it starts
  EXPECT_EQ(cut.f, "start");
  ASSERT_TRUE(cut.value.is_string());
  EXPECT_EQ(cut.value.as_string().rfind("Cut off [:n3 #[:n4", 0), 0U);
}

TEST(ValidationSet, KnossosListsCommentsAndErrorsAreRead) {
  auto failure = load("knossos-cas-register/bad/immediate-failure.edn");
  ASSERT_TRUE(failure.is_ok());
  ASSERT_EQ(failure.value().events.size(), 4U);
  EXPECT_EQ(failure.value().events[2].error, "[:temporarily-unavailable nil]");
  EXPECT_EQ(failure.value().events[2].process, 101);
  auto rethink = load("knossos-cas-register/bad/rethink-fail-minimal.edn");  // a list with comments
  ASSERT_TRUE(rethink.is_ok());
  EXPECT_EQ(rethink.value().events.at(2).line, 4);
  EXPECT_EQ(rethink.value().events.at(2).f, "read");
}

TEST(ValidationSet, PorcupineKvKeepsKeysAndStrings) {
  auto history = load("porcupine-kv/c01-ok.txt");
  ASSERT_TRUE(history.is_ok());
  const Event& first = history.value().events.front();
  EXPECT_EQ(first.f, "append");
  EXPECT_EQ(first.key, "0");
  EXPECT_EQ(first.value, Value::string("x 0 0 y"));
  EXPECT_EQ(history.value().events.at(2).key, "4");
  EXPECT_EQ(history.value().events.at(2).line, 3);
}

// check reads files straight into operations (load_operations), streaming events into
// the pairing; on every real history that must give exactly the operations of loading
// the whole history and pairing it.
TEST(ValidationSet, StreamedOperationsEqualPairedHistory) {
  for (const std::string& file : history_files()) {
    SCOPED_TRACE(file);
    const std::string path = (kValidation / file).string();
    auto history = load_history(path, HistoryFormat::automatic);
    ASSERT_TRUE(history.is_ok()) << history.status().message();
    auto paired = pair_operations(history.value());
    auto streamed = load_operations(path, HistoryFormat::automatic);
    ASSERT_TRUE(paired.is_ok() && streamed.is_ok());
    EXPECT_EQ(streamed.value(), paired.value());
  }
}

}  // namespace
}  // namespace qc
