#pragma once
// Turns `quorumcheck run`'s options into the simulator's inputs: a SimConfig (from
// defaults or --config, then the flags given), the Workload (from --workload, or drawn
// from the seed in the config's shape) and a FaultSchedule (from --faults, or drawn
// from --nemesis and the seed as fault episodes placed over the workload's ops).
#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/store_options.h"
#include "common/status.h"
#include "faults/schedule.h"
#include "histories/workload.h"
#include "sim/sim_config.h"

namespace qc {

struct RunArguments {
  std::string config_file;  // start from this config.json instead of the defaults
  std::string faults_file;  // replay this faults.json instead of generating one
  std::string workload_file;  // play this workload.json instead of drawing one
  // Flags; each applies only when given (std::optional empty: keep the base value).
  StoreFlags store;
  TimingFlags timing;
  SchedulingFlags scheduling;
  std::optional<std::uint32_t> clients, ops, keys;
  std::optional<std::string> mix;
  std::optional<std::uint64_t> seed;
  std::optional<std::uint32_t> fault_episodes;
  std::optional<std::int64_t> quiescence_ms;
  std::string nemesis = "partition,crash,clock";
  std::string out_dir = "quorumcheck-out";
  bool json = false;
  std::string html;  // run: the history's timeline page
};

// The SimConfig the arguments describe, validated (usage errors, malformed config file).
Result<SimConfig> build_sim_config(const RunArguments& arguments);

// The workload: read from --workload (validated), or generated_workload(config).
Result<Workload> build_workload(const RunArguments& arguments, const SimConfig& config);

// The fault schedule: read from --faults, or drawn for the config's cluster from
// --nemesis with a seed derived from the run's seed: --fault-episodes episodes (faults/
// episodes.h) placed over the workload's ops. Validated against the node count.
Result<FaultSchedule> build_fault_schedule(const RunArguments& arguments, const SimConfig& config,
                                           const Workload& workload);

Result<std::string> read_text_file(const std::string& path);

// The workload and fault flags of `run`, shared with `cluster`: --clients --ops --keys
// --mix --seed; --nemesis --fault-episodes --quiescence-ms.
void add_workload_options(CLI::App* app, RunArguments& arguments);
void add_fault_options(CLI::App* app, RunArguments& arguments);

}  // namespace qc
