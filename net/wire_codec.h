#pragma once
// The field codec behind net/wire.h, for the encodings of net/ that nest envelopes and
// records in larger things (net/input_record.h): fixed-width little-endian integers,
// u32-length strings, u8 flags. Reader errors name the field and the byte offset.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "impl/io.h"
#include "impl/messages.h"

namespace qc::wire {

class Writer {
 public:
  void u8(std::uint8_t value) { bytes_.push_back(static_cast<char>(value)); }
  void u32(std::uint32_t value) { little_endian(value, 4); }
  void u64(std::uint64_t value) { little_endian(value, 8); }
  void i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }
  void text(std::string_view value) {
    u32(static_cast<std::uint32_t>(value.size()));
    bytes_.append(value);
  }
  void version(const Version& v) {
    i64(v.timestamp_us);
    u32(v.node);
    u8(v.tombstone ? 1 : 0);
    text(v.value);
    i64(v.deleted_wall_us);
  }
  std::string take() { return std::move(bytes_); }

 private:
  void little_endian(std::uint64_t value, int width) {
    for (int i = 0; i < width; ++i) bytes_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  }
  std::string bytes_;
};

// Reads fields in turn; the first shortfall or bad value sets the error, after which
// every read returns zero values, so decoders read straight through and check once.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::uint8_t u8(const char* field) { return static_cast<std::uint8_t>(little_endian(field, 1)); }
  std::uint32_t u32(const char* field) { return static_cast<std::uint32_t>(little_endian(field, 4)); }
  std::uint64_t u64(const char* field) { return little_endian(field, 8); }
  std::int64_t i64(const char* field) { return static_cast<std::int64_t>(u64(field)); }
  bool flag(const char* field) {
    const std::uint8_t value = u8(field);
    if (value > 1) fail(field, "0 or 1, got " + std::to_string(value));
    return value == 1;
  }
  std::string text(const char* field) {
    const std::uint32_t size = u32(field);
    if (error_) return {};
    if (size > bytes_.size() - offset_) {
      fail(field, "a string of " + std::to_string(size) + " bytes, only " +
                      std::to_string(bytes_.size() - offset_) + " left");
      return {};
    }
    std::string value(bytes_.substr(offset_, size));
    offset_ += size;
    return value;
  }
  Version version() {
    Version v;
    v.timestamp_us = i64("version.timestamp_us");
    v.node = u32("version.node");
    v.tombstone = flag("version.tombstone");
    v.value = text("version.value");
    v.deleted_wall_us = i64("version.deleted_wall_us");
    return v;
  }
  // A count of elements that follow; each takes at least min_element_bytes, so a count
  // larger than the bytes left could hold is an error before any loop or allocation.
  std::uint32_t count(const char* field, std::size_t min_element_bytes) {
    const std::uint32_t n = u32(field);
    if (!error_ && n > (bytes_.size() - offset_) / min_element_bytes)
      fail(field, std::to_string(n) + " elements, more than the bytes left can hold");
    return error_ ? 0 : n;
  }
  void fail(const char* field, const std::string& expected) {
    if (error_) return;
    error_ = Status::error(ErrorKind::malformed, std::string("bad ") + field + " at byte " +
                                                     std::to_string(offset_) + ": expected " + expected);
  }
  Status finish(const char* what) {
    if (!error_ && offset_ != bytes_.size())
      error_ = Status::error(ErrorKind::malformed, std::string(what) + ": " +
                                                       std::to_string(bytes_.size() - offset_) +
                                                       " trailing bytes after byte " + std::to_string(offset_));
    return error_ ? *error_ : Status::ok();
  }

 private:
  std::uint64_t little_endian(const char* field, int width) {
    if (error_) return 0;
    if (bytes_.size() - offset_ < static_cast<std::size_t>(width)) {
      fail(field, std::to_string(width) + " bytes, only " + std::to_string(bytes_.size() - offset_) + " left");
      return 0;
    }
    std::uint64_t value = 0;
    for (int i = 0; i < width; ++i)
      value |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[offset_ + i])) << (8 * i);
    offset_ += width;
    return value;
  }
  std::string_view bytes_;
  std::size_t offset_ = 0;
  std::optional<Status> error_;
};

// An envelope or a durable record as fields of a larger encoding; read_* leave the
// Reader in error on bad bytes (the caller checks with finish()).
void write_envelope(Writer& out, const Envelope& envelope);
Envelope read_envelope(Reader& in);
void write_record(Writer& out, const DurableRecord& record);
DurableRecord read_record(Reader& in);
// A client's request and the reply it gets, as recorded inputs and outputs carry them
// and as a follower forwards them to its leader.
void write_client_request(Writer& out, const ClientRequest& request);
ClientRequest read_client_request(Reader& in);
void write_client_reply(Writer& out, const ClientReply& reply);
ClientReply read_client_reply(Reader& in);

}  // namespace qc::wire
