#include "modelcheck/counterexample.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "common/json_document.h"
#include "common/json_object_reader.h"
#include "explore/bundle.h"
#include "histories/jsonl.h"

namespace qc {
namespace {

using Json = nlohmann::ordered_json;
using json_reading::ObjectReader;

constexpr const char* kFormatName = "quorumcheck-counterexample";

constexpr std::pair<const char*, StepKind> kStepKinds[] = {
    {"deliver", StepKind::deliver}, {"timer", StepKind::fire_timer}, {"invoke", StepKind::invoke},
    {"crash", StepKind::crash},     {"restart", StepKind::restart},  {"lose", StepKind::lose},
    {"duplicate", StepKind::duplicate}, {"partition", StepKind::partition}, {"heal", StepKind::heal}};
constexpr std::pair<const char*, TimerKind> kTimerKinds[] = {
    {"request_timeout", TimerKind::request_timeout}, {"anti_entropy", TimerKind::anti_entropy},
    {"flush", TimerKind::flush}, {"maintenance", TimerKind::maintenance},
    {"election", TimerKind::election}, {"heartbeat", TimerKind::heartbeat}};

std::string hex64(std::uint64_t value) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(value));
  return hex;
}

bool uses_node(StepKind kind) { return kind != StepKind::invoke && kind != StepKind::heal; }
bool uses_message(StepKind kind) {
  return kind == StepKind::deliver || kind == StepKind::lose || kind == StepKind::duplicate;
}

Json step_json(const Step& step, const std::string& description) {
  Json json{{"kind", name_of(step.kind, kStepKinds)}};
  if (uses_node(step.kind)) json["node"] = step.node;
  if (step.kind == StepKind::invoke) json["client"] = step.client;
  if (uses_message(step.kind)) json["message"] = hex64(step.message);
  if (step.kind == StepKind::fire_timer) {
    json["timer"] = name_of(step.timer.kind, kTimerKinds);
    json["sequence"] = step.timer.sequence;
    json["due_us"] = step.due_us;
  }
  json["description"] = description;
  return json;
}

Status read_step(const Json& json, const std::string& path, Step& step, std::string& description) {
  Status status = Status::ok();
  ObjectReader reader(json, path, status);
  const std::vector<std::pair<const char*, StepKind>> kinds(std::begin(kStepKinds), std::end(kStepKinds));
  const std::vector<std::pair<const char*, TimerKind>> timers(std::begin(kTimerKinds), std::end(kTimerKinds));
  reader.enumeration("kind", step.kind, kinds);
  reader.field("node", step.node);
  reader.field("client", step.client);
  std::string message;
  reader.field("message", message);
  reader.enumeration("timer", step.timer.kind, timers);
  reader.field("sequence", step.timer.sequence);
  reader.field("due_us", step.due_us);
  reader.field("description", description);
  reader.reject_unknown();
  if (!status.is_ok()) return status;
  if (uses_message(step.kind)) {
    char* end = nullptr;
    step.message = std::strtoull(message.c_str(), &end, 16);
    if (message.size() != 16 || end != message.c_str() + 16)
      return Status::error(ErrorKind::malformed, path + ".message: expected 16 hex digits, got \"" + message + "\"");
  }
  return Status::ok();
}

}  // namespace

CounterexampleFile make_counterexample_file(const Scope& scope, const Counterexample& example) {
  CounterexampleFile file;
  file.tool_version = explore_tool_version();
  file.property = example.property;
  file.scope = scope;
  file.steps = example.steps;
  file.descriptions = example.descriptions;
  file.history_jsonl = to_jsonl(example.history);
  file.history_hash = history_fnv1a64(file.history_jsonl);
  file.verdict = example.verdict;
  return file;
}

std::string counterexample_to_json(const CounterexampleFile& file) {
  Json json;
  json["format"] = kFormatName;
  json["format_version"] = file.format_version;
  json["tool_version"] = file.tool_version;
  json["property"] = file.property;
  json["scope"] = scope_to_json(file.scope);
  json["steps"] = Json::array();
  for (std::size_t i = 0; i < file.steps.size(); ++i)
    json["steps"].push_back(step_json(file.steps[i], i < file.descriptions.size() ? file.descriptions[i] : ""));
  json["history_fnv1a64"] = file.history_hash;
  json["history"] = Json::array();
  std::istringstream lines(file.history_jsonl);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) json["history"].push_back(Json::parse(line));
  json["verdict"] = Json{{"outcome", to_string(file.verdict.outcome)}, {"text", file.verdict.text},
                         {"evidence", file.verdict.evidence}};
  return json.dump(2) + "\n";
}

bool looks_like_counterexample(std::string_view text) {
  const std::size_t head = std::min<std::size_t>(text.size(), 200);
  return text.substr(0, head).find(std::string("\"") + kFormatName + "\"") != std::string_view::npos;
}

Result<CounterexampleFile> parse_counterexample(std::string_view text, const std::string& source) {
  auto parsed = parse_json_document(text, source, "a counterexample object");
  if (!parsed.is_ok()) return parsed.status();
  const Json& root = parsed.value();
  Status status = Status::ok();
  ObjectReader reader(root, source + ": $", status);
  CounterexampleFile file;
  std::string format;
  reader.field("format", format);
  if (status.is_ok() && format != kFormatName)
    return Status::error(ErrorKind::malformed, source + ": $.format: expected \"" + kFormatName + "\", got \"" + format + "\"");
  reader.field("format_version", file.format_version);
  if (status.is_ok() && file.format_version != kCounterexampleFormatVersion)
    return Status::error(ErrorKind::malformed, source + ": $.format_version: expected " +
                                                   std::to_string(kCounterexampleFormatVersion) + ", got " +
                                                   std::to_string(file.format_version));
  reader.field("tool_version", file.tool_version);
  reader.field("property", file.property);
  reader.field("history_fnv1a64", file.history_hash);
  if (const Json* scope = reader.child("scope"); scope != nullptr && status.is_ok()) {
    auto parsed_scope = scope_from_json(*scope, source + ": $.scope");
    if (!parsed_scope.is_ok()) return parsed_scope.status();
    file.scope = std::move(parsed_scope).value();
  }
  if (const Json* steps = reader.child("steps"); steps != nullptr && status.is_ok()) {
    if (!steps->is_array()) return Status::error(ErrorKind::malformed, source + ": $.steps: expected an array of steps");
    for (std::size_t i = 0; i < steps->size(); ++i) {
      Step step;
      std::string description;
      Status s = read_step((*steps)[i], source + ": $.steps[" + std::to_string(i) + "]", step, description);
      if (!s.is_ok()) return s;
      file.steps.push_back(step);
      file.descriptions.push_back(std::move(description));
    }
  }
  if (const Json* history = reader.child("history"); history != nullptr && status.is_ok()) {
    if (!history->is_array()) return Status::error(ErrorKind::malformed, source + ": $.history: expected an array of events");
    for (const Json& event : *history) file.history_jsonl += event.dump() + "\n";
  }
  if (const Json* verdict = reader.child("verdict"); verdict != nullptr && status.is_ok()) {
    ObjectReader v(*verdict, source + ": $.verdict", status);
    std::string outcome;
    v.field("outcome", outcome);
    v.field("text", file.verdict.text);
    if (const Json* evidence = v.child("evidence")) file.verdict.evidence = *evidence;
    v.reject_unknown();
    if (status.is_ok() && outcome != "violated" && outcome != "holds" && outcome != "undecided")
      return Status::error(ErrorKind::malformed, source + ": $.verdict.outcome: \"" + outcome +
                                                     "\": expected violated, holds or undecided");
    file.verdict.outcome = outcome == "violated" ? PropertyOutcome::violated
                           : outcome == "holds"  ? PropertyOutcome::holds
                                                 : PropertyOutcome::undecided;
  }
  reader.reject_unknown();
  if (!status.is_ok()) return status;
  for (const char* required :
       {"format_version", "tool_version", "property", "scope", "steps", "history", "history_fnv1a64", "verdict"})
    if (!root.contains(required))
      return Status::error(ErrorKind::malformed, source + ": $." + required + ": missing");
  return file;
}

Result<CounterexampleReplay> replay_counterexample(const CounterexampleFile& file, const CheckBudget& budget) {
  auto property = find_property(file.property);
  if (!property.is_ok()) return property.status();
  auto replayed = replay_steps(file.scope, file.steps);
  if (!replayed.is_ok()) return replayed.status();
  CounterexampleReplay replay;
  replay.descriptions = replayed.value().descriptions;
  const std::string history = to_jsonl(replayed.value().state.history(true));
  replay.history_hash = history_fnv1a64(history);
  replay.same_history = replay.history_hash == file.history_hash;
  auto judged = judge(replayed.value().state, {property.value()}, budget);
  if (judged) replay.verdict = judged->verdict;
  else replay.verdict.text = file.property + " holds on the replayed execution";
  return replay;
}

}  // namespace qc
