#pragma once
// Expected errors are values (DESIGN.md, "Errors and exit codes"): a Status says what
// went wrong, where, and what was expected; Result<T> carries a value or a Status.
#include <string>
#include <utility>
#include <variant>

namespace qc {

enum class ErrorKind {
  usage,      // bad command line or configuration (exit 64)
  malformed,  // input that does not parse or breaks the history rules (exit 65)
  io,         // a file that cannot be read or written (exit 65 for input)
};

class Status {
 public:
  static Status ok() { return Status(); }
  static Status error(ErrorKind kind, std::string message) {
    return Status(kind, std::move(message));
  }
  bool is_ok() const { return !failed_; }
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }

 private:
  Status() = default;
  Status(ErrorKind kind, std::string message)
      : failed_(true), kind_(kind), message_(std::move(message)) {}
  bool failed_ = false;
  ErrorKind kind_ = ErrorKind::usage;
  std::string message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : content_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status error) : content_(std::move(error)) {}  // NOLINT: implicit by design
  bool is_ok() const { return std::holds_alternative<T>(content_); }
  const T& value() const& { return std::get<T>(content_); }
  T& value() & { return std::get<T>(content_); }
  T&& value() && { return std::get<T>(std::move(content_)); }
  const Status& status() const { return std::get<Status>(content_); }

 private:
  std::variant<T, Status> content_;
};

}  // namespace qc
