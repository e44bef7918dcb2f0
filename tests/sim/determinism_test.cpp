// Same config + schedule + seed => byte-identical history, over 200 random
// configurations (cluster shape, quorums, read repair, nemesis schedule, loss).
#include <gtest/gtest.h>

#include <functional>

#include "faults/nemesis.h"
#include "histories/jsonl.h"
#include "sim/config_json.h"
#include "sim/simulator.h"

namespace qc {
namespace {

SimConfig random_config(Prng& prng) {
  SimConfig config;
  config.seed = prng.next_u64();
  Config& store = config.store;
  store.node_count = static_cast<std::uint32_t>(prng.between(1, 5));
  store.replication_factor = static_cast<std::uint32_t>(prng.between(1, store.node_count));
  store.read_quorum = static_cast<std::uint32_t>(prng.between(1, store.replication_factor));
  store.write_quorum = static_cast<std::uint32_t>(prng.between(1, store.replication_factor));
  store.read_repair = static_cast<ReadRepair>(prng.below(3));
  store.abd_writers = prng.chance(0.3);
  store.sloppy_quorum = prng.chance(0.3);
  store.durability = prng.chance(0.5) ? Durability::durable : Durability::volatile_;
  store.anti_entropy = prng.chance(0.7);
  store.anti_entropy_interval_us = 50'000;
  store.request_timeout_us = 50'000;
  config.network.loss_probability = prng.chance(0.5) ? prng.unit() * 0.1 : 0;
  config.network.duplicate_probability = prng.chance(0.3) ? prng.unit() * 0.1 : 0;
  config.network.reorder_probability = prng.chance(0.3) ? prng.unit() * 0.2 : 0;
  config.network.latency_by_class[prng.below(kMessageClassCount)] =
      LatencyDistribution::pareto(200, 1.5);
  config.clocks.random_offset_us_max = static_cast<std::int64_t>(prng.below(20'000));
  config.clocks.random_drift_ppm_max = prng.chance(0.5) ? 100 : 0;
  config.workload.clients = static_cast<std::uint32_t>(prng.between(1, 5));
  config.workload.ops = static_cast<std::uint32_t>(prng.between(5, 80));
  config.workload.keys = static_cast<std::uint32_t>(prng.between(1, 4));
  config.workload.mix = {2, 2, static_cast<std::uint32_t>(prng.below(2))};
  config.workload.client_timeout_us = 100'000;
  return config;
}

FaultSchedule random_schedule(const SimConfig& config, Prng& prng) {
  NemesisOptions options;
  const auto kinds = nemesis_kinds();
  for (const std::string_view kind : kinds)
    if (prng.chance(0.5)) options.kinds.emplace_back(kind);
  options.node_count = static_cast<int>(config.store.node_count);
  options.duration_us = 300'000;
  options.mean_interval_us = 40'000;
  options.quiescence_us = 200'000;
  EXPECT_TRUE(validate(options).is_ok());
  return generate_fault_schedule(options, prng);
}

TEST(Determinism, TwoHundredRandomRunsRepeatByteForByte) {
  Prng prng(20240601);
  std::uint64_t events = 0, infos = 0, faults = 0;
  for (int run = 0; run < 200; ++run) {
    const SimConfig config = random_config(prng);
    ASSERT_TRUE(validate(config).is_ok()) << validate(config).message();
    const FaultSchedule schedule = random_schedule(config, prng);
    ASSERT_TRUE(validate(schedule, static_cast<int>(config.store.node_count)).is_ok());
    const RunResult first = run_simulation(config, schedule);
    const RunResult second = run_simulation(config, schedule);
    const std::string first_jsonl = to_jsonl(first.history);
    ASSERT_EQ(first_jsonl, to_jsonl(second.history))
        << "run " << run << " differs; config:\n" << to_json(config);
    ASSERT_TRUE(validate(first.history).is_ok()) << "run " << run;
    EXPECT_EQ(first.stats.events_processed, second.stats.events_processed);
    EXPECT_EQ(first.stats.end_time_us, second.stats.end_time_us);
    EXPECT_EQ(first.durable_logs, second.durable_logs);
    events += first.stats.events_processed;
    infos += first.stats.ops_info;
    faults += schedule.events.size();
  }
  // The runs were not trivial: faults happened and some ops ended unknown.
  EXPECT_GT(faults, 200u);
  EXPECT_GT(infos, 0u);
  EXPECT_GT(events, 80'000u);
}

TEST(Determinism, DifferentSeedsGiveDifferentHistories) {
  SimConfig config;
  config.workload.ops = 50;
  const FaultSchedule none;
  const std::string a = to_jsonl(run_simulation(config, none).history);
  config.seed = 2;
  EXPECT_NE(a, to_jsonl(run_simulation(config, none).history));
}

}  // namespace
}  // namespace qc
