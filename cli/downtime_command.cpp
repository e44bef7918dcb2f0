#include "cli/downtime_command.h"

#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli/option_checks.h"
#include "cli/run_output.h"
#include "cli/run_setup.h"
#include "explore/downtime.h"

namespace qc {
namespace {

struct DowntimeArguments {
  RunArguments run;  // --config and the store and timing flags
  std::string fault = "crash";
  std::uint64_t seeds = 20;
  std::uint64_t first_seed = 1;
  double probe_interval_ms = 5, fault_at_ms = 1000, outage_ms = 1000, window_ms = 3000;
  bool json = false;
};

int fail_with(const Status& status) {
  std::cerr << "quorumcheck downtime: " << status.message() << "\n";
  return exit_code_for(status);
}

std::int64_t us_of(double ms) { return static_cast<std::int64_t>(ms * 1000.0); }

// p50, p99 and max of the values, in ms, and how many samples had none.
nlohmann::ordered_json distribution(const std::vector<std::optional<std::int64_t>>& samples) {
  const Spread spread = spread_of(samples);
  const auto ms = [](const std::optional<std::int64_t>& us) {
    return us ? nlohmann::ordered_json(static_cast<double>(*us) / 1000.0) : nlohmann::ordered_json();
  };
  return {{"p50_ms", ms(spread.p50_us)}, {"p99_ms", ms(spread.p99_us)}, {"max_ms", ms(spread.max_us)},
          {"never_recovered", spread.absent}};
}

nlohmann::ordered_json latency(const std::vector<DowntimeSample>& samples, bool writes) {
  std::vector<std::int64_t> all;
  for (const DowntimeSample& s : samples) {
    const auto& figures = writes ? s.baseline_writes.latencies_us : s.baseline_reads.latencies_us;
    all.insert(all.end(), figures.begin(), figures.end());
  }
  nlohmann::ordered_json out;
  for (const auto& [name, p] : {std::pair{"p50_ms", 50.0}, {"p99_ms", 99.0}}) {
    const auto value = percentile(all, p);
    out[name] = value ? nlohmann::ordered_json(static_cast<double>(*value) / 1000.0) : nlohmann::ordered_json();
  }
  return out;
}

nlohmann::ordered_json report(const DowntimeOptions& options, const std::vector<DowntimeSample>& samples) {
  std::vector<std::optional<std::int64_t>> writes, reads, base_writes, base_reads;
  std::size_t led = 0, failed_writes = 0, invoked_writes = 0;
  nlohmann::ordered_json each = nlohmann::ordered_json::array();
  for (const DowntimeSample& s : samples) {
    writes.push_back(s.writes.downtime_us);
    reads.push_back(s.reads.downtime_us);
    base_writes.push_back(s.baseline_writes.downtime_us);
    base_reads.push_back(s.baseline_reads.downtime_us);
    led += s.target_led ? 1 : 0;
    failed_writes += s.writes.failed_after_fault;
    invoked_writes += s.writes.invoked_after_fault;
    auto ms = [](const std::optional<std::int64_t>& us) {
      return us ? nlohmann::ordered_json(static_cast<double>(*us) / 1000.0) : nlohmann::ordered_json();
    };
    each.push_back({{"seed", s.seed}, {"target", s.target}, {"target_led", s.target_led},
                    {"write_downtime_ms", ms(s.writes.downtime_us)}, {"read_downtime_ms", ms(s.reads.downtime_us)},
                    {"baseline_write_ms", ms(s.baseline_writes.downtime_us)},
                    {"writes_failed_during_outage", s.writes.failed_after_fault},
                    {"writes_during_outage", s.writes.invoked_after_fault}});
  }
  const Config& store = options.config.store;
  return {{"store", store.store == StoreKind::leader ? "leader" : "leaderless"},
          {"fault", to_string(options.fault)},
          {"seeds", samples.size()},
          {"target_was_leader", led},
          {"probe_interval_ms", static_cast<double>(options.probe_interval_us) / 1000.0},
          {"outage_ms", static_cast<double>(options.outage_us) / 1000.0},
          {"write_downtime", distribution(writes)},
          {"read_downtime", distribution(reads)},
          {"baseline_write", distribution(base_writes)},
          {"baseline_read", distribution(base_reads)},
          {"write_latency_fault_free", latency(samples, true)},
          {"read_latency_fault_free", latency(samples, false)},
          {"writes_failed_during_outage", failed_writes},
          {"writes_during_outage", invoked_writes},
          {"each", each}};
}

std::string ms_text(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value.get<double>());
  return text;
}

void print(const nlohmann::ordered_json& r, const std::string& shape) {
  auto line = [](const char* name, const nlohmann::ordered_json& d) {
    std::cout << "  " << name << " p50 " << ms_text(d["p50_ms"]) << " ms, p99 " << ms_text(d["p99_ms"]) << " ms, max "
              << ms_text(d["max_ms"]) << " ms";
    if (d["never_recovered"].get<std::size_t>() > 0)
      std::cout << "; " << d["never_recovered"].get<std::size_t>() << " seeds never recovered in the window";
    std::cout << "\n";
  };
  std::cout << "downtime: " << shape << ", " << r["fault"].get<std::string>() << " of "
            << (r["store"] == "leader" ? "the leader" : "node 0") << " for " << ms_text(r["outage_ms"]) << " ms, "
            << r["seeds"].get<std::size_t>() << " seeds, a probe write and read every "
            << ms_text(r["probe_interval_ms"]) << " ms\n";
  if (r["store"] == "leader")
    std::cout << "  the fault hit the leader in " << r["target_was_leader"].get<std::size_t>() << " of "
              << r["seeds"].get<std::size_t>() << " seeds (otherwise no leader was known at that instant: node 0)\n";
  line("write downtime (fault to first acknowledged write):", r["write_downtime"]);
  line("  fault-free baseline, same instant:               ", r["baseline_write"]);
  line("read downtime:                                     ", r["read_downtime"]);
  line("  fault-free baseline, same instant:               ", r["baseline_read"]);
  std::cout << "  writes invoked during the outage that failed or ended unknown: "
            << r["writes_failed_during_outage"].get<std::size_t>() << " of "
            << r["writes_during_outage"].get<std::size_t>() << "\n";
  std::cout << "  latency without faults: writes p50 " << ms_text(r["write_latency_fault_free"]["p50_ms"]) << " ms, p99 "
            << ms_text(r["write_latency_fault_free"]["p99_ms"]) << " ms; reads p50 "
            << ms_text(r["read_latency_fault_free"]["p50_ms"]) << " ms, p99 "
            << ms_text(r["read_latency_fault_free"]["p99_ms"]) << " ms\n";
}

int run(const DowntimeArguments& a) {
  auto config = build_sim_config(a.run);
  if (!config.is_ok()) return fail_with(config.status());
  DowntimeOptions options;
  options.config = config.value();
  if (a.fault == "crash") options.fault = DowntimeFault::crash;
  else if (a.fault == "partition") options.fault = DowntimeFault::partition;
  else return fail_with(Status::error(ErrorKind::usage, "--fault " + a.fault + ": expected crash or partition"));
  options.probe_interval_us = us_of(a.probe_interval_ms);
  options.fault_at_us = us_of(a.fault_at_ms);
  options.outage_us = us_of(a.outage_ms);
  options.window_us = us_of(a.window_ms);
  if (Status valid = validate(options); !valid.is_ok()) return fail_with(valid);
  std::vector<DowntimeSample> samples;
  for (std::uint64_t i = 0; i < a.seeds; ++i) {
    samples.push_back(measure_downtime(options, a.first_seed + i));
    if (!a.json && (i + 1) % 10 == 0 && i + 1 < a.seeds)
      std::cerr << "quorumcheck downtime: " << i + 1 << " of " << a.seeds << " seeds\n";
  }
  const nlohmann::ordered_json r = report(options, samples);
  if (a.json) {
    std::cout << r.dump(2) << "\n";
    return kExitHolds;
  }
  print(r, store_description(options.config.store, true));
  std::cout << "seeds: " << a.first_seed << ".." << a.first_seed + a.seeds - 1 << "\n";
  return kExitHolds;
}

}  // namespace

CommandHandle add_downtime_command(CLI::App& parent) {
  auto a = std::make_shared<DowntimeArguments>();
  CLI::App* app = parent.add_subcommand(
      "downtime",
      "Measure write and read downtime when the node that matters fails: the leader (--store leader) or node 0 "
      "(leaderless). Per seed, a fault-free run finds that node; the same run again crashes it (or cuts it off) at "
      "--fault-at-ms. Probe clients write and read one key every --probe-interval-ms; downtime is the time from the "
      "fault to the first acknowledged probe invoked after it, shown beside the fault-free run's figure at the same "
      "instant. Prints p50/p99/max over the seeds. Exit 0 measured, 64 bad options, 65 unreadable --config.");
  add_store_options(app, a->run.store);
  add_timing_options(app, a->run.timing);
  app->add_option("--config", a->run.config_file, "start from this config.json (flags given still apply on top)");
  app->add_option("--fault", a->fault, "crash (restarted after --outage-ms) or partition (the node cut off from "
                                       "every other, healed after --outage-ms)")
      ->capture_default_str();
  app->add_option("--seeds", a->seeds, "how many seeds (runs) to measure")->capture_default_str()->check(whole_number(1, 100'000));
  app->add_option("--seed", a->first_seed, "the first seed")->capture_default_str();
  app->add_option("--probe-interval-ms", a->probe_interval_ms, "a probe write, and a read half an interval later, this often")
      ->capture_default_str()->check(real_number(0.002, 60'000));
  app->add_option("--fault-at-ms", a->fault_at_ms, "when the fault strikes")->capture_default_str()->check(real_number(0.001, 3.6e6));
  app->add_option("--outage-ms", a->outage_ms, "how long until the restart or the heal")->capture_default_str()->check(real_number(0.001, 3.6e6));
  app->add_option("--window-ms", a->window_ms, "probes run from 0 to here")->capture_default_str()->check(real_number(0.001, 3.6e6));
  app->add_flag("--json", a->json, "print the figures, and each seed's, as one JSON object");
  return CommandHandle{app, [a] { return run(*a); }};
}

}  // namespace qc
