#pragma once
// The history model (DESIGN.md, "Histories"): Jepsen's vocabulary, one event per
// invocation or completion. Operations pair an invocation with its completion.
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "histories/value.h"

namespace qc {

enum class EventType : std::uint8_t {
  invoke,
  ok,    // took effect, with the value it returned
  fail,  // certainly did not take effect
  info,  // unknown: may take effect at any time after its invocation, or never
};

const char* to_string(EventType type);
std::optional<EventType> event_type_from_string(const std::string& text);

inline constexpr std::int64_t kNemesisProcess = -1;

struct Event {
  std::int64_t index = 0;            // position in the history, from 0
  std::optional<std::int64_t> time;  // when it happened, in the recorder's unit
  std::int64_t process = 0;          // kNemesisProcess for fault annotations
  EventType type = EventType::invoke;
  std::string f;                     // read, write, cas, delete, get, put, append, ...
  std::optional<std::string> key;    // absent for single-register histories
  Value value;
  std::optional<std::string> error;  // why an op failed, when the recorder said
  std::int64_t line = 0;             // line in the source file, for messages (0: none)

  bool is_nemesis() const { return process == kNemesisProcess; }
  friend bool operator==(const Event&, const Event&) = default;
};

struct History {
  std::string source;  // file name, for messages
  std::vector<Event> events;
};

// How many events a text of one event per line probably holds (its line count, bounded
// by the shortest event's length), to reserve room once rather than grow.
std::size_t expected_event_count(std::string_view text);

// An invocation paired with its completion. An `info` completion, or none at all,
// leaves the operation open: it may take effect at any point after its invocation.
enum class Outcome : std::uint8_t { ok, fail, open };

inline constexpr std::int64_t kNeverReturned = std::numeric_limits<std::int64_t>::max();

struct Operation {
  std::int32_t id = 0;            // position in the list of operations
  std::int64_t process = 0;
  std::string f;
  std::optional<std::string> key;
  Value input;                    // the invocation's value
  Value output;                   // the completion's value (nil while open)
  Outcome outcome = Outcome::open;
  std::int64_t call_index = 0;    // event index of the invocation
  std::int64_t return_index = kNeverReturned;  // event index of the completion, if ok/fail
  std::int64_t call_line = 0;
  std::optional<std::int64_t> call_time;    // the invocation's time, when recorded
  std::optional<std::int64_t> return_time;  // the completion's time, if ok/fail and recorded

  friend bool operator==(const Operation&, const Operation&) = default;
};

// Pairs invocations with completions, in invocation order; nemesis events are left out.
// Errors (ErrorKind::malformed) name the file and line: a completion without an
// invocation, a second invocation by a process still busy, a completion whose f, key
// or written value differs from its invocation's, an empty history.
Result<std::vector<Operation>> pair_operations(const History& history);

// Checks the rules above without keeping the operations.
Status validate(const History& history);

// The same pairing, fed one event at a time as a parser reads them, so that a large
// history becomes operations without its events ever being held together. After the
// first broken rule, further events are ignored and finish() returns that error.
class OperationPairer {
 public:
  // `keep`: build the operations (else only check the rules). `expected_operations`
  // reserves room once.
  OperationPairer(std::string source, bool keep, std::size_t expected_operations = 0);
  void add(const Event& event);
  Result<std::vector<Operation>> finish();

 private:
  std::string place() const;  // the source, or "<history>"
  Status malformed(const Event& event, const std::string& what) const;
  Status check_completion(const Event& event, const Operation& operation) const;
  void settle(Operation&& operation);

  std::string source_;
  bool keep_;
  std::vector<Operation> operations_;
  std::unordered_map<std::int64_t, Operation> open_;  // process -> its open operation
  std::int32_t next_id_ = 0;
  std::size_t events_ = 0;
  Status error_ = Status::ok();
};

// What a parser hands each event to, in history order.
using EventSink = std::function<void(const Event&)>;

}  // namespace qc
