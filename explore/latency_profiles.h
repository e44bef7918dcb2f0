#pragma once
// Named network latency profiles a campaign can fix in its base SimConfig (the CLI's
// --latency). Anomalies that need a slow message among fast ones are rare under the
// simulator's default exponential latencies; the heavy tail makes them common.
#include <string>

#include "common/status.h"
#include "sim/sim_config.h"

namespace qc {

// "default": NetworkConfig's own (exponential, mean 500 us, floor 100 us, every class).
// "heavy-tailed-writes": write requests Pareto(1000 us, shape 1.1), reads fast
// (exponential, mean 100 us, floor 50 us): a write often sits on one replica long before
// the others see it, so concurrent readers disagree (as in tests/sim/known_results_test).
Result<NetworkConfig> latency_profile(const std::string& name);

// "slow-writes": half the write requests take 1-40 ms, the rest are fast, and reads
// are fast: the same anomalies, but with bounded latencies, so that a message never
// outlives the quiet period and convergence claims are judged on a settled network
// (a Pareto tail can hold a write for minutes). Claims use it by default.
std::string latency_profile_names();  // "default, heavy-tailed-writes, slow-writes"

}  // namespace qc
