#pragma once
// The durable, append-only record log of a real store node: the node appends its
// durable records here before any reply that claims durability leaves (node.h, "records"),
// and rebuilds from them after a crash, kill -9 included. Records are opaque byte strings
// to this layer; another module encodes them. The log is one file in the node's --data
// directory.
//
// FILE FORMAT (all integers little-endian)
//   file header, 8 bytes: "QCLOG" (5 bytes), version byte 1, two reserved zero bytes.
//   then records, back to back, each:
//     u32 payload length  (at most kMaxRecordBytes; more counts as corruption)
//     u32 CRC-32C (Castagnoli) of the payload
//     the payload bytes
//   Nothing else: no footer, no index. The file ends after the last record.
//
// RECOVERY POLICY
// A process that dies mid-append leaves a torn tail: a partial record header, a partial
// payload, or (the page cache having written blocks out of order) a record whose bytes do
// not match its checksum. open() keeps every record up to the first one that is not
// intact and cuts the file there. A corrupt record in the MIDDLE (bit rot, a bad disk)
// also cuts everything after it: once one length or checksum is wrong we cannot tell
// where the next record starts, nor which later bytes to trust. LogRecovery says how many
// bytes were cut and why, so the caller can log it loudly; a cut far from the end means
// durable records were lost, not just a torn append.
//
// DURABILITY
// append() returns only after one fdatasync covering the whole batch (group commit).
// After a failed append the file's state is unknown (the kernel may have dropped the dirty
// pages it failed to write, so a later fsync can succeed without them): every later
// append on this LogFile fails too, and the caller must treat the node as crashed and
// recover by reopening.
//
// One LogFile per file: open() takes an exclusive flock, so a second node process (or a
// second open in this one) pointed at the same --data directory is refused.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace qc {

inline constexpr std::uint32_t kMaxRecordBytes = 16u << 20;  // 16 MiB payload
inline constexpr std::uint64_t kLogHeaderBytes = 8;
inline constexpr std::uint64_t kRecordHeaderBytes = 8;  // length + checksum

// The checksum stored with each record: CRC-32C, the polynomial iSCSI, ext4 and
// RocksDB use for the same job. Exposed for tests that build log bytes by hand.
std::uint32_t crc32c(std::string_view bytes);

// What open() found on disk.
struct LogRecovery {
  std::vector<std::string> records;  // every intact record, in append order
  std::uint64_t kept_bytes = 0;      // file header + intact records: the file's size now
  std::uint64_t cut_bytes = 0;       // a torn or corrupt tail cut off (0: none)
  // Empty when nothing was cut; else which record failed, where, and why, e.g.
  // "record 12 at byte 3456: checksum mismatch (stored 0x..., computed 0x...)" or
  // "record 12 at byte 3456: truncated payload (needs 40 bytes, 13 left)". Records are
  // numbered from 0, so the failed record's number is records.size().
  std::string cut_reason;
  // The file was missing, empty, or held only part of our header (a process died while
  // creating it): a new, empty log was started. A node that expected its data should
  // say so: an unexpectedly new log can mean a wrong --data directory.
  bool created = false;
};

class LogFile {
 public:
  // Opens the log at `path`, creating it if missing, and reads back every intact record.
  // - Missing, empty, or a strict prefix of our header: the header is written and the file
  //   and its directory fsync'd, so the new log survives a crash; created = true.
  // - A header that is not ours (another file, another version): ErrorKind::malformed and
  //   the file is left untouched. We never truncate a file we did not write.
  // - A torn or corrupt tail: cut off (truncated to kept_bytes and fsync'd before open
  //   returns), and reported in the LogRecovery.
  // - The directory missing, no permission, not a regular file, locked by another
  //   LogFile, or any failed system call: ErrorKind::io naming the path and the reason.
  static Result<std::pair<LogFile, LogRecovery>> open(const std::string& path);

  // Appends the records, in order, and makes them durable before returning: one write of
  // the whole batch (short writes and EINTR handled) and one fdatasync. An empty batch
  // writes nothing. A record longer than kMaxRecordBytes is refused before anything is
  // written (ErrorKind::malformed; the log is still usable). Any other failure is
  // ErrorKind::io, and this LogFile refuses every later append: see DURABILITY above.
  Status append(const std::vector<std::string>& records);

  // The file's size after the last successful open or append.
  std::uint64_t size_bytes() const { return size_bytes_; }
  const std::string& path() const { return path_; }

  LogFile(LogFile&& other) noexcept;
  LogFile& operator=(LogFile&& other) noexcept;
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;
  ~LogFile();  // closes the file (and so releases the lock); it syncs nothing

 private:
  LogFile(std::string path, int fd, std::uint64_t size_bytes)
      : path_(std::move(path)), fd_(fd), size_bytes_(size_bytes) {}
  // Latches the failure (see DURABILITY) and says what failed.
  Status fail_append(const std::string& what, int error_number);

  std::string path_;
  int fd_ = -1;
  std::uint64_t size_bytes_ = 0;
  std::string failure_;  // why an append failed; non-empty: every later append fails
};

}  // namespace qc
