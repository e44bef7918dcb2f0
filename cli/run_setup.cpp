#include "cli/run_setup.h"

#include <sstream>

#include "cli/option_checks.h"
#include "common/durations.h"
#include "common/input_file.h"
#include "common/json_document.h"
#include "explore/case.h"
#include "faults/episodes.h"
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

}  // namespace

Result<std::string> read_text_file(const std::string& path) { return read_input_file(path, "the file"); }

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
  if (Status s = apply_scheduling_flags(arguments.scheduling, config); !s.is_ok()) return s;
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

Result<Workload> build_workload(const RunArguments& arguments, const SimConfig& config) {
  if (arguments.workload_file.empty()) return generated_workload(config);
  auto text = read_text_file(arguments.workload_file);
  if (!text.is_ok()) return text.status();
  auto json = parse_json_document(text.value(), arguments.workload_file, "a workload object");
  if (!json.is_ok()) return json.status();
  auto workload = workload_from_json(json.value(), arguments.workload_file + ": $");
  if (workload.is_ok() && op_count(workload.value()) == 0)
    return Status::error(ErrorKind::malformed, arguments.workload_file + ": the workload has no op; expected at "
                                               "least one client with at least one op");
  return workload;
}

Result<FaultSchedule> build_fault_schedule(const RunArguments& arguments, const SimConfig& config,
                                           const Workload& workload) {
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
  // Long enough by default for anti-entropy to pair every node with every peer.
  const std::int64_t quiescence_ms =
      arguments.quiescence_ms.value_or(quiet_period_us(2'000'000, config.store) / 1000);
  if (quiescence_ms < 0 || quiescence_ms > kLongestDurationMs)
    return usage("--quiescence-ms " + std::to_string(quiescence_ms) + ": expected 0 .. " +
                 std::to_string(kLongestDurationMs) + " (an hour)");
  const std::uint32_t episodes = arguments.fault_episodes.value_or(6);
  if (episodes > 1000) return usage("--fault-episodes " + std::to_string(episodes) + ": expected at most 1000");
  const std::uint64_t ops = op_count(workload);
  if (kinds.value().empty() || ops == 0 || episodes == 0) {
    FaultSchedule none;
    none.quiescence_us = quiescence_ms * 1000;
    return none;
  }
  if (node_count > 31)
    return usage("--nodes " + std::to_string(node_count) + ": faults are drawn for at most 31 nodes; expected "
                 "--nodes <= 31, or --nemesis none");
  Prng prng(config.seed ^ 0x6661756c74ULL);  // "fault": a stream apart from the simulator's
  const auto drawn = draw_episodes(episodes, static_cast<std::uint32_t>(kinds.value().size()),
                                   config.store.node_count, prng);
  return schedule_from_episodes(drawn, kinds.value(), node_count, ops, quiescence_ms * 1000,
                                static_cast<std::uint32_t>(std::max<std::size_t>(1, workload.clients.size())),
                                nodes_by_involvement(config.store, workload));
}

namespace {

template <typename T>
void optional_flag(CLI::App* app, const std::string& name, std::optional<T>& target, const std::string& help,
                   const CLI::Validator& check) {
  app->add_option(name, target, help)->check(check);
}

}  // namespace

void add_workload_options(CLI::App* app, RunArguments& a) {
  optional_flag(app, "--clients", a.clients, "client processes [5]", whole_number(1, 10'000));
  optional_flag(app, "--ops", a.ops, "operations in all [2000]", whole_number(1, kWorkloadOpsMax));
  optional_flag(app, "--keys", a.keys, "keys k0.. picked uniformly [10]", whole_number(1, kWorkloadKeysMax));
  app->add_option("--mix", a.mix, "READ:WRITE:DELETE weights [2:2:0]");
  optional_flag(app, "--seed", a.seed, "the run's seed: same seed and options, same history [1]", seed_number());
}

void add_fault_options(CLI::App* app, RunArguments& a) {
  app->add_option("--nemesis", a.nemesis,
                  "faults: none, all, or a list of partition, crash, pause, clock, loss, delay")
      ->capture_default_str();
  optional_flag(app, "--fault-episodes", a.fault_episodes,
                "fault episodes (a fault and its recovery), each placed over a stretch of the workload's ops [6]",
                whole_number(0, 10'000));
  optional_flag(app, "--quiescence-ms", a.quiescence_ms,
                "fault-free virtual time after the final heal, which follows the last op "
                "[2000, or longer for anti-entropy to pair every node with every peer]",
                whole_number(0, kLongestDurationMs));
}


}  // namespace qc
