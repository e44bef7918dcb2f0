// Campaign throughput: small cases per CPU-second, shrinking included, as `quorumcheck
// campaign` and `claims` run them (5 nodes, N = 3, R = W = 2, async read repair,
// anti-entropy on; up to 4 clients, 30 ops and 2 keys per case; 6 fault episodes).
// - BM_CampaignShrinking: partitions, crashes and clock faults, every claims property.
//   LWW under clock skew loses acknowledged writes and quorums give no linearizability,
//   so several properties are refuted and their first failures are shrunk (up to 10 per
//   property, 400 runs each): most of the time goes to shrinking's simulator runs.
// - BM_CampaignHolding: partitions and crashes, linearizable + convergence (the CLI's
//   defaults), which hold here: drawing, running and checking cases, no shrinking.
// The campaign is deterministic, so both binaries of a side-by-side comparison run the
// same cases and the same shrinks.
// Run: taskset -c 1 build/bench/campaign_bench --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include "explore/campaign.h"

namespace qc {
namespace {

CampaignOptions small_cases(std::uint64_t cases, std::vector<std::string> nemesis,
                            std::vector<std::string> properties) {
  CampaignOptions options;
  SimConfig& base = options.space.base;  // `quorumcheck campaign`'s defaults
  base.store.node_count = 5;
  base.store.replication_factor = 3;
  base.store.read_quorum = 2;
  base.store.write_quorum = 2;
  base.store.read_repair = ReadRepair::async;
  base.store.anti_entropy = true;
  options.space.clients = {1, 4};
  options.space.ops = {1, 30};
  options.space.keys = {1, 2};
  options.space.fault_episodes_max = 6;
  options.space.nemesis = std::move(nemesis);
  options.properties = std::move(properties);
  options.cases = cases;
  options.seed = 1;
  return options;  // no out_dir: no bundle is written
}

void run_campaign_benchmark(benchmark::State& state, const CampaignOptions& options) {
  std::uint64_t cases = 0, refuted = 0, shrink_runs = 0;
  for (auto _ : state) {
    auto result = run_campaign(options);
    if (!result.is_ok()) {
      state.SkipWithError(result.status().message().c_str());
      return;
    }
    cases += result.value().cases_run;
    for (const PropertyResult& property : result.value().properties) {
      refuted += property.status == ClaimStatus::refuted;
      for (const Refutation& refutation : property.refutations) shrink_runs += refutation.shrink_runs;
    }
  }
  const auto iterations = static_cast<double>(state.iterations());
  // kIsRate divides by CPU time: cases per CPU-second, shrinking included.
  state.counters["cases_per_s"] = benchmark::Counter(static_cast<double>(cases), benchmark::Counter::kIsRate);
  state.counters["refuted"] = static_cast<double>(refuted) / iterations;
  state.counters["kept_shrink_runs"] = static_cast<double>(shrink_runs) / iterations;
}

void BM_CampaignShrinking(benchmark::State& state) {
  run_campaign_benchmark(state, small_cases(static_cast<std::uint64_t>(state.range(0)),
                                            {"partition", "crash", "clock"},
                                            {"linearizable", "regular", "read-your-writes", "monotonic-reads",
                                             "no-lost-writes", "convergence"}));
}
BENCHMARK(BM_CampaignShrinking)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_CampaignHolding(benchmark::State& state) {
  run_campaign_benchmark(state, small_cases(static_cast<std::uint64_t>(state.range(0)), {"partition", "crash"},
                                            {"linearizable", "convergence"}));
}
BENCHMARK(BM_CampaignHolding)->Arg(500)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace qc

BENCHMARK_MAIN();
