#pragma once
// Everything one simulation run depends on besides its fault schedule. Same SimConfig +
// same FaultSchedule => the same run, byte for byte (DESIGN.md, "Determinism").
// sim/config_json.h writes and reads it as config.json.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/durations.h"
#include "common/status.h"
#include "histories/workload.h"
#include "impl/config.h"
#include "impl/messages.h"
#include "sim/latency.h"

namespace qc {

inline constexpr std::size_t kMessageClassCount = 9;  // MessageClass's enumerators
inline std::size_t class_index(MessageClass c) { return static_cast<std::size_t>(c); }

struct NetworkConfig {
  // One latency distribution per message class, indexed by class_index(): PBS's WARS.
  // client_request and client_reply time the hop between a client and the node that
  // coordinates for it, each way; free by default (no hop exists with client routing).
  std::array<LatencyDistribution, kMessageClassCount> latency_by_class = {
      LatencyDistribution::exponential(500, 100), LatencyDistribution::exponential(500, 100),
      LatencyDistribution::exponential(500, 100), LatencyDistribution::exponential(500, 100),
      LatencyDistribution::exponential(500, 100), LatencyDistribution::exponential(500, 100),
      LatencyDistribution::constant(0),           LatencyDistribution::constant(0),
      LatencyDistribution::exponential(500, 100)};
  double loss_probability = 0;       // each message independently
  double duplicate_probability = 0;  // a second copy with its own latency
  double reorder_probability = 0;    // the message takes an extra reorder_delay
  LatencyDistribution reorder_delay = LatencyDistribution::uniform(0, 5'000);
  friend bool operator==(const NetworkConfig&, const NetworkConfig&) = default;
};

// A replica's own storage, coordinator or not: a write request is applied (and then
// acknowledged) write_latency after it arrives, a read request is answered read_latency
// after it arrives. This is the only time a coordinator's own copy takes, as it never
// crosses the network. Instant by default.
struct StorageConfig {
  LatencyDistribution write_latency = LatencyDistribution::constant(0);
  LatencyDistribution read_latency = LatencyDistribution::constant(0);
  friend bool operator==(const StorageConfig&, const StorageConfig&) = default;
};

struct ClockConfig {
  // Per node; empty means all zero, otherwise one entry per node.
  std::vector<std::int64_t> offset_us;
  std::vector<double> drift_ppm;
  // Added to the above, drawn per node from the run's seed: uniform in [-max, max].
  std::int64_t random_offset_us_max = 0;
  double random_drift_ppm_max = 0;
  friend bool operator==(const ClockConfig&, const ClockConfig&) = default;
};

using OperationMix = OpWeights;  // relative weights of get, put and delete

// The clients' timing, and the shape of the workload drawn from the seed when no
// explicit Workload is given (histories/workload.h: clients, ops, keys, mix,
// final_reads). A campaign's case carries its workload as data instead; then the shape
// fields only describe it.
// What the harness runs at most: a million ops (a history of a few hundred MB) on up to a
// million keys; larger values are refused by validate(), naming the limit.
inline constexpr std::uint32_t kWorkloadOpsMax = 1'000'000;
inline constexpr std::uint32_t kWorkloadKeysMax = 1'000'000;

struct WorkloadConfig {
  std::uint32_t clients = 3;    // Jepsen processes; each has one op outstanding at most
  std::uint32_t ops = 100;      // total invocations, across all clients
  std::uint32_t keys = 3;       // named k0 .. k<keys-1>, each picked uniformly
  OperationMix mix;
  // Each client's last final_reads ops are reads: reads after all writes, so that a
  // lost write shows in the history.
  std::uint32_t final_reads = 0;
  LatencyDistribution think_time = LatencyDistribution::uniform(0, 2'000);
  std::int64_t client_timeout_us = 1'000'000;  // then the op is info
  friend bool operator==(const WorkloadConfig&, const WorkloadConfig&) = default;
};

// The order the simulator runs pending events in (sim/strategy.h, sim/strategies.h):
// time order (latencies decide), or a random or PCT pick among the events within
// window_us of the earliest. The pick's randomness is a stream of the run's seed.
enum class SchedulingStrategy : std::uint8_t { time_order, random, pct };

inline constexpr int kPctDepthMax = 100;
inline constexpr std::uint64_t kPctStepsMax = 1'000'000'000;

struct SchedulingConfig {
  SchedulingStrategy strategy = SchedulingStrategy::time_order;
  std::int64_t window_us = 0;       // random, pct; 0 reorders ties only
  int pct_depth = 3;                // pct: d, so d - 1 priority change points
  std::uint64_t pct_steps = 10'000; // pct: the change points fall among the first this many picks
  friend bool operator==(const SchedulingConfig&, const SchedulingConfig&) = default;
};

const char* to_string(SchedulingStrategy strategy);
// Sets the strategy (and, for pct:D, the depth) named by `name`: time, random, pct (depth
// 3) or pct:D with D in 1 .. kPctDepthMax. An error (ErrorKind::usage) says what was
// expected; the caller says where the name came from.
Status parse_strategy(std::string_view name, SchedulingConfig& scheduling);
// "time order", "random within 2000 us", "pct:3 within 2000 us": for summaries.
std::string describe(const SchedulingConfig& scheduling);

struct SimConfig {
  Config store;  // store.node_count is the cluster size
  NetworkConfig network;
  StorageConfig storage;
  ClockConfig clocks;
  WorkloadConfig workload;
  // How long after a crash, partition, heal or restart nodes learn of it through
  // on_peer_status (a failure detector's delay).
  std::int64_t failure_detection_us = 10'000;
  // A guard, not a knob: a run that has not ended by then is a bug (asserted).
  std::int64_t virtual_time_us_max = kLongestDurationUs;
  SchedulingConfig scheduling;
  std::uint64_t seed = 1;
};

// Status::ok() or a usage error naming the field, its value and what was expected.
Status validate(const SimConfig& config);

// The workload config.workload's shape describes, drawn from config.seed (a stream of
// its own). config must pass validate().
Workload generated_workload(const SimConfig& config);

}  // namespace qc
