#include "cli/run_setup.h"

#include <fstream>
#include <sstream>

#include "faults/nemesis.h"
#include "faults/schedule_json.h"
#include "sim/config_json.h"

namespace qc {
namespace {

Status usage(const std::string& message) { return Status::error(ErrorKind::usage, message); }

// --mix READ:WRITE:DELETE, relative weights such as 2:2:1.
Result<OperationMix> parse_mix(const std::string& text) {
  OperationMix mix;
  char colon1 = 0, colon2 = 0;
  std::istringstream in(text);
  if (!(in >> mix.read >> colon1 >> mix.write >> colon2 >> mix.del) || colon1 != ':' ||
      colon2 != ':' || !in.eof() || mix.read + mix.write + mix.del == 0) {
    return usage("--mix " + text + ": expected READ:WRITE:DELETE weights such as 2:2:1, not all zero");
  }
  return mix;
}

// The clients' expected busy time: ops per client times one op's round trips and think time.
std::int64_t estimated_workload_us(const SimConfig& config) {
  const auto& latency = config.network.latency_by_class;
  const double round_trip_us = std::max(mean_us(latency[class_index(MessageClass::write_request)]) +
                                            mean_us(latency[class_index(MessageClass::write_ack)]),
                                        mean_us(latency[class_index(MessageClass::read_request)]) +
                                            mean_us(latency[class_index(MessageClass::read_response)]));
  const double per_op_us = mean_us(config.workload.think_time) + 2 * round_trip_us;
  const double ops_per_client = static_cast<double>(config.workload.ops) / config.workload.clients;
  return static_cast<std::int64_t>(ops_per_client * per_op_us * 1.5) + 100'000;
}

}  // namespace

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::error(ErrorKind::io, path + ": cannot read the file; expected a readable file");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

Result<SimConfig> build_sim_config(const RunArguments& arguments) {
  SimConfig config;  // the built-in defaults: the example, without faults
  config.store.node_count = 5;
  config.store.read_repair = ReadRepair::async;
  config.workload.clients = 5;
  config.workload.ops = 2000;
  config.workload.keys = 10;
  if (!arguments.config_file.empty()) {
    auto text = read_text_file(arguments.config_file);
    if (!text.is_ok()) return text.status();
    auto parsed = parse_sim_config(text.value(), arguments.config_file);
    if (!parsed.is_ok()) return parsed.status();
    config = parsed.value();
  }
  if (Status s = apply_store_flags(arguments.store, config.store); !s.is_ok()) return s;
  if (Status s = apply_timing_flags(arguments.timing, config); !s.is_ok()) return s;
  if (arguments.clients) config.workload.clients = *arguments.clients;
  if (arguments.ops) config.workload.ops = *arguments.ops;
  if (arguments.keys) config.workload.keys = *arguments.keys;
  if (arguments.mix) {
    auto mix = parse_mix(*arguments.mix);
    if (!mix.is_ok()) return mix.status();
    config.workload.mix = mix.value();
  }
  if (arguments.seed) config.seed = *arguments.seed;
  Status valid = validate(config);
  if (!valid.is_ok()) return valid;
  return config;
}

Result<FaultSchedule> build_fault_schedule(const RunArguments& arguments, const SimConfig& config) {
  const int node_count = static_cast<int>(config.store.node_count);
  if (!arguments.faults_file.empty()) {
    auto text = read_text_file(arguments.faults_file);
    if (!text.is_ok()) return text.status();
    auto schedule = parse_fault_schedule(text.value(), arguments.faults_file);
    if (!schedule.is_ok()) return schedule.status();
    Status valid = validate(schedule.value(), node_count);
    if (!valid.is_ok()) return Status::error(ErrorKind::malformed, arguments.faults_file + ": " + valid.message());
    return schedule;
  }
  auto kinds = parse_nemesis_list(arguments.nemesis);
  if (!kinds.is_ok()) return kinds.status();
  NemesisOptions options;
  options.kinds = kinds.value();
  options.node_count = node_count;
  // Faults slow clients down (timeouts), so they get three times the fault-free estimate.
  const std::int64_t slowdown = options.kinds.empty() ? 1 : 3;
  options.duration_us = arguments.duration_ms ? *arguments.duration_ms * 1000
                                              : slowdown * estimated_workload_us(config);
  options.mean_interval_us = arguments.interval_ms ? *arguments.interval_ms * 1000
                                                   : std::max<std::int64_t>(options.duration_us / 10, 1000);
  options.quiescence_us = arguments.quiescence_ms ? *arguments.quiescence_ms * 1000 : 2'000'000;
  Status valid = validate(options);
  if (!valid.is_ok()) return valid;
  Prng prng(config.seed ^ 0x6661756c74ULL);  // "fault": a stream apart from the simulator's
  return generate_fault_schedule(options, prng);
}

}  // namespace qc
