#pragma once
// The store's flags, shared by `quorumcheck run`, `campaign` and `claims`:
// --nodes --n --r --w --read-repair --durability --abd --sloppy --anti-entropy
// --coordinator --store --replication --reads --election-timeout-min-us
// --election-timeout-max-us --heartbeat-us; and the timing flags PBS's model adds to the network's latencies:
// --storage-latency-us --client-latency-us; and the scheduling flags (which pending
// event runs next): --strategy --strategy-window-us --pct-steps.
// Each applies only when given, on top of a base Config (defaults or a --config file).
#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "common/status.h"
#include "impl/config.h"
#include "sim/sim_config.h"

namespace qc {

struct StoreFlags {
  std::optional<std::uint32_t> nodes, n, r, w;
  std::optional<std::string> read_repair, durability;
  std::optional<bool> abd, sloppy, anti_entropy;
  std::optional<std::string> coordinator;  // a kCoordinatorPlacementNames name
  // The leader-based store (--store leader) and its options.
  std::optional<std::string> store, replication, reads;
  std::optional<std::int64_t> election_timeout_min_us, election_timeout_max_us, heartbeat_us;
};

void add_store_options(CLI::App* app, StoreFlags& flags);

// Usage errors name the flag and the values it takes; the result is not validated.
// With --store leader, N follows the node count and read repair is none unless given
// (the leader-based store keeps every key on every node and has no read repair).
Status apply_store_flags(const StoreFlags& flags, Config& store);

// Means of exponential latencies, in microseconds (0: none): a replica's own apply and
// read (storage.write_latency and read_latency), and the client's hop to its
// coordinator, each way (network.latency.client_request and client_reply).
struct TimingFlags {
  std::optional<double> storage_latency_us, client_latency_us;
};

void add_timing_options(CLI::App* app, TimingFlags& flags);
Status apply_timing_flags(const TimingFlags& flags, SimConfig& config);

// config.scheduling (sim/sim_config.h): --strategy time, random or pct:D (PCT of depth
// D, 3 when ":D" is left out), the window within which events count as enabled, and
// PCT's step range for its change points.
struct SchedulingFlags {
  std::optional<std::string> strategy;
  std::optional<std::int64_t> window_us;
  std::optional<std::uint64_t> pct_steps;
};

void add_scheduling_options(CLI::App* app, SchedulingFlags& flags);
Status apply_scheduling_flags(const SchedulingFlags& flags, SimConfig& config);

}  // namespace qc
