#include "explore/latency_profiles.h"

namespace qc {

Result<NetworkConfig> latency_profile(const std::string& name) {
  NetworkConfig network;
  if (name == "default") return network;
  if (name == "heavy-tailed-writes") {
    network.latency_by_class[class_index(MessageClass::write_request)] = LatencyDistribution::pareto(1'000, 1.1);
    for (const MessageClass fast : {MessageClass::read_request, MessageClass::read_response})
      network.latency_by_class[class_index(fast)] = LatencyDistribution::exponential(100, 50);
    return network;
  }
  if (name == "slow-writes") {
    // Half the write requests are slow, but none slower than 40 ms: the run's quiet
    // period outlasts every message, so convergence is judged on a settled network.
    network.latency_by_class[class_index(MessageClass::write_request)] = LatencyDistribution::mixture(
        {{1, LatencyDistribution::exponential(200, 50)}, {1, LatencyDistribution::uniform(1'000, 40'000)}});
    for (const MessageClass fast : {MessageClass::read_request, MessageClass::read_response})
      network.latency_by_class[class_index(fast)] = LatencyDistribution::exponential(100, 50);
    return network;
  }
  return Status::error(ErrorKind::usage, "unknown latency profile \"" + name + "\"; expected " + latency_profile_names());
}

std::string latency_profile_names() { return "default, heavy-tailed-writes, slow-writes"; }

}  // namespace qc
