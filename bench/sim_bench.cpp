// Simulator throughput: message deliveries per CPU-second, and how much faster than
// real time the simulation runs, for a 5-node, 10-client workload (N = 3, R = W = 2,
// async read repair, anti-entropy on). Target: >= 1,000,000 deliveries per CPU-second.
// Run: build/bench/sim_bench
#include <chrono>

#include <benchmark/benchmark.h>

#include "sim/simulator.h"

namespace qc {
namespace {

SimConfig five_node_workload(std::uint32_t ops, std::uint64_t seed) {
  SimConfig config;
  config.seed = seed;
  config.store.node_count = 5;
  config.store.replication_factor = 3;
  config.store.read_quorum = 2;
  config.store.write_quorum = 2;
  config.store.read_repair = ReadRepair::async;
  config.store.anti_entropy = true;
  config.workload.clients = 10;
  config.workload.ops = ops;
  config.workload.keys = 100;
  config.workload.mix = {2, 2, 1};
  return config;
}

void BM_SimulateFiveNodes(benchmark::State& state) {
  const auto ops = static_cast<std::uint32_t>(state.range(0));
  std::uint64_t deliveries = 0, events = 0, seed = 1;
  double simulated_s = 0, wall_s = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const RunResult result = run_simulation(five_node_workload(ops, seed++), FaultSchedule{});
    wall_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    deliveries += result.stats.deliveries;
    events += result.stats.events_processed;
    simulated_s += static_cast<double>(result.stats.end_time_us) / 1e6;
    benchmark::DoNotOptimize(result.history.events.data());
  }
  // kIsRate divides by CPU time: deliveries (and events) per CPU-second.
  state.counters["deliveries_per_s"] = benchmark::Counter(static_cast<double>(deliveries),
                                                          benchmark::Counter::kIsRate);
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events),
                                                      benchmark::Counter::kIsRate);
  state.counters["simulated_to_wall"] = simulated_s / wall_s;
  state.counters["deliveries_per_run"] =
      static_cast<double>(deliveries) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_SimulateFiveNodes)->Arg(2'000)->Arg(20'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace qc

BENCHMARK_MAIN();
