#pragma once
// The binary form of what net/ sends between nodes and writes to disk: peer messages
// (inside frames) and durable records. Integers are fixed-width little-endian, strings
// a u32 length then the bytes, optionals a u8 flag (0 or 1) then the value, enums one
// byte. Decoding checks every length against what is left and every enum against its
// range: bad bytes give ErrorKind::malformed naming the field and byte offset, never a
// crash or a huge allocation, and never a value that was not what was sent.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "impl/io.h"
#include "impl/messages.h"

namespace qc {

inline constexpr std::uint8_t kWireVersion = 1;
inline constexpr std::uint32_t kMaxFrameBytes = 16u << 20;

std::string encode_envelope(const Envelope& envelope);
Result<Envelope> decode_envelope(std::string_view bytes);

std::string encode_record(const DurableRecord& record);
Result<DurableRecord> decode_record(std::string_view bytes);

// A frame on a peer connection: u32 length of what follows (version byte + payload),
// the version byte kWireVersion, the payload.
std::string frame(std::string_view payload);

// Splits a byte stream into frame payloads. A frame longer than kMaxFrameBytes, of
// length zero or of another version is an error (ErrorKind::malformed) and the reader
// stays in error: the connection is to be closed.
class FrameReader {
 public:
  void feed(std::string_view bytes);
  // The next payload, std::nullopt when more bytes are needed, or the error.
  Result<std::optional<std::string>> next();
  std::size_t buffered_bytes() const { return buffer_.size() - offset_; }

 private:
  std::string buffer_;
  std::size_t offset_ = 0;   // bytes of buffer_ already consumed
  std::uint64_t consumed_ = 0;  // over the whole stream, for error messages
  std::optional<Status> error_;
};

}  // namespace qc
