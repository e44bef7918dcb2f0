// The durable record log: its exact bytes, records back in order after reopening, a torn
// or corrupt tail cut at every possible place, files that are not ours left alone, the
// latch after a failed append, and a property over random appends and truncations.
#include "net/log_file.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <stdexcept>

// The largest single allocation since the last reset: proves that a garbage length field
// is never turned into a buffer of that size.
namespace {
std::atomic<std::size_t> g_largest_allocation_bytes{0};
}  // namespace

// GCC flags free() on memory from operator new, not seeing that this file replaces both.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  if (size > g_largest_allocation_bytes.load(std::memory_order_relaxed))
    g_largest_allocation_bytes.store(size, std::memory_order_relaxed);
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
#pragma GCC diagnostic pop

namespace qc {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test (and per property run), removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "qc-log-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::uint64_t disk_size_bytes(const std::string& path) { return fs::file_size(path); }

// Opens the log or throws with the Status message (a test failure in GoogleTest and
// RapidCheck alike).
std::pair<LogFile, LogRecovery> open_log(const std::string& path) {
  Result<std::pair<LogFile, LogRecovery>> opened = LogFile::open(path);
  if (!opened.is_ok()) throw std::runtime_error("open failed: " + opened.status().message());
  return std::move(opened).value();
}

void append_ok(LogFile& log, const std::vector<std::string>& records) {
  const Status appended = log.append(records);
  if (!appended.is_ok()) throw std::runtime_error("append failed: " + appended.message());
}

std::string u32_le(std::uint32_t value) {
  std::string bytes;
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>(value >> (8 * i)));
  return bytes;
}

const std::string kHeader("QCLOG\x01\x00\x00", 8);

std::string frame(const std::string& payload) {
  return u32_le(static_cast<std::uint32_t>(payload.size())) + u32_le(crc32c(payload)) + payload;
}

// Writes `records` in one batch to a new log at `path`; returns the byte offset where
// each record starts, plus the file's end.
std::vector<std::uint64_t> write_log(const std::string& path, const std::vector<std::string>& records) {
  auto [log, recovery] = open_log(path);
  append_ok(log, records);
  std::vector<std::uint64_t> starts{kLogHeaderBytes};
  for (const std::string& record : records) starts.push_back(starts.back() + kRecordHeaderBytes + record.size());
  return starts;
}

const std::vector<std::string> kEarlier{"first", std::string("\0se\0cond\0", 9), ""};
const std::string kLast = "the last record, torn";

TEST(LogFileCrc32c, MatchesTheCastagnoliCheckValue) {
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);  // the standard check value of CRC-32C
  EXPECT_EQ(crc32c(""), 0u);
}

TEST(LogFile, WritesTheDocumentedBytes) {
  TempDir dir;
  const std::string path = dir.file("log");
  {
    auto [log, recovery] = open_log(path);
    append_ok(log, {"ab", ""});
    EXPECT_EQ(log.size_bytes(), 8u + 10u + 8u);
    EXPECT_EQ(log.path(), path);
  }
  const std::uint32_t crc_ab = crc32c("ab");
  const std::string expected = kHeader + std::string("\x02\x00\x00\x00", 4) + u32_le(crc_ab) + "ab" +
                               std::string(8, '\0');  // the empty record: length 0, CRC of nothing 0
  EXPECT_EQ(read_bytes(path), expected);
}

TEST(LogFile, GivesEveryRecordBackInOrderAfterReopening) {
  TempDir dir;
  const std::string path = dir.file("log");
  const std::vector<std::vector<std::string>> batches{
      {"one", "", std::string("\0", 1)},
      {},
      {"line\r\nbreak", std::string("\0\0x\0\xff", 5)},
      {std::string(100'000, 'z')},
      {""},
  };
  std::vector<std::string> all;
  {
    auto [log, recovery] = open_log(path);
    EXPECT_TRUE(recovery.created);
    for (const auto& batch : batches) {
      append_ok(log, batch);
      all.insert(all.end(), batch.begin(), batch.end());
      EXPECT_EQ(log.size_bytes(), disk_size_bytes(path));
    }
  }
  auto [log, recovery] = open_log(path);
  EXPECT_EQ(recovery.records, all);
  EXPECT_FALSE(recovery.created);
  EXPECT_EQ(recovery.cut_bytes, 0u);
  EXPECT_EQ(recovery.cut_reason, "");
  EXPECT_EQ(recovery.kept_bytes, disk_size_bytes(path));
  EXPECT_EQ(log.size_bytes(), disk_size_bytes(path));
}

TEST(LogFile, KeepsGrowingAcrossReopens) {
  TempDir dir;
  const std::string path = dir.file("log");
  std::vector<std::string> all;
  for (int round = 0; round < 5; ++round) {
    auto [log, recovery] = open_log(path);
    EXPECT_EQ(recovery.records, all) << "round " << round;
    EXPECT_EQ(recovery.created, round == 0);
    const std::vector<std::string> batch{"round " + std::to_string(round), std::string(round, '\n')};
    append_ok(log, batch);
    all.insert(all.end(), batch.begin(), batch.end());
  }
  EXPECT_EQ(open_log(path).second.records, all);
}

TEST(LogFile, ReopensALogHoldingOnlyItsHeaderAsExistingAndEmpty) {
  TempDir dir;
  const std::string path = dir.file("log");
  write_bytes(path, kHeader);
  auto [log, recovery] = open_log(path);
  EXPECT_FALSE(recovery.created);
  EXPECT_TRUE(recovery.records.empty());
  EXPECT_EQ(recovery.kept_bytes, kLogHeaderBytes);
  EXPECT_EQ(recovery.cut_bytes, 0u);
}

TEST(LogFile, StartsAFreshLogWhenTheFileIsMissing) {
  TempDir dir;
  const std::string path = dir.file("log");
  auto [log, recovery] = open_log(path);
  EXPECT_TRUE(recovery.created);
  EXPECT_TRUE(recovery.records.empty());
  EXPECT_EQ(recovery.kept_bytes, kLogHeaderBytes);
  EXPECT_EQ(read_bytes(path), kHeader);
}

// A process killed while creating the log leaves an empty file or part of the header:
// no record can have been appended yet, so the log starts afresh and says it did.
TEST(LogFile, TreatsAnEmptyFileOrATornHeaderAsNew) {
  for (std::size_t torn = 0; torn < kHeader.size(); ++torn) {
    TempDir dir;
    const std::string path = dir.file("log");
    write_bytes(path, kHeader.substr(0, torn));
    {
      auto [log, recovery] = open_log(path);
      EXPECT_TRUE(recovery.created) << torn << " header bytes";
      EXPECT_TRUE(recovery.records.empty());
      EXPECT_EQ(recovery.cut_bytes, 0u);
      EXPECT_EQ(read_bytes(path), kHeader) << torn << " header bytes";
      append_ok(log, {"after"});
    }
    const LogRecovery reopened = open_log(path).second;
    EXPECT_FALSE(reopened.created);
    EXPECT_EQ(reopened.records, std::vector<std::string>{"after"});
  }
}

TEST(LogFile, CutsATornTailAtEveryLengthInsideTheLastRecord) {
  std::vector<std::string> records = kEarlier;
  records.push_back(kLast);
  TempDir dir;
  const std::string original_path = dir.file("original");
  const std::vector<std::uint64_t> starts = write_log(original_path, records);
  const std::string original = read_bytes(original_path);
  const std::uint64_t last_start = starts[kEarlier.size()];
  ASSERT_EQ(original.size(), starts.back());

  for (std::uint64_t length = last_start + 1; length < original.size(); ++length) {
    SCOPED_TRACE("file truncated to " + std::to_string(length) + " bytes");
    const std::string path = dir.file("torn");
    write_bytes(path, original.substr(0, length));
    {
      auto [log, recovery] = open_log(path);
      EXPECT_EQ(recovery.records, kEarlier);
      EXPECT_FALSE(recovery.created);
      EXPECT_EQ(recovery.kept_bytes, last_start);
      EXPECT_EQ(recovery.cut_bytes, length - last_start);
      const std::uint64_t left = length - last_start;
      const std::string where = "record 3 at byte " + std::to_string(last_start) + ": ";
      if (left < kRecordHeaderBytes) {
        EXPECT_EQ(recovery.cut_reason,
                  where + "truncated record header (needs 8 bytes, " + std::to_string(left) + " left)");
      } else {
        EXPECT_EQ(recovery.cut_reason, where + "truncated payload (needs " + std::to_string(kLast.size()) + " bytes, " +
                                           std::to_string(left - kRecordHeaderBytes) + " left)");
      }
      EXPECT_EQ(disk_size_bytes(path), last_start);
      EXPECT_EQ(log.size_bytes(), last_start);
      append_ok(log, {"new", ""});
    }
    auto [log, recovery] = open_log(path);
    std::vector<std::string> expected = kEarlier;
    expected.insert(expected.end(), {"new", ""});
    EXPECT_EQ(recovery.records, expected);
    EXPECT_EQ(recovery.cut_bytes, 0u);
    EXPECT_EQ(recovery.cut_reason, "");
  }
}

TEST(LogFile, CutsALastRecordWithAFlippedChecksumOrPayloadByte) {
  std::vector<std::string> records = kEarlier;
  records.push_back(kLast);
  TempDir dir;
  const std::string original_path = dir.file("original");
  const std::vector<std::uint64_t> starts = write_log(original_path, records);
  const std::string original = read_bytes(original_path);
  const std::uint64_t last_start = starts[kEarlier.size()];

  // Bytes 4..7 of the record are its checksum, the rest its payload.
  for (std::uint64_t flipped = last_start + 4; flipped < original.size(); ++flipped) {
    SCOPED_TRACE("byte " + std::to_string(flipped) + " flipped");
    std::string corrupt = original;
    corrupt[flipped] = static_cast<char>(corrupt[flipped] ^ 0x20);
    const std::string path = dir.file("corrupt");
    write_bytes(path, corrupt);
    auto [log, recovery] = open_log(path);
    EXPECT_EQ(recovery.records, kEarlier);
    EXPECT_EQ(recovery.kept_bytes, last_start);
    EXPECT_EQ(recovery.cut_bytes, original.size() - last_start);
    EXPECT_NE(recovery.cut_reason.find("record 3 at byte " + std::to_string(last_start) + ": checksum mismatch"),
              std::string::npos)
        << recovery.cut_reason;
    EXPECT_EQ(disk_size_bytes(path), last_start);
  }
}

// The documented policy: after a bad record nothing can be trusted, even intact-looking
// records, and the recovery reports how much was lost.
TEST(LogFile, CutsEverythingAfterACorruptRecordInTheMiddle) {
  TempDir dir;
  const std::string path = dir.file("log");
  const std::vector<std::uint64_t> starts = write_log(path, {"zero", "one", "two", "three"});
  std::string bytes = read_bytes(path);
  bytes[starts[1] + kRecordHeaderBytes] ^= 0x01;  // the first payload byte of record 1
  write_bytes(path, bytes);
  auto [log, recovery] = open_log(path);
  EXPECT_EQ(recovery.records, std::vector<std::string>{"zero"});
  EXPECT_EQ(recovery.kept_bytes, starts[1]);
  EXPECT_EQ(recovery.cut_bytes, starts.back() - starts[1]);
  EXPECT_NE(recovery.cut_reason.find("record 1 at byte " + std::to_string(starts[1]) + ": checksum mismatch"),
            std::string::npos)
      << recovery.cut_reason;
  EXPECT_EQ(disk_size_bytes(path), starts[1]);
}

TEST(LogFile, CutsAHugeLengthWithoutAllocatingIt) {
  const std::uint32_t lengths[] = {0xFFFFFFFFu, kMaxRecordBytes + 1, kMaxRecordBytes};
  for (const std::uint32_t length : lengths) {
    SCOPED_TRACE("length field " + std::to_string(length));
    TempDir dir;
    const std::string path = dir.file("log");
    const std::string intact = frame("kept");
    write_bytes(path, kHeader + intact + u32_le(length) + u32_le(0) + "short");
    g_largest_allocation_bytes = 0;
    auto [log, recovery] = open_log(path);
    EXPECT_LT(g_largest_allocation_bytes.load(), std::size_t{1} << 20);
    EXPECT_EQ(recovery.records, std::vector<std::string>{"kept"});
    EXPECT_EQ(recovery.kept_bytes, kHeader.size() + intact.size());
    EXPECT_EQ(recovery.cut_bytes, 8u + 5u);
    const std::string where = "record 1 at byte " + std::to_string(recovery.kept_bytes) + ": ";
    if (length > kMaxRecordBytes) {
      EXPECT_EQ(recovery.cut_reason, where + "length " + std::to_string(length) + " exceeds max_record_bytes 16777216");
    } else {  // a legal length, but the bytes are not there
      EXPECT_EQ(recovery.cut_reason, where + "truncated payload (needs 16777216 bytes, 5 left)");
    }
    EXPECT_EQ(disk_size_bytes(path), recovery.kept_bytes);
  }
}

TEST(LogFile, RefusesARecordOverTheLimitAndWritesNothingOfItsBatch) {
  TempDir dir;
  const std::string path = dir.file("log");
  {
    auto [log, recovery] = open_log(path);
    append_ok(log, {"before"});
    const std::uint64_t size_before = disk_size_bytes(path);
    const Status refused = log.append({"fine", std::string(kMaxRecordBytes + 1, 'x')});
    ASSERT_FALSE(refused.is_ok());
    EXPECT_EQ(refused.kind(), ErrorKind::malformed);
    EXPECT_NE(refused.message().find("record 1 of the batch"), std::string::npos) << refused.message();
    EXPECT_EQ(disk_size_bytes(path), size_before);
    append_ok(log, {"after"});  // a refused batch does not poison the log
  }
  EXPECT_EQ(open_log(path).second.records, (std::vector<std::string>{"before", "after"}));
}

TEST(LogFile, RefusesAFileWithAForeignHeaderAndLeavesItUntouched) {
  const std::string foreign[] = {
      "key,value\r\nalpha,1\r\nbeta,2\r\n",            // a text file
      "hi",                                            // shorter than our header
      std::string("QCLOG\x02\x00\x00", 8) + frame("x"),  // a future version
      std::string("QCLOG\x01\x00\x07", 8) + frame("x"),  // reserved bytes in use
  };
  const std::string expected_words[] = {"not a quorumcheck log", "not a quorumcheck log", "version 2", "reserved"};
  for (std::size_t i = 0; i < std::size(foreign); ++i) {
    SCOPED_TRACE("file " + std::to_string(i));
    TempDir dir;
    const std::string path = dir.file("log");
    write_bytes(path, foreign[i]);
    Result<std::pair<LogFile, LogRecovery>> opened = LogFile::open(path);
    ASSERT_FALSE(opened.is_ok());
    EXPECT_EQ(opened.status().kind(), ErrorKind::malformed);
    EXPECT_NE(opened.status().message().find(path), std::string::npos) << opened.status().message();
    EXPECT_NE(opened.status().message().find(expected_words[i]), std::string::npos) << opened.status().message();
    EXPECT_EQ(read_bytes(path), foreign[i]);
  }
}

TEST(LogFile, NamesThePathWhenTheDirectoryIsMissing) {
  TempDir dir;
  const std::string path = dir.file("missing") + "/log";
  Result<std::pair<LogFile, LogRecovery>> opened = LogFile::open(path);
  ASSERT_FALSE(opened.is_ok());
  EXPECT_EQ(opened.status().kind(), ErrorKind::io);
  EXPECT_NE(opened.status().message().find(path), std::string::npos) << opened.status().message();
  EXPECT_NE(opened.status().message().find("No such file or directory"), std::string::npos)
      << opened.status().message();
  EXPECT_FALSE(fs::exists(dir.file("missing")));
}

TEST(LogFile, RefusesADirectoryAsTheLog) {
  TempDir dir;
  const std::string path = dir.file("data");
  fs::create_directory(path);
  Result<std::pair<LogFile, LogRecovery>> opened = LogFile::open(path);
  ASSERT_FALSE(opened.is_ok());
  EXPECT_EQ(opened.status().kind(), ErrorKind::io);
  EXPECT_NE(opened.status().message().find(path), std::string::npos) << opened.status().message();
}

TEST(LogFile, RefusesASecondOpenWhileTheFirstIsOpen) {
  TempDir dir;
  const std::string path = dir.file("log");
  {
    auto [log, recovery] = open_log(path);
    append_ok(log, {"mine"});
    Result<std::pair<LogFile, LogRecovery>> second = LogFile::open(path);
    ASSERT_FALSE(second.is_ok());
    EXPECT_EQ(second.status().kind(), ErrorKind::io);
    EXPECT_NE(second.status().message().find("in use"), std::string::npos) << second.status().message();
  }
  EXPECT_EQ(open_log(path).second.records, std::vector<std::string>{"mine"});  // closing released the lock
}

TEST(LogFile, MovingKeepsTheFileOpenInItsNewOwner) {
  TempDir dir;
  const std::string path = dir.file("log");
  auto opened = open_log(path);
  LogFile moved(std::move(opened.first));
  append_ok(moved, {"a"});
  LogFile assigned = std::move(open_log(dir.file("other")).first);
  assigned = std::move(moved);  // closes "other", takes over "log"
  append_ok(assigned, {"b"});
  EXPECT_EQ(assigned.path(), path);
  EXPECT_FALSE(moved.append({"c"}).is_ok());  // NOLINT(bugprone-use-after-move): the moved-from state is defined
  EXPECT_FALSE(LogFile::open(path).is_ok());  // still locked by `assigned`
  const std::vector<std::string> expected{"a", "b"};
  {
    LogFile closing = std::move(assigned);
  }
  EXPECT_EQ(open_log(path).second.records, expected);
  EXPECT_TRUE(LogFile::open(dir.file("other")).is_ok());  // its lock was released by the assignment
}

// Restores the file size limit and SIGXFSZ however the test ends.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(std::uint64_t limit_bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    saved_handler_ = ::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of a killed process
    rlimit limited = saved_;
    limited.rlim_cur = limit_bytes;
    ::setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    ::signal(SIGXFSZ, saved_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  sighandler_t saved_handler_ = SIG_DFL;
};

// A write that fails halfway leaves a torn tail; the LogFile refuses every later append
// (nothing after a failed append may claim durability), and reopening cuts the tail.
TEST(LogFile, FailsEveryAppendAfterAFailedOneAndReopeningCutsItsTornTail) {
  TempDir dir;
  const std::string path = dir.file("log");
  auto [log, recovery] = open_log(path);
  append_ok(log, {"durable"});
  const std::uint64_t durable_bytes = log.size_bytes();
  {
    FileSizeLimit limit(durable_bytes + 20);
    const Status failed = log.append({std::string(100, 'x')});
    ASSERT_FALSE(failed.is_ok());
    EXPECT_EQ(failed.kind(), ErrorKind::io);
    EXPECT_NE(failed.message().find(path), std::string::npos) << failed.message();
    EXPECT_NE(failed.message().find("File too large"), std::string::npos) << failed.message();
  }
  EXPECT_EQ(disk_size_bytes(path), durable_bytes + 20);  // the torn write
  const Status later = log.append({"small"});
  ASSERT_FALSE(later.is_ok());
  EXPECT_NE(later.message().find("an earlier append failed"), std::string::npos) << later.message();
  EXPECT_EQ(disk_size_bytes(path), durable_bytes + 20);

  log = std::move(open_log(dir.file("elsewhere")).first);  // closes the failed log
  auto [reopened, after] = open_log(path);
  EXPECT_EQ(after.records, std::vector<std::string>{"durable"});
  EXPECT_EQ(after.cut_bytes, 20u);
  EXPECT_EQ(after.cut_reason, "record 1 at byte " + std::to_string(durable_bytes) +
                                  ": truncated payload (needs 100 bytes, 12 left)");
  append_ok(reopened, {"small"});
}

using Batches = std::vector<std::vector<std::string>>;

Batches arbitrary_batches() {
  Batches batches(*rc::gen::inRange<std::size_t>(0, 6));
  for (auto& batch : batches) batch = *rc::gen::arbitrary<std::vector<std::string>>();
  return batches;
}

// Appends the batches to a new log; returns every record and where each one ends.
std::pair<std::vector<std::string>, std::vector<std::uint64_t>> append_batches(const std::string& path,
                                                                                const Batches& batches) {
  std::vector<std::string> records;
  std::vector<std::uint64_t> ends;
  auto [log, recovery] = open_log(path);
  std::uint64_t end = kLogHeaderBytes;
  for (const auto& batch : batches) {
    append_ok(log, batch);
    for (const std::string& record : batch) {
      records.push_back(record);
      end += kRecordHeaderBytes + record.size();
      ends.push_back(end);
    }
  }
  RC_ASSERT(log.size_bytes() == end);
  return {records, ends};
}

RC_GTEST_PROP(LogFileProperty, RecoversExactlyTheRecordsFullyInsideATruncatedFile, ()) {
  TempDir dir;
  const std::string path = dir.file("log");
  const auto [records, ends] = append_batches(path, arbitrary_batches());
  const std::uint64_t file_bytes = disk_size_bytes(path);
  const auto truncated_bytes = *rc::gen::inRange<std::uint64_t>(0, file_bytes + 1);
  fs::resize_file(path, truncated_bytes);

  const auto [log, recovery] = open_log(path);
  std::size_t inside = 0;
  while (inside < ends.size() && ends[inside] <= truncated_bytes) ++inside;
  RC_ASSERT(recovery.records == std::vector<std::string>(records.begin(), records.begin() + inside));
  const std::uint64_t kept = inside == 0 ? kLogHeaderBytes : ends[inside - 1];
  RC_ASSERT(recovery.kept_bytes == kept);
  RC_ASSERT(recovery.created == (truncated_bytes < kLogHeaderBytes));
  RC_ASSERT(recovery.cut_bytes == (recovery.created ? 0 : truncated_bytes - kept));
  RC_ASSERT(recovery.cut_reason.empty() == (recovery.cut_bytes == 0));
  RC_ASSERT(disk_size_bytes(path) == kept);
  RC_ASSERT(log.size_bytes() == kept);
}

RC_GTEST_PROP(LogFileProperty, RecoversExactlyTheRecordsBeforeAFlippedByte, ()) {
  TempDir dir;
  const std::string path = dir.file("log");
  const auto [records, ends] = append_batches(path, arbitrary_batches());
  RC_PRE(!records.empty());
  std::string bytes = read_bytes(path);
  const auto flipped = *rc::gen::inRange<std::uint64_t>(kLogHeaderBytes, bytes.size());
  bytes[flipped] = static_cast<char>(bytes[flipped] ^ *rc::gen::inRange(1, 256));
  write_bytes(path, bytes);

  const auto [log, recovery] = open_log(path);
  std::size_t before = 0;
  while (ends[before] <= flipped) ++before;  // the corrupt record's index
  // A corrupt record passes its CRC-32C with probability 2^-32: this holds in practice.
  RC_ASSERT(recovery.records == std::vector<std::string>(records.begin(), records.begin() + before));
  RC_ASSERT(recovery.cut_bytes == bytes.size() - recovery.kept_bytes);
  RC_ASSERT(recovery.cut_reason.starts_with("record " + std::to_string(before) + " at byte "));
}

}  // namespace
}  // namespace qc
