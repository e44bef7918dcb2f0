#include "histories/history.h"

#include <algorithm>
#include <unordered_map>

namespace qc {

const char* to_string(EventType type) {
  switch (type) {
    case EventType::invoke: return "invoke";
    case EventType::ok: return "ok";
    case EventType::fail: return "fail";
    case EventType::info: return "info";
  }
  return "?";
}

std::optional<EventType> event_type_from_string(const std::string& text) {
  if (text == "invoke") return EventType::invoke;
  if (text == "ok") return EventType::ok;
  if (text == "fail") return EventType::fail;
  if (text == "info") return EventType::info;
  return std::nullopt;
}

namespace {

// Register ops whose completion repeats the invocation's value: what a write wrote, a
// cas's [old new]. (A read's completion carries what it read; kv ops such as put may
// answer with a status, so they are not compared.)
bool carries_its_input(const std::string& f) { return f == "write" || f == "cas"; }

Operation invoked(const Event& invocation, std::int32_t id) {
  Operation operation;
  operation.id = id;
  operation.process = invocation.process;
  operation.f = invocation.f;
  operation.key = invocation.key;
  operation.input = invocation.value;
  operation.call_index = invocation.index;
  operation.call_line = invocation.line;
  operation.call_time = invocation.time;
  return operation;
}

void complete(const Event& completion, Operation& operation) {
  if (completion.type == EventType::info) return;  // stays open until the end of the history
  operation.outcome = completion.type == EventType::ok ? Outcome::ok : Outcome::fail;
  if (completion.type == EventType::ok) operation.output = completion.value;
  operation.return_index = completion.index;
  operation.return_time = completion.time;
}

std::size_t invocation_count(const History& history) {
  return static_cast<std::size_t>(std::count_if(history.events.begin(), history.events.end(), [](const Event& event) {
    return event.type == EventType::invoke && !event.is_nemesis();
  }));
}

}  // namespace

OperationPairer::OperationPairer(std::string source, bool keep, std::size_t expected_operations)
    : source_(std::move(source)), keep_(keep) {
  if (keep_) operations_.reserve(expected_operations);
}

std::string OperationPairer::place() const { return source_.empty() ? "<history>" : source_; }

Status OperationPairer::malformed(const Event& event, const std::string& what) const {
  const std::string line = event.line > 0 ? ":" + std::to_string(event.line) : "";
  return Status::error(ErrorKind::malformed, place() + line + ": " + what);
}

// A completion must match the invocation it completes (same f, same key, and for
// writes and cas the same value, when both carry one).
Status OperationPairer::check_completion(const Event& event, const Operation& operation) const {
  if (operation.f != event.f) {
    return malformed(event, "completion :" + event.f + " of process " + std::to_string(event.process) +
                                " does not match its invocation :" + operation.f + " (line " +
                                std::to_string(operation.call_line) + "); expected the same f");
  }
  if (event.key && operation.key && *event.key != *operation.key) {
    return malformed(event, "completion of process " + std::to_string(event.process) + " names key \"" +
                                *event.key + "\" but its invocation (line " + std::to_string(operation.call_line) +
                                ") named \"" + *operation.key + "\"; expected the same key");
  }
  if (carries_its_input(operation.f) && !event.value.is_nil() && !operation.input.is_nil() &&
      event.value != operation.input) {
    return malformed(event, "completion :" + event.f + " of process " + std::to_string(event.process) +
                                " carries " + event.value.to_string() + " but its invocation (line " +
                                std::to_string(operation.call_line) + ") carried " + operation.input.to_string() +
                                "; expected the same value (or none)");
  }
  return Status::ok();
}

void OperationPairer::settle(Operation&& operation) {
  if (keep_) operations_[static_cast<std::size_t>(operation.id)] = std::move(operation);
}

void OperationPairer::add(const Event& event) {
  ++events_;
  if (!error_.is_ok() || event.is_nemesis()) return;
  auto open = open_.find(event.process);
  if (event.type == EventType::invoke) {
    if (open != open_.end()) {
      error_ = malformed(event, "process " + std::to_string(event.process) + " invokes :" + event.f +
                                    " while its :" + open->second.f + " from line " +
                                    std::to_string(open->second.call_line) +
                                    " has not completed; expected one operation at a time per process");
      return;
    }
    if (keep_) operations_.emplace_back();  // its place, in invocation order
    open_.emplace(event.process, invoked(event, next_id_++));
    return;
  }
  if (open == open_.end()) {
    error_ = malformed(event, std::string("completion :") + to_string(event.type) + " :" + event.f +
                                  " of process " + std::to_string(event.process) +
                                  " has no invocation; expected an :invoke by that process before it");
    return;
  }
  error_ = check_completion(event, open->second);
  if (!error_.is_ok()) return;
  complete(event, open->second);
  settle(std::move(open->second));
  open_.erase(open);
}

Result<std::vector<Operation>> OperationPairer::finish() {
  if (!error_.is_ok()) return error_;
  if (events_ == 0) {
    return Status::error(ErrorKind::malformed, place() + ": the history is empty; expected at least one event");
  }
  for (auto& [process, operation] : open_) settle(std::move(operation));
  open_.clear();
  return std::move(operations_);
}

Result<std::vector<Operation>> pair_operations(const History& history) {
  OperationPairer pairer(history.source, true, invocation_count(history));
  for (const Event& event : history.events) pairer.add(event);
  return pairer.finish();
}

Status validate(const History& history) {
  OperationPairer pairer(history.source, false);
  for (const Event& event : history.events) pairer.add(event);
  auto finished = pairer.finish();
  return finished.is_ok() ? Status::ok() : finished.status();
}

std::size_t expected_event_count(std::string_view text) {
  constexpr std::size_t kShortestEvent = 24;  // bytes: {:process 0 :type :ok :f :r}
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  return std::min(lines, text.size() / kShortestEvent + 1);
}

}  // namespace qc
