// Same config + schedule + seed => byte-identical history, over 200 random
// configurations (cluster shape, quorums, read repair, fault episodes, loss).
#include <gtest/gtest.h>

#include <functional>

#include "faults/episodes.h"
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

// Up to six episodes of a random subset of the nemesis kinds, placed over the ops.
FaultSchedule random_schedule(const SimConfig& config, Prng& prng) {
  std::vector<std::string> kinds;
  for (const std::string_view kind : nemesis_kinds())
    if (prng.chance(0.5)) kinds.emplace_back(kind);
  if (kinds.empty()) return FaultSchedule{{}, 200'000};
  const std::uint32_t nodes = config.store.node_count;
  const auto count = static_cast<std::uint32_t>(prng.between(1, 6));
  const std::vector<FaultEpisode> episodes =
      draw_episodes(count, static_cast<std::uint32_t>(kinds.size()), nodes, prng);
  return schedule_from_episodes(episodes, kinds, static_cast<int>(nodes), config.workload.ops,
                                200'000, config.workload.clients);
}

TEST(Determinism, TwoHundredRandomRunsRepeatByteForByte) {
  Prng prng(20240601);
  std::uint64_t events = 0, infos = 0, faults = 0, fired = 0;
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
    ASSERT_EQ(first.fault_impacts.size(), second.fault_impacts.size());
    for (std::size_t i = 0; i < first.fault_impacts.size(); ++i) {
      EXPECT_EQ(first.fault_impacts[i].fired_at_us, second.fault_impacts[i].fired_at_us);
      EXPECT_EQ(first.fault_impacts[i].ops_touched, second.fault_impacts[i].ops_touched);
      fired += first.fault_impacts[i].fired;
    }
    events += first.stats.events_processed;
    infos += first.stats.ops_info;
    faults += schedule.events.size();
  }
  // The runs were not trivial: faults happened and some ops ended unknown.
  EXPECT_GT(faults, 200u);
  EXPECT_GT(fired, 200u);  // placed by op number, they fall while the clients run
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
