#include "checker/regular.h"

namespace qc {
namespace {

// Why one named write cannot explain the read, or nothing when it can.
struct Objection {
  RegularViolationKind kind = RegularViolationKind::superseded;
  std::int32_t write = kNoOp;          // index into KeyOperations::writes
  std::int32_t superseded_by = kNoOp;  // index into KeyOperations::writes
};

std::optional<Objection> objection_to(const KeyOperations& group, std::int32_t write,
                                      const Operation& read) {
  if (group.writes[write].call_index > read.return_index) {
    return Objection{RegularViolationKind::value_from_future, write, kNoOp};
  }
  auto newer = group.superseders(write, read.call_index, 1);
  if (newer.empty()) return std::nullopt;  // acknowledged and current, or concurrent
  return Objection{RegularViolationKind::superseded, write, newer.front()};
}

std::string explain(const KeyOperations& group, const Objection& objection, const Value& value) {
  const std::string read_of = "a read of " + value.to_string() + " on " + describe_key(group.key);
  const RegisterWrite& write = group.writes[objection.write];
  if (objection.kind == RegularViolationKind::value_from_future) {
    return read_of + " returned before " + describe_write(write) + " was invoked";
  }
  return read_of + " began after " + describe_write(group.writes[objection.superseded_by]) +
         " was acknowledged, which is newer than " + describe_write(write);
}

RegularViolation violation_of(const KeyOperations& group, std::int32_t read_position,
                              const Operation& read, const std::optional<Objection>& objection) {
  RegularViolation violation;
  violation.key = group.key;
  violation.read = read_position;
  violation.value = read.output;
  violation.involved_ops.push_back(read_position);
  if (!objection) {
    violation.kind = RegularViolationKind::unwritten_value;
    violation.explanation = "a read on " + describe_key(group.key) + " returned " +
                            read.output.to_string() + ", which no write wrote";
    return violation;
  }
  violation.kind = objection->kind;
  violation.write = group.writes[objection->write].op;
  if (violation.write != kInitialState) violation.involved_ops.push_back(violation.write);
  if (objection->superseded_by != kNoOp) {
    violation.superseded_by = group.writes[objection->superseded_by].op;
    violation.involved_ops.push_back(violation.superseded_by);
  }
  violation.explanation = explain(group, *objection, read.output);
  return violation;
}

// The read is fine when any write its value names is allowed. Otherwise the evidence is
// the last named write that was superseded (for a nil read, the latest delete before
// it), since "superseded" says more than "from the future" when both apply.
std::optional<RegularViolation> check_read(const KeyOperations& group, std::int32_t read_position,
                                           const Operation& read) {
  std::optional<Objection> superseded, other;
  for (std::int32_t write : group.writes_named_by(read.output)) {
    auto objection = objection_to(group, write, read);
    if (!objection) return std::nullopt;
    (objection->kind == RegularViolationKind::superseded ? superseded : other) = objection;
  }
  return violation_of(group, read_position, read, superseded ? superseded : other);
}

}  // namespace

const char* to_string(RegularViolationKind kind) {
  switch (kind) {
    case RegularViolationKind::superseded: return "superseded";
    case RegularViolationKind::value_from_future: return "value-from-future";
    case RegularViolationKind::unwritten_value: return "unwritten-value";
  }
  return "unknown";
}

RegularResult check_regular(const std::vector<Operation>& operations) {
  RegularResult result;
  for (const KeyOperations& group : group_by_key(operations)) {
    ++result.keys;
    for (std::int32_t position : group.reads) {
      ++result.reads_checked;
      auto violation = check_read(group, position, operations[position]);
      if (violation) result.violations.push_back(std::move(*violation));
    }
  }
  return result;
}

}  // namespace qc
