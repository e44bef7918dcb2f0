#include "checker/lost_writes.h"

#include <algorithm>

namespace qc {
namespace {

Value as_value(const std::optional<std::string>& held) {
  return held ? Value::string(*held) : Value();
}

std::string describe_held(const std::optional<std::string>& held) {
  return held ? as_value(held).to_string() : "nothing (missing or deleted)";
}

LostWrite lost_write(const KeyOperations& group, const std::string& key, std::int32_t write,
                     const std::optional<std::string>& held, const std::vector<std::int32_t>& named) {
  LostWrite lost;
  lost.key = key;
  lost.write = group.writes[write].op;
  lost.final_value = held;
  lost.final_write = named.empty() ? kNoOp : group.writes[named.back()].op;
  lost.involved_ops.push_back(lost.write);
  if (lost.final_write >= 0) lost.involved_ops.push_back(lost.final_write);
  std::sort(lost.involved_ops.begin(), lost.involved_ops.end());
  lost.explanation = "acknowledged " + describe_write(group.writes[write]) + " on " +
                     describe_key(group.key) + " is lost: the key ends holding " + describe_held(held);
  lost.explanation += named.empty() ? ", which no write wrote"
                                    : ", from " + describe_write(group.writes[named.back()]) +
                                          ", older than it";
  return lost;
}

void check_key(const KeyOperations& group, const std::string& key,
               const std::optional<std::string>& held, LostWritesResult& result) {
  const std::vector<std::int32_t> named = group.writes_named_by(as_value(held));
  for (std::size_t i = 1; i < group.writes.size(); ++i) {
    const RegisterWrite& write = group.writes[i];
    if (!write.acknowledged) continue;
    ++result.acknowledged_writes;
    const bool survived = std::any_of(named.begin(), named.end(), [&](std::int32_t final_write) {
      return !is_older(group.writes[final_write], write);
    });
    if (!survived) result.lost.push_back(lost_write(group, key, static_cast<std::int32_t>(i), held, named));
  }
}

}  // namespace

LostWritesResult check_lost_writes(const std::vector<Operation>& operations,
                                   const FinalState& final_state) {
  LostWritesResult result;
  for (const KeyOperations& group : group_by_key(operations)) {
    const std::string key = group.key.value_or("");
    auto held = final_state.find(key);
    if (held == final_state.end()) {
      ++result.keys_unchecked;
      continue;
    }
    ++result.keys_checked;
    check_key(group, key, held->second, result);
  }
  return result;
}

}  // namespace qc
