// Downtime measurement (downtime.h): a fault-free run that finds the node that matters,
// the same run with the fault, and the probes' figures from both histories.
#include "explore/downtime.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "common/assert.h"
#include "faults/schedule.h"
#include "impl/leader/leader_node.h"
#include "sim/simulator.h"

namespace qc {
namespace {

constexpr const char* kProbeKey = "probe";

struct Probe {
  std::int64_t at_us = 0;
  bool write = false;
};

// Writes at k·interval, reads half an interval later, in invocation (time) order.
std::vector<Probe> probe_plan(const DowntimeOptions& options) {
  std::vector<Probe> plan;
  for (std::int64_t at = 0; at < options.window_us; at += options.probe_interval_us) {
    plan.push_back(Probe{at, true});
    if (at + options.probe_interval_us / 2 < options.window_us)
      plan.push_back(Probe{at + options.probe_interval_us / 2, false});
  }
  return plan;
}

// The op number of the first probe at or after `at_us`: a fault placed there fires just
// before that probe is invoked (faults/schedule.h), at its time.
std::size_t first_probe_at(const std::vector<Probe>& plan, std::int64_t at_us) {
  std::size_t k = 0;
  while (k < plan.size() && plan[k].at_us < at_us) ++k;
  return k;
}

// One workload client whose single op (a read of another key) comes at the window's end
// (its think time): the simulator's final heal follows the last workload op, so this
// keeps the run, its probes and the fault's own heal or restart going until then.
Workload anchor_workload() {
  Workload workload;
  workload.clients.push_back({WorkloadOp{0, WorkloadOpKind::read, "anchor", ""}});
  return workload;
}

struct ProbedRun {
  History history;
  std::map<std::int64_t, std::size_t> probe_of_process;  // process id -> index in the plan
  std::optional<NodeId> leader_at_fault;
};

std::optional<NodeId> current_leader(const Simulator& simulator, std::uint32_t node_count) {
  std::optional<NodeId> leader;
  std::uint64_t leader_term = 0;
  for (NodeId id = 0; id < node_count; ++id) {
    const auto* node = dynamic_cast<const LeaderNode*>(simulator.node(id));
    if (node == nullptr || node->role() != LeaderNode::Role::leader) continue;
    if (!leader || node->term() > leader_term) {
      leader = id;
      leader_term = node->term();
    }
  }
  return leader;
}

ProbedRun run_probed(const SimConfig& config, const FaultSchedule& schedule, const std::vector<Probe>& plan,
                     std::int64_t fault_at_us) {
  Simulator simulator(config, anchor_workload(), schedule);
  ProbedRun run;
  for (std::size_t k = 0; k < plan.size(); ++k) {
    const std::uint32_t client = simulator.add_scripted_client();
    run.probe_of_process[client] = k;
    ClientRequest request;
    request.key = kProbeKey;
    request.op = plan[k].write ? ClientOp::put : ClientOp::get;
    if (plan[k].write) request.value = "w" + std::to_string(k);
    simulator.submit(client, std::move(request), plan[k].at_us);
  }
  bool looked = false;
  while (true) {
    if (!looked && simulator.next_event_us() >= fault_at_us) {
      run.leader_at_fault = current_leader(simulator, config.store.node_count);
      looked = true;
    }
    if (!simulator.step()) break;
  }
  run.history = simulator.finish().history;
  return run;
}

FaultSchedule fault_schedule(const DowntimeOptions& options, const std::vector<Probe>& plan, NodeId target) {
  const auto at = static_cast<std::int64_t>(first_probe_at(plan, options.fault_at_us));
  const auto until = static_cast<std::int64_t>(first_probe_at(plan, options.fault_at_us + options.outage_us));
  FaultSchedule schedule;
  schedule.quiescence_us = 100'000;
  const int node = static_cast<int>(target);
  const auto event = [](std::int64_t at_op, FaultKind kind) {
    FaultEvent made;
    made.at_op = at_op;
    made.kind = kind;
    return made;
  };
  if (options.fault == DowntimeFault::crash) {
    FaultEvent crash = event(at, FaultKind::crash), restart = event(until, FaultKind::restart);
    crash.nodes = restart.nodes = {node};
    schedule.events = {crash, restart};
  } else {
    FaultEvent partition = event(at, FaultKind::partition);
    partition.shape = "isolate";
    for (int other = 0; other < static_cast<int>(options.config.store.node_count); ++other) {
      if (other == node) continue;
      partition.links.emplace_back(node, other);
      partition.links.emplace_back(other, node);
    }
    std::sort(partition.links.begin(), partition.links.end());
    schedule.events = {partition, event(until, FaultKind::heal)};
  }
  return schedule;
}

// The probes' figures: `fault_us` is when the fault fired (or would have).
void read_figures(const ProbedRun& run, const std::vector<Probe>& plan, std::int64_t fault_us,
                  std::int64_t outage_end_us, ProbeFigures& writes, ProbeFigures& reads) {
  std::map<std::int64_t, std::int64_t> invoked_at;  // process -> time
  for (const Event& event : run.history.events) {
    const auto probe = run.probe_of_process.find(event.process);
    if (probe == run.probe_of_process.end() || !event.time) continue;
    if (event.type == EventType::invoke) {
      invoked_at[event.process] = *event.time;
      continue;
    }
    const auto started = invoked_at.find(event.process);
    if (started == invoked_at.end()) continue;
    ProbeFigures& figures = plan[probe->second].write ? writes : reads;
    const std::int64_t invoke_us = started->second;
    const bool ok = event.type == EventType::ok;
    if (ok && invoke_us >= fault_us / 2) figures.latencies_us.push_back(*event.time - invoke_us);
    if (invoke_us >= fault_us && invoke_us < outage_end_us) {
      ++figures.invoked_after_fault;
      if (!ok) ++figures.failed_after_fault;
    }
  }
  for (const bool write : {true, false}) {
    (write ? writes : reads).downtime_us = recovery_after(run.history, fault_us, write, [&](std::int64_t process) {
      const auto probe = run.probe_of_process.find(process);
      return probe != run.probe_of_process.end() && plan[probe->second].write == write;
    });
  }
}

}  // namespace

std::optional<std::int64_t> recovery_after(const History& history, std::int64_t at_us, bool writes,
                                           const std::function<bool(std::int64_t process)>& counts) {
  std::map<std::int64_t, std::int64_t> invoked_at;  // process -> its open op's invocation
  std::optional<std::int64_t> soonest;
  for (const Event& event : history.events) {
    if (event.is_nemesis() || !event.time || (event.f == "read") == writes) continue;
    if (counts && !counts(event.process)) continue;
    if (event.type == EventType::invoke) {
      invoked_at[event.process] = *event.time;
      continue;
    }
    const auto started = invoked_at.find(event.process);
    if (started == invoked_at.end()) continue;
    const bool counted = event.type == EventType::ok && started->second >= at_us;
    invoked_at.erase(started);
    if (counted && (!soonest || *event.time - at_us < *soonest)) soonest = *event.time - at_us;
  }
  return soonest;
}

const char* to_string(DowntimeFault fault) { return fault == DowntimeFault::crash ? "crash" : "partition"; }

Status validate(const DowntimeOptions& o) {
  auto usage = [](const std::string& what) { return Status::error(ErrorKind::usage, what); };
  if (o.probe_interval_us < 2) return usage("probe interval: expected at least 2 us");
  if (o.fault_at_us <= 0 || o.outage_us <= 0 || o.window_us <= 0)
    return usage("fault time, outage and window: expected positive durations");
  if (o.fault_at_us + o.outage_us > o.window_us)
    return usage("window: expected at least the fault time plus the outage (" +
                 std::to_string(o.fault_at_us + o.outage_us) + " us), got " + std::to_string(o.window_us) + " us");
  if (o.window_us / o.probe_interval_us > kDowntimeProbesMax)
    return usage("probe interval: expected at most " + std::to_string(kDowntimeProbesMax) +
                 " probe writes in the window (" + std::to_string(o.window_us) + " us, one probe every " +
                 std::to_string(o.probe_interval_us) + " us would be " +
                 std::to_string(o.window_us / o.probe_interval_us) + "): each probe is a client of its own");
  if (o.fault_at_us / o.probe_interval_us < 10)
    return usage("probe interval: expected at least 10 probes before the fault (fault at " +
                 std::to_string(o.fault_at_us) + " us, one probe every " + std::to_string(o.probe_interval_us) + " us)");
  return Status::ok();
}

DowntimeSample measure_downtime(const DowntimeOptions& options, std::uint64_t seed) {
  QC_ASSERT(validate(options).is_ok());
  SimConfig config = options.config;
  config.seed = seed;
  config.workload.think_time = LatencyDistribution::constant(options.window_us);
  const std::vector<Probe> plan = probe_plan(options);
  const std::int64_t fault_us = plan[first_probe_at(plan, options.fault_at_us)].at_us;
  const std::size_t end_index = first_probe_at(plan, options.fault_at_us + options.outage_us);
  const std::int64_t outage_end_us = end_index < plan.size() ? plan[end_index].at_us : options.window_us;

  DowntimeSample sample;
  sample.seed = seed;
  FaultSchedule no_faults;
  no_faults.quiescence_us = 100'000;
  const ProbedRun baseline = run_probed(config, no_faults, plan, fault_us);
  read_figures(baseline, plan, fault_us, outage_end_us, sample.baseline_writes, sample.baseline_reads);
  sample.target_led = baseline.leader_at_fault.has_value();
  sample.target = baseline.leader_at_fault.value_or(0);

  const ProbedRun faulted = run_probed(config, fault_schedule(options, plan, sample.target), plan, fault_us);
  read_figures(faulted, plan, fault_us, outage_end_us, sample.writes, sample.reads);
  return sample;
}

Spread spread_of(const std::vector<std::optional<std::int64_t>>& figures) {
  std::vector<std::int64_t> present;
  Spread spread;
  for (const auto& figure : figures) {
    if (figure) present.push_back(*figure);
    else ++spread.absent;
  }
  spread.p50_us = percentile(present, 50);
  spread.p99_us = percentile(present, 99);
  spread.max_us = percentile(present, 100);
  return spread;
}

std::optional<std::int64_t> percentile(std::vector<std::int64_t> values, double p) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace qc
