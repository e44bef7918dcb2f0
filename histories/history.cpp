#include "histories/history.h"

#include <map>

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

std::string where(const History& history, const Event& event) {
  std::string place = history.source.empty() ? "<history>" : history.source;
  if (event.line > 0) place.append(":").append(std::to_string(event.line));
  return place + ": ";
}

Status malformed(const History& history, const Event& event, const std::string& what) {
  return Status::error(ErrorKind::malformed, where(history, event) + what);
}

// Register ops whose completion repeats the invocation's value: what a write wrote, a
// cas's [old new]. (A read's completion carries what it read; kv ops such as put may
// answer with a status, so they are not compared.)
bool carries_its_input(const std::string& f) { return f == "write" || f == "cas"; }

// Completes the open operation of `event.process`; the process is free afterwards.
Status complete(const History& history, const Event& event, Operation& operation) {
  if (operation.f != event.f) {
    return malformed(history, event,
                     "completion :" + event.f + " of process " + std::to_string(event.process) +
                         " does not match its invocation :" + operation.f + " (line " +
                         std::to_string(operation.call_line) + "); expected the same f");
  }
  if (event.key && operation.key && *event.key != *operation.key) {
    return malformed(history, event,
                     "completion of process " + std::to_string(event.process) + " names key \"" + *event.key +
                         "\" but its invocation (line " + std::to_string(operation.call_line) + ") named \"" +
                         *operation.key + "\"; expected the same key");
  }
  if (carries_its_input(operation.f) && !event.value.is_nil() && !operation.input.is_nil() &&
      event.value != operation.input) {
    return malformed(history, event,
                     "completion :" + event.f + " of process " + std::to_string(event.process) + " carries " +
                         event.value.to_string() + " but its invocation (line " +
                         std::to_string(operation.call_line) + ") carried " + operation.input.to_string() +
                         "; expected the same value (or none)");
  }
  if (event.type == EventType::ok) {
    operation.outcome = Outcome::ok;
    operation.output = event.value;
    operation.return_index = event.index;
    operation.return_time = event.time;
  } else if (event.type == EventType::fail) {
    operation.outcome = Outcome::fail;
    operation.return_index = event.index;
    operation.return_time = event.time;
  }  // info: stays open until the end of the history
  return Status::ok();
}

}  // namespace

Result<std::vector<Operation>> pair_operations(const History& history) {
  if (history.events.empty()) {
    return Status::error(ErrorKind::malformed,
                         (history.source.empty() ? "<history>" : history.source) +
                             ": the history is empty; expected at least one event");
  }
  std::vector<Operation> operations;
  std::map<std::int64_t, std::size_t> busy;  // process -> its open operation
  for (const Event& event : history.events) {
    if (event.is_nemesis()) continue;
    auto open = busy.find(event.process);
    if (event.type == EventType::invoke) {
      if (open != busy.end()) {
        return malformed(history, event,
                         "process " + std::to_string(event.process) +
                             " invokes :" + event.f + " while its :" + operations[open->second].f +
                             " from line " + std::to_string(operations[open->second].call_line) +
                             " has not completed; expected one operation at a time per process");
      }
      Operation operation;
      operation.id = static_cast<std::int32_t>(operations.size());
      operation.process = event.process;
      operation.f = event.f;
      operation.key = event.key;
      operation.input = event.value;
      operation.call_index = event.index;
      operation.call_line = event.line;
      operation.call_time = event.time;
      busy[event.process] = operations.size();
      operations.push_back(std::move(operation));
      continue;
    }
    if (open == busy.end()) {
      return malformed(history, event,
                       std::string("completion :") + to_string(event.type) + " :" + event.f +
                           " of process " + std::to_string(event.process) +
                           " has no invocation; expected an :invoke by that process before it");
    }
    Status status = complete(history, event, operations[open->second]);
    if (!status.is_ok()) return status;
    busy.erase(open);
  }
  return operations;
}

Status validate(const History& history) {
  auto paired = pair_operations(history);
  return paired.is_ok() ? Status::ok() : paired.status();
}

}  // namespace qc
