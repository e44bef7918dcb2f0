#include "history_helpers.h"

#include <map>
#include <optional>

#include "checker/regular.h"
#include "common/assert.h"

namespace qc::test {
namespace {

struct KeyOps {
  std::vector<const Operation*> writes;  // non-fail writes
  std::vector<const Operation*> reads;   // ok reads
  bool has_delete = false;
};

std::map<std::string, KeyOps> ops_by_key(const std::vector<Operation>& operations) {
  std::map<std::string, KeyOps> by_key;
  for (const Operation& op : operations) {
    if (!op.key || op.outcome == Outcome::fail) continue;
    KeyOps& key = by_key[*op.key];
    if (op.f == "delete") key.has_delete = true;
    if (op.f == "write") key.writes.push_back(&op);
    if (op.f == "read" && op.outcome == Outcome::ok) key.reads.push_back(&op);
  }
  return by_key;
}

std::vector<Operation> paired(const History& history) {
  auto operations = pair_operations(history);
  QC_ASSERT(operations.is_ok());
  return operations.value();
}

std::string describe(const Operation& op) {
  return op.f + " " + op.input.to_string() + "->" + op.output.to_string() + " by p" +
         std::to_string(op.process) + " [" + std::to_string(op.call_index) + ", " +
         (op.return_index == kNeverReturned ? std::string("open") : std::to_string(op.return_index)) +
         "]";
}

}  // namespace

std::vector<std::string> stale_reads(const History& history) {
  std::vector<std::string> found;
  for (const RegularViolation& violation : check_regular(paired(history)).violations) {
    if (violation.kind == RegularViolationKind::superseded) found.push_back(violation.explanation);
  }
  return found;
}

std::vector<std::string> lost_writes(const History& history) {
  const std::vector<Operation> operations = paired(history);
  std::vector<std::string> found;
  for (const auto& [key, ops] : ops_by_key(operations)) {
    if (ops.has_delete) continue;
    for (const Operation* write : ops.writes) {
      if (write->outcome != Outcome::ok) continue;
      bool last = true;
      for (const Operation* other : ops.writes)
        if (other != write && !(other->outcome == Outcome::ok &&
                                other->return_index < write->call_index))
          last = false;
      if (!last) continue;
      int later_reads = 0, saw_it = 0;
      for (const Operation* read : ops.reads) {
        if (read->call_index < write->return_index) continue;
        ++later_reads;
        saw_it += read->output == write->input;
      }
      if (later_reads > 0 && saw_it == 0)
        found.push_back("key " + key + ": " + describe(*write) + " never read by " +
                        std::to_string(later_reads) + " later reads");
    }
  }
  return found;
}

void run_until(Simulator& simulator, std::int64_t until_us) {
  while (simulator.next_event_us() < until_us && simulator.step()) {
  }
}

void run_until_invoked(Simulator& simulator, std::size_t ops) {
  std::size_t invoked = 0, seen = 0;
  for (;;) {
    const std::vector<Event>& events = simulator.history().events;
    for (; seen < events.size(); ++seen)
      invoked += events[seen].type == EventType::invoke && !events[seen].is_nemesis();
    if (invoked >= ops || !simulator.step()) return;
  }
}

SimConfig small_config(std::uint64_t seed) {
  SimConfig config;
  config.seed = seed;
  config.store.node_count = 3;
  config.store.replication_factor = 3;
  config.store.read_quorum = 2;
  config.store.write_quorum = 2;
  config.store.anti_entropy_interval_us = 100'000;
  config.workload.clients = 3;
  config.workload.ops = 60;
  config.workload.keys = 2;
  return config;
}

FaultEvent fault(std::int64_t at_op, FaultKind kind, std::vector<int> nodes) {
  FaultEvent event;
  event.at_op = at_op;
  event.kind = kind;
  event.nodes = std::move(nodes);
  return event;
}

}  // namespace qc::test
