#include "sim/sim_config.h"

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace qc {
namespace {

Status bad(const std::string& field, const std::string& value, const std::string& expectation) {
  return Status::error(ErrorKind::usage, field + " is " + value + "; expected " + expectation);
}

bool is_probability(double p) { return std::isfinite(p) && p >= 0 && p <= 1; }

Status validate_network(const NetworkConfig& network) {
  for (std::size_t c = 0; c < kMessageClassCount; ++c) {
    const std::string field =
        std::string("network.latency.") + to_string(static_cast<MessageClass>(c));
    if (Status s = validate(network.latency_by_class[c], field); !s.is_ok()) return s;
  }
  const std::pair<const char*, double> probabilities[] = {
      {"network.loss_probability", network.loss_probability},
      {"network.duplicate_probability", network.duplicate_probability},
      {"network.reorder_probability", network.reorder_probability}};
  for (const auto& [field, p] : probabilities)
    if (!is_probability(p)) return bad(field, std::to_string(p), "a probability in [0, 1]");
  return validate(network.reorder_delay, "network.reorder_delay");
}

Status validate_clocks(const ClockConfig& clocks, std::uint32_t nodes) {
  if (!clocks.offset_us.empty() && clocks.offset_us.size() != nodes)
    return bad("clocks.offset_us", std::to_string(clocks.offset_us.size()) + " entries",
               "none or one per node (" + std::to_string(nodes) + ")");
  if (!clocks.drift_ppm.empty() && clocks.drift_ppm.size() != nodes)
    return bad("clocks.drift_ppm", std::to_string(clocks.drift_ppm.size()) + " entries",
               "none or one per node (" + std::to_string(nodes) + ")");
  for (const double ppm : clocks.drift_ppm)
    if (!std::isfinite(ppm) || std::fabs(ppm) >= 1e6)
      return bad("clocks.drift_ppm", std::to_string(ppm), "|ppm| < 1000000");
  if (clocks.random_offset_us_max < 0)
    return bad("clocks.random_offset_us_max", std::to_string(clocks.random_offset_us_max), ">= 0");
  if (!std::isfinite(clocks.random_drift_ppm_max) || clocks.random_drift_ppm_max < 0 ||
      clocks.random_drift_ppm_max >= 1e6)
    return bad("clocks.random_drift_ppm_max", std::to_string(clocks.random_drift_ppm_max),
               "0 <= ppm < 1000000");
  return Status::ok();
}

Status validate_workload(const WorkloadConfig& w) {
  if (w.clients == 0 || w.clients > 10'000)
    return bad("workload.clients", std::to_string(w.clients), "1 .. 10000");
  if (w.ops == 0 || w.ops > kWorkloadOpsMax)
    return bad("workload.ops", std::to_string(w.ops), "1 .. " + std::to_string(kWorkloadOpsMax));
  if (w.keys == 0 || w.keys > kWorkloadKeysMax)
    return bad("workload.keys", std::to_string(w.keys), "1 .. " + std::to_string(kWorkloadKeysMax));
  if (std::uint64_t{w.mix.read} + w.mix.write + w.mix.del == 0)
    return bad("workload.mix", "all zero", "at least one positive weight");
  if (w.client_timeout_us <= 0)
    return bad("workload.client_timeout_us", std::to_string(w.client_timeout_us), "> 0");
  return validate(w.think_time, "workload.think_time");
}

}  // namespace

Status validate(const SimConfig& config) {
  if (Status s = validate(config.store); !s.is_ok())
    return Status::error(ErrorKind::usage, "store: " + s.message());
  if (Status s = validate_network(config.network); !s.is_ok()) return s;
  if (Status s = validate(config.storage.write_latency, "storage.write_latency"); !s.is_ok()) return s;
  if (Status s = validate(config.storage.read_latency, "storage.read_latency"); !s.is_ok()) return s;
  if (Status s = validate_clocks(config.clocks, config.store.node_count); !s.is_ok()) return s;
  if (Status s = validate_workload(config.workload); !s.is_ok()) return s;
  if (config.failure_detection_us < 0)
    return bad("failure_detection_us", std::to_string(config.failure_detection_us), ">= 0");
  if (config.virtual_time_us_max <= 0)
    return bad("virtual_time_us_max", std::to_string(config.virtual_time_us_max), "> 0");
  const SchedulingConfig& scheduling = config.scheduling;
  if (scheduling.window_us < 0 || scheduling.window_us > kLongestDurationUs)
    return bad("scheduling.window_us", std::to_string(scheduling.window_us), "0 .. " + std::to_string(kLongestDurationUs));
  if (scheduling.pct_depth < 1 || scheduling.pct_depth > kPctDepthMax)
    return bad("scheduling.pct_depth", std::to_string(scheduling.pct_depth), "1 .. " + std::to_string(kPctDepthMax));
  if (scheduling.pct_steps < 1 || scheduling.pct_steps > kPctStepsMax)
    return bad("scheduling.pct_steps", std::to_string(scheduling.pct_steps), "1 .. " + std::to_string(kPctStepsMax));
  return Status::ok();
}

std::string describe(const SchedulingConfig& scheduling) {
  if (scheduling.strategy == SchedulingStrategy::time_order) return "time order";
  std::string name = to_string(scheduling.strategy);
  if (scheduling.strategy == SchedulingStrategy::pct) name += ":" + std::to_string(scheduling.pct_depth);
  return name + " within " + std::to_string(scheduling.window_us) + " us";
}

Status parse_strategy(std::string_view name, SchedulingConfig& scheduling) {
  if (name == "time") {
    scheduling.strategy = SchedulingStrategy::time_order;
  } else if (name == "random") {
    scheduling.strategy = SchedulingStrategy::random;
  } else if (name == "pct" || name.rfind("pct:", 0) == 0) {
    const std::string_view depth = name == "pct" ? std::string_view("3") : name.substr(4);
    int parsed = 0;
    const auto [end, failure] = std::from_chars(depth.data(), depth.data() + depth.size(), parsed);
    if (failure != std::errc() || end != depth.data() + depth.size() || parsed < 1 || parsed > kPctDepthMax)
      return Status::error(ErrorKind::usage, "expected pct:D with a depth D from 1 to " + std::to_string(kPctDepthMax));
    scheduling.strategy = SchedulingStrategy::pct;
    scheduling.pct_depth = parsed;
  } else {
    return Status::error(ErrorKind::usage, "expected time, random or pct:D");
  }
  return Status::ok();
}

const char* to_string(SchedulingStrategy strategy) {
  switch (strategy) {
    case SchedulingStrategy::time_order: return "time";
    case SchedulingStrategy::random: return "random";
    case SchedulingStrategy::pct: return "pct";
  }
  return "?";
}

Workload generated_workload(const SimConfig& config) {
  const WorkloadConfig& w = config.workload;
  WorkloadShape shape{w.clients, w.ops, w.keys, w.mix, w.final_reads};
  constexpr std::uint64_t kWorkloadStream = 0x9b05688c2b3e6c1fULL;  // apart from the simulator's streams
  Prng prng(config.seed ^ kWorkloadStream);
  return generate_workload(shape, prng);
}

}  // namespace qc
