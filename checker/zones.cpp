#include "checker/zones.h"

#include <algorithm>
#include <limits>
#include <map>

namespace qc {
namespace {

constexpr std::int64_t kBeforeEverything = std::numeric_limits<std::int64_t>::min();
constexpr std::int32_t kInitialWrite = -1;  // the virtual write of the initial value

struct Cluster {
  std::int32_t value = 0;
  std::int32_t write = kInitialWrite;  // index into ops
  std::vector<std::int32_t> reads;     // indices into ops
  std::int64_t earliest_return = std::numeric_limits<std::int64_t>::max();
  std::int64_t latest_call = kBeforeEverything;
  std::int32_t earliest_returner = kInitialWrite;
  std::int32_t latest_caller = kInitialWrite;
};

struct Zone {
  std::int64_t low, high;
  const Cluster* cluster;
};

class ZoneCheck {
 public:
  ZoneCheck(const RegisterModel& model, const std::vector<const Operation*>& ops,
            const std::vector<const RegisterModel::Input*>& inputs)
      : model_(model), ops_(ops), inputs_(inputs) {}

  std::optional<PartitionOutcome> run() {
    if (!gather_clusters()) return std::nullopt;
    PartitionOutcome outcome;
    if (find_unwritten_read() || find_read_before_write() || find_zone_conflict()) {
      outcome.verdict = Verdict::not_linearizable;
      outcome.violation = violation_;
    }
    return outcome;
  }

 private:
  bool gather_clusters() {
    for (std::size_t i = 0; i < ops_.size(); ++i) {
      const auto& input = *inputs_[i];
      if (input.kind == RegisterModel::Kind::cas || input.kind == RegisterModel::Kind::erase) return false;
      if (input.kind != RegisterModel::Kind::write) continue;
      if (input.first == model_.init() || clusters_.count(input.first)) return false;  // not unique
      Cluster& cluster = clusters_[input.first];
      cluster.value = input.first;
      cluster.write = static_cast<std::int32_t>(i);
      touch(cluster, static_cast<std::int32_t>(i));
    }
    for (std::size_t i = 0; i < ops_.size(); ++i) {
      const auto& input = *inputs_[i];
      if (input.kind != RegisterModel::Kind::read || input.read_any) continue;  // tells nothing
      auto found = clusters_.find(input.first);
      if (found == clusters_.end()) {
        if (input.first != model_.init()) {
          unwritten_read_ = static_cast<std::int32_t>(i);
          continue;
        }
        Cluster initial;  // the initial value is there before everything
        initial.value = input.first;
        initial.earliest_return = kBeforeEverything;
        initial.latest_call = kBeforeEverything;
        found = clusters_.emplace(input.first, initial).first;
      }
      found->second.reads.push_back(static_cast<std::int32_t>(i));
      touch(found->second, static_cast<std::int32_t>(i));
    }
    return true;
  }

  void touch(Cluster& cluster, std::int32_t op) {
    if (ops_[op]->return_index < cluster.earliest_return) {
      cluster.earliest_return = ops_[op]->return_index;
      cluster.earliest_returner = op;
    }
    if (ops_[op]->call_index > cluster.latest_call) {
      cluster.latest_call = ops_[op]->call_index;
      cluster.latest_caller = op;
    }
  }

  bool find_unwritten_read() {
    if (unwritten_read_ < 0) return false;
    explain("it read " + model_.describe(inputs_[unwritten_read_]->first) +
                ", a value no operation on this key wrote",
            {unwritten_read_});
    return true;
  }

  bool find_read_before_write() {
    for (const auto& [value, cluster] : clusters_) {
      if (cluster.write == kInitialWrite) continue;
      for (std::int32_t read : cluster.reads) {
        if (ops_[read]->return_index < ops_[cluster.write]->call_index) {
          explain("a read of " + model_.describe(value) + " returned before the write of it began",
                  {read, cluster.write});
          return true;
        }
      }
    }
    return false;
  }

  bool find_zone_conflict() {
    std::vector<Zone> forward, backward;
    for (const auto& [value, cluster] : clusters_) {
      if (cluster.earliest_return < cluster.latest_call) {
        forward.push_back({cluster.earliest_return, cluster.latest_call, &cluster});
      } else {
        backward.push_back({cluster.latest_call, cluster.earliest_return, &cluster});
      }
    }
    auto by_low = [](const Zone& a, const Zone& b) { return a.low < b.low; };
    std::sort(forward.begin(), forward.end(), by_low);
    for (std::size_t i = 1; i < forward.size(); ++i) {
      if (forward[i].low < forward[i - 1].high) return explain_conflict(forward[i - 1], forward[i]);
    }
    for (const Zone& zone : backward) {
      auto after = std::upper_bound(forward.begin(), forward.end(), zone, by_low);
      if (after == forward.begin()) continue;
      const Zone& around = *(after - 1);
      if (around.high > zone.high) return explain_conflict(around, zone);
    }
    return false;
  }

  bool explain_conflict(const Zone& must_stay, const Zone& intruder) {
    const Cluster& held = *must_stay.cluster;
    const Cluster& other = *intruder.cluster;
    std::vector<std::int32_t> involved;
    for (std::int32_t op : {held.write, held.earliest_returner, held.latest_caller, other.write,
                            other.earliest_returner, other.latest_caller}) {
      if (op != kInitialWrite && std::find(involved.begin(), involved.end(), op) == involved.end()) {
        involved.push_back(op);
      }
    }
    explain(model_.describe(held.value) +
                " must stay the value from the first completion to the last invocation among its "
                "write and reads, yet " + model_.describe(other.value) + " must take effect in between",
            involved);
    return true;
  }

  void explain(std::string text, const std::vector<std::int32_t>& involved) {
    violation_.explanation = std::move(text);
    violation_.involved_ops.clear();
    for (std::int32_t op : involved) violation_.involved_ops.push_back(ops_[op]->id);
    std::sort(violation_.involved_ops.begin(), violation_.involved_ops.end());
  }

  const RegisterModel& model_;
  const std::vector<const Operation*>& ops_;
  const std::vector<const RegisterModel::Input*>& inputs_;
  std::map<std::int32_t, Cluster> clusters_;  // by value id
  std::int32_t unwritten_read_ = -1;
  Violation violation_;
};

}  // namespace

std::optional<PartitionOutcome> check_by_zones(const RegisterModel& model,
                                               const std::vector<const Operation*>& ops,
                                               const std::vector<const RegisterModel::Input*>& inputs) {
  return ZoneCheck(model, ops, inputs).run();
}

}  // namespace qc
