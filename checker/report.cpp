#include "checker/report.h"

#include "checker/models.h"

namespace qc {
namespace {

constexpr std::size_t kPrefixShown = 8;  // the tail of the prefix is what led to the state
constexpr std::size_t kViolationsShown = 3;  // in text; a person reads the first ones

std::string describe_key(const Violation& violation) {
  return violation.key ? "key " + Value::string(*violation.key).to_string() : "the register";
}

std::string summary_line(const std::string& source, const std::string& model,
                         const CheckResult& result) {
  std::string line = source + ": " + to_string(result.verdict) + " (" + model + "; " +
                     std::to_string(result.operations) + " ops on " + std::to_string(result.keys) +
                     (result.keys == 1 ? " key" : " keys");
  if (result.operations_dropped > 0) {
    line += ", " + std::to_string(result.operations_dropped) + " unobservable open ops left out";
  }
  if (result.keys_by_zones > 0) {
    line += ", " + std::to_string(result.keys_by_zones) + (result.keys_by_zones == 1 ? " key" : " keys") +
            " decided by the zone check";
  }
  line += ", " + std::to_string(result.search_steps) + " search steps)\n";
  if (result.keys_left_unchecked > 0)
    line += "  stopped at the first key not linearizable: " + std::to_string(result.keys_left_unchecked) +
            (result.keys_left_unchecked == 1 ? " key" : " keys") +
            " left unchecked (quorumcheck check --all-keys checks every key)\n";
  return line;
}

void render_violation(const Violation& violation, const std::vector<Operation>& operations,
                      std::string& text) {
  auto op = [&](std::int32_t id) { return describe_operation(operations[static_cast<std::size_t>(id)]); };
  text += "  on " + describe_key(violation) + ":\n";
  if (!violation.explanation.empty()) {
    text += "  " + violation.explanation + "; the ops that show it:\n";
    for (std::int32_t id : violation.involved_ops) text += "    " + op(id) + "\n";
    if (violation.blocking_op < 0) return;  // the search ran out before it found its evidence
  }
  const auto& prefix = violation.longest_prefix;
  text += "  the longest linearizable prefix has " + std::to_string(prefix.size()) + " ops";
  const std::size_t first_shown = prefix.size() > kPrefixShown ? prefix.size() - kPrefixShown : 0;
  text += first_shown > 0 ? "; its last " + std::to_string(kPrefixShown) + ":\n" : ":\n";
  for (std::size_t i = first_shown; i < prefix.size(); ++i) text += "    " + op(prefix[i]) + "\n";
  text += "  the state after it: " + violation.state + "\n";
  text += "  this op completed but cannot take effect from there:\n    " + op(violation.blocking_op) + "\n";
  if (!violation.candidate_ops.empty()) {
    text += "  the other ops that could go next, each tried and each a dead end:\n";
    for (std::int32_t id : violation.candidate_ops) text += "    " + op(id) + "\n";
  }
}

nlohmann::ordered_json operation_json(const Operation& operation) {
  nlohmann::ordered_json node;
  node["process"] = operation.process;
  node["f"] = operation.f;
  if (operation.key) node["key"] = *operation.key;
  node["input"] = operation.input.to_string();
  node["output"] = operation.output.to_string();
  node["outcome"] = operation.outcome == Outcome::ok ? "ok" : operation.outcome == Outcome::open ? "open" : "fail";
  node["line"] = operation.call_line;
  node["call_index"] = operation.call_index;
  if (operation.return_index != kNeverReturned) node["return_index"] = operation.return_index;
  return node;
}

}  // namespace

std::string render_text(const std::string& source, const std::string& model,
                        const CheckResult& result, const std::vector<Operation>& operations) {
  std::string text = summary_line(source, model, result);
  if (result.verdict == Verdict::unknown) text += "  undecided: " + result.unknown_reason + "\n";
  for (std::size_t i = 0; i < result.violations.size() && i < kViolationsShown; ++i) {
    render_violation(result.violations[i], operations, text);
  }
  if (result.violations.size() > kViolationsShown) {
    text += "  ... and " + std::to_string(result.violations.size() - kViolationsShown) +
            " more keys not linearizable (--json lists them all)\n";
  }
  return text;
}

nlohmann::ordered_json render_json(const std::string& source, const std::string& model,
                                   const CheckResult& result,
                                   const std::vector<Operation>& operations) {
  nlohmann::ordered_json node;
  node["file"] = source;
  node["model"] = model;
  node["verdict"] = to_string(result.verdict);
  node["linearizable"] = result.verdict == Verdict::unknown
                             ? nlohmann::ordered_json(nullptr)
                             : nlohmann::ordered_json(result.verdict == Verdict::linearizable);
  node["keys"] = result.keys;
  node["operations"] = result.operations;
  node["operations_dropped"] = result.operations_dropped;
  node["keys_by_zones"] = result.keys_by_zones;
  node["keys_left_unchecked"] = result.keys_left_unchecked;
  node["search_steps"] = result.search_steps;
  if (result.verdict == Verdict::unknown) node["unknown_reason"] = result.unknown_reason;
  auto ops = [&](const std::vector<std::int32_t>& ids) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (std::int32_t id : ids) list.push_back(operation_json(operations[static_cast<std::size_t>(id)]));
    return list;
  };
  node["violations"] = nlohmann::ordered_json::array();
  for (const Violation& violation : result.violations) {
    nlohmann::ordered_json item;
    item["key"] = violation.key ? nlohmann::ordered_json(*violation.key) : nlohmann::ordered_json(nullptr);
    if (!violation.explanation.empty()) {
      item["explanation"] = violation.explanation;
      item["involved_ops"] = ops(violation.involved_ops);
    }
    if (violation.blocking_op < 0) {
      node["violations"].push_back(std::move(item));
      continue;
    }
    item["longest_prefix"] = ops(violation.longest_prefix);
    item["state"] = violation.state;
    item["blocking_op"] = operation_json(operations[static_cast<std::size_t>(violation.blocking_op)]);
    item["candidate_ops"] = ops(violation.candidate_ops);
    node["violations"].push_back(std::move(item));
  }
  return node;
}

}  // namespace qc
