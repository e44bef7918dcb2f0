#include "net/log_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/crc.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace qc {
namespace {

constexpr char kHeader[kLogHeaderBytes] = {'Q', 'C', 'L', 'O', 'G', 1, 0, 0};
constexpr std::string_view kMagic{kHeader, 5};
constexpr std::string_view header_bytes() { return {kHeader, sizeof kHeader}; }

Status io_error(const std::string& path, const std::string& action, int error_number) {
  return Status::error(ErrorKind::io, path + ": cannot " + action + " (" + std::strerror(error_number) + ")");
}

std::uint32_t load_u32(const char* bytes) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

void store_u32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

std::string hex(std::uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

// The whole file, read from offset 0 (pread: the file offset stays put).
Result<std::string> read_whole_file(int fd, std::uint64_t size_hint_bytes, const std::string& path) {
  std::string content;
  content.reserve(size_hint_bytes);
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::pread(fd, buffer, sizeof buffer, static_cast<off_t>(content.size()));
    if (got == 0) return content;
    if (got < 0) {
      if (errno == EINTR) continue;
      return io_error(path, "read the log", errno);
    }
    content.append(buffer, static_cast<std::size_t>(got));
  }
}

// 0, or the errno of the failed write. The fd is O_APPEND: each write lands at the end.
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t wrote = ::write(fd, bytes.data(), bytes.size());
    if (wrote < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return 0;
}

// Retried only on EINTR: after any other failure the dirty pages may already be gone,
// and a second fsync that succeeds would prove nothing.
int sync_file(int fd, bool data_only) {
  for (;;) {
    if ((data_only ? ::fdatasync(fd) : ::fsync(fd)) == 0) return 0;
    if (errno != EINTR) return errno;
  }
}

// A new file's directory entry is durable only once its directory is synced.
Status sync_parent_directory(const std::string& path) {
  std::string directory = std::filesystem::path(path).parent_path().string();
  if (directory.empty()) directory = ".";
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error(directory, "open the log's directory to sync it", errno);
  const int error = sync_file(fd, false);
  ::close(fd);
  if (error != 0) return io_error(directory, "fsync the log's directory", error);
  return Status::ok();
}

// Why the record at the start of `rest` is not intact; empty when it is.
std::string record_problem(std::string_view rest) {
  if (rest.size() < kRecordHeaderBytes)
    return "truncated record header (needs " + std::to_string(kRecordHeaderBytes) + " bytes, " +
           std::to_string(rest.size()) + " left)";
  // Checked before anything is allocated: a garbage length must not become a huge buffer.
  const std::uint32_t length = load_u32(rest.data());
  if (length > kMaxRecordBytes)
    return "length " + std::to_string(length) + " exceeds max_record_bytes " + std::to_string(kMaxRecordBytes);
  const std::uint64_t left = rest.size() - kRecordHeaderBytes;
  if (length > left)
    return "truncated payload (needs " + std::to_string(length) + " bytes, " + std::to_string(left) + " left)";
  const std::uint32_t stored = load_u32(rest.data() + 4);
  const std::uint32_t computed = crc32c(rest.substr(kRecordHeaderBytes, length));
  if (stored != computed) return "checksum mismatch (stored " + hex(stored) + ", computed " + hex(computed) + ")";
  return {};
}

// Every intact record after our header, up to the first one that is not (see RECOVERY
// POLICY in the header: nothing after a bad record can be trusted).
LogRecovery read_records(std::string_view content) {
  LogRecovery recovery;
  std::uint64_t offset = kLogHeaderBytes;
  while (offset < content.size()) {
    const std::string_view rest = content.substr(offset);
    std::string problem = record_problem(rest);
    if (!problem.empty()) {
      recovery.cut_bytes = content.size() - offset;
      recovery.cut_reason = "record " + std::to_string(recovery.records.size()) + " at byte " +
                            std::to_string(offset) + ": " + problem;
      break;
    }
    const std::uint32_t length = load_u32(rest.data());
    recovery.records.emplace_back(rest.substr(kRecordHeaderBytes, length));
    offset += kRecordHeaderBytes + length;
  }
  recovery.kept_bytes = offset;
  return recovery;
}

// A file that does not start with our header, and is not a prefix of it either.
Status foreign_file(const std::string& path, std::string_view content) {
  const std::string untouched = "; the file was left untouched";
  if (!content.starts_with(kMagic))
    return Status::error(ErrorKind::malformed,
                         path + ": not a quorumcheck log (expected it to start with \"QCLOG\")" + untouched);
  if (content[kMagic.size()] != header_bytes()[kMagic.size()])
    return Status::error(ErrorKind::malformed, path + ": quorumcheck log version " +
                                                   std::to_string(static_cast<unsigned char>(content[kMagic.size()])) +
                                                   ", expected version 1" + untouched);
  return Status::error(ErrorKind::malformed,
                       path + ": quorumcheck log header with nonzero reserved bytes, expected zeros" + untouched);
}

}  // namespace

std::uint32_t crc32c(std::string_view bytes) {
  // Boost's table-driven CRC rather than a hand-written table: a well-kept, widely used
  // library beats our own copy of the polynomial arithmetic.
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

Result<std::pair<LogFile, LogRecovery>> LogFile::open(const std::string& path) {
  // O_APPEND: every append lands at the end, also right after recovery cut the tail.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return io_error(path, "open the log", errno);
  LogFile log(path, fd, 0);  // closes the fd on every way out below

  struct stat info {};
  if (::fstat(fd, &info) != 0) return io_error(path, "stat the log", errno);
  if (!S_ISREG(info.st_mode))
    return Status::error(ErrorKind::io,
                         path + ": the log is not a regular file; expected a file in the --data directory");
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK)
      return Status::error(ErrorKind::io, path + ": the log is in use (locked by another open LogFile, "
                                                 "maybe another node process)");
    return io_error(path, "lock the log", errno);
  }

  Result<std::string> read = read_whole_file(fd, static_cast<std::uint64_t>(info.st_size), path);
  if (!read.is_ok()) return read.status();
  const std::string& content = read.value();

  LogRecovery recovery;
  if (content.size() < kLogHeaderBytes && header_bytes().starts_with(content)) {
    // Missing, empty or a torn header: the process died while creating the log, before
    // any record could have been appended, so nothing is lost by starting afresh.
    if (!content.empty() && ::ftruncate(fd, 0) != 0) return io_error(path, "truncate a torn log header", errno);
    if (const int error = write_all(fd, header_bytes())) return io_error(path, "write the log header", error);
    if (const int error = sync_file(fd, false)) return io_error(path, "fsync the new log", error);
    Status synced = sync_parent_directory(path);
    if (!synced.is_ok()) return synced;
    recovery.created = true;
    recovery.kept_bytes = kLogHeaderBytes;
  } else if (!content.starts_with(header_bytes())) {
    return foreign_file(path, content);
  } else {
    recovery = read_records(content);
    if (recovery.cut_bytes > 0) {
      if (::ftruncate(fd, static_cast<off_t>(recovery.kept_bytes)) != 0)
        return io_error(path, "cut the log's torn tail (" + recovery.cut_reason + ")", errno);
      if (const int error = sync_file(fd, false)) return io_error(path, "fsync the log after cutting its tail", error);
    }
  }
  log.size_bytes_ = recovery.kept_bytes;
  return std::pair<LogFile, LogRecovery>(std::move(log), std::move(recovery));
}

Status LogFile::append(const std::vector<std::string>& records) {
  if (!failure_.empty())
    return Status::error(ErrorKind::io, path_ + ": cannot append: an earlier append failed (" + failure_ +
                                            "); the node must be treated as crashed and the log reopened");
  if (fd_ < 0) return Status::error(ErrorKind::io, path_ + ": cannot append: this LogFile was moved from");
  std::uint64_t batch_bytes = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].size() > kMaxRecordBytes)
      return Status::error(ErrorKind::malformed,
                           path_ + ": record " + std::to_string(i) + " of the batch has " +
                               std::to_string(records[i].size()) + " bytes, more than max_record_bytes " +
                               std::to_string(kMaxRecordBytes) + "; nothing was appended");
    batch_bytes += kRecordHeaderBytes + records[i].size();
  }
  if (records.empty()) return Status::ok();

  std::string batch;
  batch.reserve(batch_bytes);
  for (const std::string& record : records) {
    store_u32(batch, static_cast<std::uint32_t>(record.size()));
    store_u32(batch, crc32c(record));
    batch += record;
  }
  if (const int error = write_all(fd_, batch))
    return fail_append("write " + std::to_string(batch.size()) + " bytes", error);
  if (const int error = sync_file(fd_, true)) return fail_append("fdatasync", error);
  size_bytes_ += batch.size();
  return Status::ok();
}

Status LogFile::fail_append(const std::string& what, int error_number) {
  failure_ = what + ": " + std::strerror(error_number);
  return Status::error(ErrorKind::io, path_ + ": cannot append (" + failure_ +
                                          "); no record of this batch may count as durable: treat the node as crashed");
}

LogFile::LogFile(LogFile&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      size_bytes_(other.size_bytes_),
      failure_(std::move(other.failure_)) {}

LogFile& LogFile::operator=(LogFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    size_bytes_ = other.size_bytes_;
    failure_ = std::move(other.failure_);
  }
  return *this;
}

LogFile::~LogFile() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace qc
