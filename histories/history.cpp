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

// A completion must match the invocation it completes (same f, same key, and for
// writes and cas the same value, when both carry one).
Status check_completion(const History& history, const Event& event, const Event& invocation) {
  if (invocation.f != event.f) {
    return malformed(history, event,
                     "completion :" + event.f + " of process " + std::to_string(event.process) +
                         " does not match its invocation :" + invocation.f + " (line " +
                         std::to_string(invocation.line) + "); expected the same f");
  }
  if (event.key && invocation.key && *event.key != *invocation.key) {
    return malformed(history, event,
                     "completion of process " + std::to_string(event.process) + " names key \"" + *event.key +
                         "\" but its invocation (line " + std::to_string(invocation.line) + ") named \"" +
                         *invocation.key + "\"; expected the same key");
  }
  if (carries_its_input(invocation.f) && !event.value.is_nil() && !invocation.value.is_nil() &&
      event.value != invocation.value) {
    return malformed(history, event,
                     "completion :" + event.f + " of process " + std::to_string(event.process) + " carries " +
                         event.value.to_string() + " but its invocation (line " +
                         std::to_string(invocation.line) + ") carried " + invocation.value.to_string() +
                         "; expected the same value (or none)");
  }
  return Status::ok();
}

// Walks the history once, pairing each completion with its process's open invocation:
// on_invoke(invocation) for each invocation returns a tag, handed back to
// on_complete(tag, completion) with its completion. Returns the first broken rule.
template <typename OnInvoke, typename OnComplete>
Status walk_pairs(const History& history, OnInvoke&& on_invoke, OnComplete&& on_complete) {
  if (history.events.empty()) {
    return Status::error(ErrorKind::malformed,
                         (history.source.empty() ? "<history>" : history.source) +
                             ": the history is empty; expected at least one event");
  }
  struct Open {
    const Event* invocation;
    std::size_t tag;
  };
  std::unordered_map<std::int64_t, Open> busy;  // process -> its open invocation
  for (const Event& event : history.events) {
    if (event.is_nemesis()) continue;
    auto open = busy.find(event.process);
    if (event.type == EventType::invoke) {
      if (open != busy.end()) {
        return malformed(history, event,
                         "process " + std::to_string(event.process) + " invokes :" + event.f + " while its :" +
                             open->second.invocation->f + " from line " +
                             std::to_string(open->second.invocation->line) +
                             " has not completed; expected one operation at a time per process");
      }
      busy.emplace(event.process, Open{&event, on_invoke(event)});
      continue;
    }
    if (open == busy.end()) {
      return malformed(history, event,
                       std::string("completion :") + to_string(event.type) + " :" + event.f +
                           " of process " + std::to_string(event.process) +
                           " has no invocation; expected an :invoke by that process before it");
    }
    if (Status status = check_completion(history, event, *open->second.invocation); !status.is_ok()) return status;
    on_complete(open->second.tag, event);
    busy.erase(open);
  }
  return Status::ok();
}

}  // namespace

Result<std::vector<Operation>> pair_operations(const History& history) {
  std::vector<Operation> operations;
  operations.reserve(static_cast<std::size_t>(std::count_if(
      history.events.begin(), history.events.end(),
      [](const Event& event) { return event.type == EventType::invoke && !event.is_nemesis(); })));
  Status status = walk_pairs(
      history,
      [&](const Event& invocation) {
        Operation& operation = operations.emplace_back();
        operation.id = static_cast<std::int32_t>(operations.size() - 1);
        operation.process = invocation.process;
        operation.f = invocation.f;
        operation.key = invocation.key;
        operation.input = invocation.value;
        operation.call_index = invocation.index;
        operation.call_line = invocation.line;
        operation.call_time = invocation.time;
        return operations.size() - 1;
      },
      [&](std::size_t index, const Event& completion) {
        Operation& operation = operations[index];
        if (completion.type == EventType::info) return;  // stays open until the end of the history
        operation.outcome = completion.type == EventType::ok ? Outcome::ok : Outcome::fail;
        if (completion.type == EventType::ok) operation.output = completion.value;
        operation.return_index = completion.index;
        operation.return_time = completion.time;
      });
  if (!status.is_ok()) return status;
  return operations;
}

std::size_t expected_event_count(std::string_view text) {
  constexpr std::size_t kShortestEvent = 24;  // bytes: {:process 0 :type :ok :f :r}
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  return std::min(lines, text.size() / kShortestEvent + 1);
}

Status validate(const History& history) {
  return walk_pairs(history, [](const Event&) { return std::size_t{0}; }, [](std::size_t, const Event&) {});
}

}  // namespace qc
