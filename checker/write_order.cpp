#include "checker/write_order.h"

#include <algorithm>

namespace qc {
namespace {

RegisterWrite write_of(const Operation& operation, std::int32_t position) {
  RegisterWrite write;
  write.op = position;
  write.process = operation.process;
  write.value = operation.f == "delete" ? Value() : operation.input;
  write.acknowledged = operation.outcome == Outcome::ok;
  write.call_index = operation.call_index;
  // An open write's interval never ends, whatever the recorder wrote for it.
  write.return_index = write.acknowledged ? operation.return_index : kNeverReturned;
  write.return_time = write.acknowledged ? operation.return_time : std::nullopt;
  return write;
}

void index_writes(KeyOperations& group) {
  for (std::size_t i = 0; i < group.writes.size(); ++i) {
    const auto index = static_cast<std::int32_t>(i);
    const RegisterWrite& write = group.writes[i];
    group.writes_by_value[write.value.to_string()].push_back(index);
    if (write.op != kInitialState) {
      group.write_of_op[write.op] = index;
      if (write.acknowledged) group.acknowledged_by_return.push_back(index);
    }
  }
  std::sort(group.acknowledged_by_return.begin(), group.acknowledged_by_return.end(),
            [&](std::int32_t a, std::int32_t b) {
              return group.writes[a].return_index < group.writes[b].return_index;
            });
}

}  // namespace

bool is_write_op(const Operation& operation) {
  return (operation.f == "write" || operation.f == "delete") && operation.outcome != Outcome::fail;
}

bool is_read_op(const Operation& operation) { return operation.f == "read"; }

std::vector<std::int32_t> KeyOperations::writes_named_by(const Value& value) const {
  auto found = writes_by_value.find(value.to_string());
  return found == writes_by_value.end() ? std::vector<std::int32_t>{} : found->second;
}

std::vector<std::int32_t> KeyOperations::superseders(std::int32_t older, std::int64_t event_index,
                                                     std::size_t limit) const {
  // Acknowledged writes sorted by return: those before event_index form a prefix.
  auto end = std::partition_point(acknowledged_by_return.begin(), acknowledged_by_return.end(),
                                  [&](std::int32_t w) { return writes[w].return_index < event_index; });
  std::vector<std::int32_t> found;
  for (auto it = end; it != acknowledged_by_return.begin() && found.size() < limit;) {
    --it;
    if (is_older(writes[older], writes[*it])) found.push_back(*it);
  }
  return found;
}

std::vector<KeyOperations> group_by_key(const std::vector<Operation>& operations) {
  std::map<std::optional<std::string>, std::vector<std::int32_t>> positions_by_key;
  for (std::size_t i = 0; i < operations.size(); ++i) {
    const Operation& op = operations[i];
    if (is_write_op(op) || (is_read_op(op) && op.outcome == Outcome::ok)) {
      positions_by_key[op.key].push_back(static_cast<std::int32_t>(i));
    }
  }
  std::vector<KeyOperations> groups;
  for (auto& [key, positions] : positions_by_key) {
    std::sort(positions.begin(), positions.end(), [&](std::int32_t a, std::int32_t b) {
      return operations[a].call_index < operations[b].call_index;
    });
    KeyOperations group;
    group.key = key;
    group.writes.push_back(RegisterWrite{});  // the initial state
    for (std::int32_t position : positions) {
      const Operation& op = operations[position];
      if (is_write_op(op)) group.writes.push_back(write_of(op, position));
      else group.reads.push_back(position);
    }
    index_writes(group);
    groups.push_back(std::move(group));
  }
  return groups;
}

std::string describe_write(const RegisterWrite& write) {
  if (write.op == kInitialState) return "the initial state (nil)";
  const std::string what = write.value.is_nil() ? "delete" : "write of " + write.value.to_string();
  return "the " + what + " (op " + std::to_string(write.op) + ")";
}

std::string describe_key(const std::optional<std::string>& key) {
  return key ? "key " + Value::string(*key).to_string() : "the register";
}

}  // namespace qc
