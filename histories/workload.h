#pragma once
// A workload is data (DESIGN.md, "Where the next parts go"): per client process, the
// list of ops it will issue, in order. Generators draw it; shrinking removes ops,
// clients and keys; the simulator only decides timing. Writes carry unique values so
// that each read maps to the write it saw.
//
// JSON form (inside a repro bundle, or a workload file):
//   {"clients": [[{"id": 0, "f": "write", "key": "k0", "value": "v0"},
//                 {"id": 1, "f": "read", "key": "k0"}],
//                [{"id": 2, "f": "delete", "key": "k1"}]]}
// `id` names the op's own stream of random timing (think time, coordinator, message
// latencies), so that dropping another op, or another client, does not change this
// op's timing. Ids are unique across the workload; they need not be in order.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/prng.h"
#include "common/status.h"

namespace qc {

enum class WorkloadOpKind : std::uint8_t { read, write, del };

const char* history_f(WorkloadOpKind kind);  // "read", "write", "delete"

struct WorkloadOp {
  std::uint32_t id = 0;
  WorkloadOpKind kind = WorkloadOpKind::read;
  std::string key;
  std::string value;  // writes only: unique across the workload
  friend bool operator==(const WorkloadOp&, const WorkloadOp&) = default;
};

struct Workload {
  std::vector<std::vector<WorkloadOp>> clients;
  friend bool operator==(const Workload&, const Workload&) = default;
};

std::size_t op_count(const Workload& workload);
std::vector<std::string> keys_of(const Workload& workload);  // sorted, each once

// Relative weights of reads, writes and deletes.
struct OpWeights {
  std::uint32_t read = 2;
  std::uint32_t write = 2;
  std::uint32_t del = 0;
  friend bool operator==(const OpWeights&, const OpWeights&) = default;
};

struct WorkloadShape {
  std::uint32_t clients = 3;
  std::uint32_t ops = 100;  // in all, spread evenly over the clients
  std::uint32_t keys = 3;   // k0 .. k<keys-1>, each op's key drawn uniformly
  OpWeights weights;
  // Each client's last `final_reads` ops are reads (of keys drawn uniformly): reads
  // after all writes, so that a lost write shows in the history.
  std::uint32_t final_reads = 0;
};

// Keys k0 .. k<keys-1>, as generated workloads name them.
std::string workload_key(std::uint32_t index);

// The value a write with this op id writes: "v<id>" (unique, as ids are).
std::string write_value(std::uint32_t id);

// Draws ops from `prng` only; ids count ops client by client (0 .. ops-1). The shape
// must have clients >= 1, keys >= 1 and weights not all zero.
Workload generate_workload(const WorkloadShape& shape, Prng& prng);

// Usage errors (ErrorKind::usage) naming the client and op: an empty key, a write
// without a value or a read/delete with one, a value written twice, an id used twice.
Status validate(const Workload& workload);

nlohmann::ordered_json workload_to_json(const Workload& workload);
// Errors are ErrorKind::malformed and name `path` and the field ("$.workload.clients[1][0].f: ...").
Result<Workload> workload_from_json(const nlohmann::ordered_json& json, const std::string& path);

}  // namespace qc
