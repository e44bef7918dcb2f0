#pragma once
// Write and read downtime, measured rather than claimed: how long after a node fails do
// writes (and reads) succeed again? The headline of leaderless replication is "no write
// downtime"; a leader-based store stops taking writes from its leader's failure until
// an election has chosen another. This measures both under the same simulator.
//
// One measurement (one seed):
//   - Probe clients, each issuing one op (scripted clients of the simulator): a write of
//     a unique value to key "probe" every probe_interval_us, and a read of it half an
//     interval later, from 0 to window_us. Each picks its coordinator as any client op
//     does (config.store.coordinator_placement).
//   - A fault-free run first (the baseline). At fault_at_us it finds the node that
//     matters: the leader at that instant (the leader-based store; the one of the
//     highest term, if two think they lead), or node 0 (the leaderless store, where
//     every node is alike).
//   - The same run again, with the fault at fault_at_us: a crash of that node (it
//     restarts outage_us later), or a partition isolating it (healed outage_us later).
//     Both runs are the same up to the fault: faults are placed by op number and the
//     probes' ops come in time order.
//   - Downtime: from the fault to the acknowledgement of the first probe invoked at or
//     after the fault that succeeds. The baseline's figure, at the same instant, is what
//     an op takes with nothing wrong (up to one probe interval plus its latency); the
//     excess over it is what the fault cost.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "histories/history.h"
#include "sim/sim_config.h"

namespace qc {

enum class DowntimeFault : std::uint8_t { crash, partition };
const char* to_string(DowntimeFault fault);

struct DowntimeOptions {
  SimConfig config;  // the store, network and seed (each measurement sets its own seed)
  DowntimeFault fault = DowntimeFault::crash;
  std::int64_t probe_interval_us = 5'000;
  std::int64_t fault_at_us = 1'000'000;
  std::int64_t outage_us = 1'000'000;  // until the restart or the heal
  std::int64_t window_us = 3'000'000;  // probes run from 0 to here
};

// Positive durations, fault_at_us + outage_us <= window_us, and a probe interval that
// leaves at least 10 probes before the fault and at most kDowntimeProbesMax writes in
// the window. ErrorKind::usage naming the option.
inline constexpr std::int64_t kDowntimeProbesMax = 100'000;
Status validate(const DowntimeOptions& options);

struct ProbeFigures {
  // From the fault to the first success of a probe invoked at or after it; absent when
  // none succeeded before the window ended.
  std::optional<std::int64_t> downtime_us;
  std::uint32_t invoked_after_fault = 0;   // probes invoked in [fault, fault + outage)
  std::uint32_t failed_after_fault = 0;    // of those, ended fail or info
  // Every successful probe's, from half the fault time on (before that is warm-up: the
  // leader-based store elects its first leader then).
  std::vector<std::int64_t> latencies_us;
};

struct DowntimeSample {
  std::uint64_t seed = 0;
  std::uint32_t target = 0;          // the node the fault hit
  bool target_led = false;           // it was the leader at the fault (leader-based store)
  ProbeFigures writes, reads;                    // with the fault
  ProbeFigures baseline_writes, baseline_reads;  // the fault-free run, same instant
};

// `options` must pass validate().
DowntimeSample measure_downtime(const DowntimeOptions& options, std::uint64_t seed);

// How soon after at_us the history shows the store acknowledging again: from at_us to
// the completion of the first op invoked at or after at_us that ended ok, among writes
// (write, delete) or reads; absent when none did. `counts` picks the processes looked
// at (all when empty). `run` reports it after each crash and partition.
std::optional<std::int64_t> recovery_after(const History& history, std::int64_t at_us, bool writes,
                                           const std::function<bool(std::int64_t process)>& counts = {});

// Nearest-rank percentile (p in [0, 100]) of `values`, which it sorts; absent if empty.
std::optional<std::int64_t> percentile(std::vector<std::int64_t> values, double p);

// A downtime figure over many samples: p50, p99 and max of those present, and how many
// samples had none (never back within the window).
struct Spread {
  std::optional<std::int64_t> p50_us, p99_us, max_us;
  std::size_t absent = 0;
};
Spread spread_of(const std::vector<std::optional<std::int64_t>>& figures);

}  // namespace qc
