// PBS's WARS model, checked end to end (Bailis et al., "Probabilistically Bounded
// Staleness for Practical Partial Quorums", VLDB 2012). With client-side routing every
// replica is reached through messages, so the probability that a read issued t after a
// write's acknowledgement is fresh must be what the WARS latencies alone predict. The
// prediction is an independent Monte Carlo written here (its own random numbers and
// samplers, nothing from sim/); the measurement is the staleness checker's, on the
// history the simulator recorded.
//
// The workload is a probe: in each round one writer writes a fresh key, and when the
// write is acknowledged, four readers read that key exactly t = 0, 1, 10 and 100 ms
// later. Rounds run in parallel lanes (different keys and clients: nothing is shared).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "checker/staleness.h"
#include "histories/history.h"
#include "sim/simulator.h"

namespace qc {
namespace {

constexpr std::array<std::int64_t, 4> kReadDelaysUs = {0, 1'000, 10'000, 100'000};
constexpr int kLanes = 8;
constexpr int kRoundsPerLane = 4'000;  // 32000 reads per delay: a binomial SE of <= 0.28 pt
constexpr int kMonteCarloTrials = 400'000;  // a standard error of <= 0.08 pt

// ---- The model, as the test describes it -----------------------------------------

// One mixture component: an exponential (mean, shifted by floor) or a Pareto (scale x_m,
// shape alpha), in microseconds.
struct Component {
  enum class Kind { exponential, pareto } kind;
  double weight;
  double mean_or_scale_us;
  double floor_or_shape;
};
using Mixture = std::vector<Component>;

Component exponential(double weight, double mean_us, double floor_us = 0) {
  return {Component::Kind::exponential, weight, mean_us, floor_us};
}
Component pareto(double weight, double scale_us, double shape) {
  return {Component::Kind::pareto, weight, scale_us, shape};
}

struct Wars {
  Mixture write_request, write_ack, read_request, read_response;
  Mixture storage_write, storage_read;  // a replica's apply and read times
};

// ---- The independent Monte Carlo -------------------------------------------------

class MonteCarloRandom {  // splitmix64: small, and nothing like the simulator's Prng
 public:
  explicit MonteCarloRandom(std::uint64_t seed) : state_(seed) {}
  double open_unit() {  // in (0, 1)
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (static_cast<double>(z >> 11) + 0.5) / 9007199254740992.0;
  }

 private:
  std::uint64_t state_;
};

double draw_us(const Mixture& mixture, MonteCarloRandom& random) {
  if (mixture.empty()) return 0;
  double total = 0;
  for (const Component& c : mixture) total += c.weight;
  double pick = random.open_unit() * total;
  const Component* chosen = &mixture.back();
  for (const Component& c : mixture) {
    if (pick < c.weight) {
      chosen = &c;
      break;
    }
    pick -= c.weight;
  }
  const double u = random.open_unit();
  if (chosen->kind == Component::Kind::exponential)
    return chosen->floor_or_shape - chosen->mean_or_scale_us * std::log(u);
  return chosen->mean_or_scale_us * std::pow(u, -1.0 / chosen->floor_or_shape);
}

// N = 3, W = 1, R = 1, the client talking to every replica: the write commits at the
// first ack; the read, sent t later, returns the first response, which is fresh when
// that replica had applied the write by the time it served the read.
double monte_carlo_fresh(const Wars& m, double t_us, std::uint64_t seed) {
  MonteCarloRandom random(seed);
  int fresh = 0;
  for (int trial = 0; trial < kMonteCarloTrials; ++trial) {
    std::array<double, 3> applied_us{};
    double commit_us = std::numeric_limits<double>::infinity();
    for (double& applied : applied_us) {
      applied = draw_us(m.write_request, random) + draw_us(m.storage_write, random);
      commit_us = std::min(commit_us, applied + draw_us(m.write_ack, random));
    }
    double first_response_us = std::numeric_limits<double>::infinity();
    bool first_is_fresh = false;
    for (const double applied : applied_us) {
      const double served_us = commit_us + t_us + draw_us(m.read_request, random) + draw_us(m.storage_read, random);
      const double response_us = served_us + draw_us(m.read_response, random);
      if (response_us < first_response_us) {
        first_response_us = response_us;
        first_is_fresh = applied <= served_us;
      }
    }
    fresh += first_is_fresh;
  }
  return static_cast<double>(fresh) / kMonteCarloTrials;
}

// ---- The simulator's measurement -------------------------------------------------

LatencyDistribution to_latency(const Mixture& mixture) {
  if (mixture.empty()) return LatencyDistribution::constant(0);
  std::vector<WeightedLatency> components;
  for (const Component& c : mixture) {
    components.push_back({c.weight, c.kind == Component::Kind::exponential
                                        ? LatencyDistribution::exponential(c.mean_or_scale_us, c.floor_or_shape)
                                        : LatencyDistribution::pareto(c.mean_or_scale_us, c.floor_or_shape)});
  }
  return LatencyDistribution::mixture(std::move(components));
}

SimConfig probe_config(const Wars& m, CoordinatorPlacement placement, std::uint64_t seed) {
  SimConfig config;
  config.seed = seed;
  config.store.node_count = 3;
  config.store.replication_factor = 3;
  config.store.read_quorum = 1;
  config.store.write_quorum = 1;
  config.store.read_repair = ReadRepair::none;  // reads must not fix what they measure
  config.store.anti_entropy = false;
  config.store.coordinator_placement = placement;
  config.store.request_timeout_us = 60'000'000;  // heavy tails must not end ops as info
  config.store.maintenance_interval_us = 600'000'000;  // its scans of every key cost, and do nothing here
  auto& latency = config.network.latency_by_class;
  latency[class_index(MessageClass::write_request)] = to_latency(m.write_request);
  latency[class_index(MessageClass::write_ack)] = to_latency(m.write_ack);
  latency[class_index(MessageClass::read_request)] = to_latency(m.read_request);
  latency[class_index(MessageClass::read_response)] = to_latency(m.read_response);
  config.storage.write_latency = to_latency(m.storage_write);
  config.storage.read_latency = to_latency(m.storage_read);
  config.workload.clients = 1;  // the probe's clients are scripted; this one issues nothing
  config.workload.ops = 0;
  config.workload.think_time = LatencyDistribution::constant(0);
  config.workload.client_timeout_us = 120'000'000;
  return config;
}

// One lane: a writer and one reader per delay, one round (key) at a time.
struct Lane {
  std::uint32_t writer = 0;
  std::array<std::uint32_t, kReadDelaysUs.size()> readers{};
  int round = 0;
  int reads_outstanding = 0;
};

class Probe {
 public:
  Probe(const SimConfig& config, FaultSchedule schedule) : simulator_(config, schedule) {
    for (Lane& lane : lanes_) {
      lane.writer = simulator_.add_scripted_client();
      role_[lane.writer] = {&lane, -1};
      for (std::size_t d = 0; d < kReadDelaysUs.size(); ++d) {
        lane.readers[d] = simulator_.add_scripted_client();
        role_[lane.readers[d]] = {&lane, static_cast<int>(d)};
      }
    }
  }

  // Runs every round, then the simulator to its end; the history.
  History run() {
    for (std::size_t i = 0; i < lanes_.size(); ++i) start_round(lanes_[i], static_cast<std::int64_t>(i) * 997);
    while (lanes_done_ < kLanes) {
      if (!simulator_.step()) {
        ADD_FAILURE() << "the simulation ended before the probe did: quiescence too short";
        break;
      }
      react_to_new_events();
    }
    simulator_.run();
    return simulator_.finish().history;
  }

 private:
  void start_round(Lane& lane, std::int64_t at_us) {
    const std::string key = "lane" + std::to_string(&lane - lanes_.data()) + "-" + std::to_string(lane.round);
    simulator_.submit(lane.writer, ClientRequest{0, ClientOp::put, key, "v-" + key}, at_us);
  }

  void react_to_new_events() {
    const std::vector<Event>& events = simulator_.history().events;
    for (; seen_ < events.size(); ++seen_) {
      const Event& event = events[seen_];
      if (event.type == EventType::invoke) continue;
      auto found = role_.find(event.process);
      if (event.type != EventType::ok || found == role_.end()) {
        ADD_FAILURE() << "the probe expects every op ok: " << event.f << " " << to_string(event.type) << " "
                      << event.error.value_or("");
        lanes_done_ = kLanes;
        return;
      }
      const auto [lane, delay] = found->second;
      if (delay < 0) read_after(*lane, *event.key, *event.time);
      else if (--lane->reads_outstanding == 0) next_round(*lane, *event.time);
    }
  }

  void read_after(Lane& lane, const std::string& key, std::int64_t acknowledged_us) {
    for (std::size_t d = 0; d < kReadDelaysUs.size(); ++d)
      simulator_.submit(lane.readers[d], ClientRequest{0, ClientOp::get, key, ""}, acknowledged_us + kReadDelaysUs[d]);
    lane.reads_outstanding = static_cast<int>(kReadDelaysUs.size());
  }

  void next_round(Lane& lane, std::int64_t now_us) {
    if (++lane.round == kRoundsPerLane) {
      ++lanes_done_;
      return;
    }
    start_round(lane, now_us);
  }

  Simulator simulator_;
  std::array<Lane, kLanes> lanes_{};
  std::map<std::int64_t, std::pair<Lane*, int>> role_;  // process -> lane, delay (-1: writer)
  std::size_t seen_ = 0;
  int lanes_done_ = 0;
};

struct Measured {
  std::array<double, kReadDelaysUs.size()> fresh{};
  std::array<std::size_t, kReadDelaysUs.size()> reads{};
};

// P(fresh) for reads that began exactly t after the last acknowledged write, from the
// staleness checker's t-visibility buckets [t, t + 1 us).
Measured measure(const Wars& m, CoordinatorPlacement placement, std::uint64_t seed) {
  FaultSchedule schedule;  // no faults; the quiet period outlasts every lane's rounds
  schedule.quiescence_us = 1'200'000'000;  // rounds take ~0.11 s each, ~250 s in all
  Probe probe(probe_config(m, placement, seed), schedule);
  const History history = probe.run();
  auto operations = pair_operations(history);
  EXPECT_TRUE(operations.is_ok());
  StalenessOptions options;
  options.thresholds_us.clear();
  for (const std::int64_t t_us : kReadDelaysUs) {
    options.thresholds_us.push_back(t_us);
    options.thresholds_us.push_back(t_us + 1);
  }
  const StalenessReport report = measure_staleness(operations.value(), options);
  Measured measured;
  for (std::size_t d = 0; d < kReadDelaysUs.size(); ++d) {
    const VisibilityPoint& bucket = report.visibility[2 * d];
    measured.reads[d] = bucket.reads;
    measured.fresh[d] = bucket.probability_fresh().value_or(-1);
  }
  return measured;
}

// Exponentials: slow write requests, fast acks and reads, a little storage time.
Wars exponential_model() {
  return Wars{{exponential(1, 4'000, 100)}, {exponential(1, 500, 50)}, {exponential(1, 500, 50)},
              {exponential(1, 500, 50)},    {exponential(1, 200)},      {exponential(1, 100)}};
}

// Pareto mixtures, after PBS's fits to LinkedIn's disk-backed Voldemort (a Pareto body
// and an exponential tail per class), scaled: slow writes, faster acks and reads.
Wars pareto_model() {
  return Wars{{pareto(0.7, 1'000, 3), exponential(0.3, 40'000, 1'000)},
              {pareto(0.9, 200, 4), exponential(0.1, 1'000)},
              {pareto(0.9, 200, 4), exponential(0.1, 1'000)},
              {pareto(0.9, 200, 4), exponential(0.1, 1'000)},
              {pareto(1, 300, 2.5)},
              {pareto(1, 100, 2.5)}};
}

void expect_matches_monte_carlo(const char* name, const Wars& model, std::uint64_t seed) {
  const Measured measured = measure(model, CoordinatorPlacement::client, seed);
  for (std::size_t d = 0; d < kReadDelaysUs.size(); ++d) {
    const double predicted = monte_carlo_fresh(model, static_cast<double>(kReadDelaysUs[d]), seed + d);
    std::printf("[ wars     ] %s t=%lld ms: measured P(fresh) %.4f over %zu reads, Monte Carlo %.4f\n", name,
                static_cast<long long>(kReadDelaysUs[d] / 1000), measured.fresh[d], measured.reads[d], predicted);
    EXPECT_EQ(measured.reads[d], static_cast<std::size_t>(kLanes * kRoundsPerLane)) << "every round reads at every t";
    EXPECT_NEAR(measured.fresh[d], predicted, 0.015) << name << " at t = " << kReadDelaysUs[d] << " us";
  }
}

TEST(WarsTest, ClientRoutingMatchesMonteCarloForExponentials) {
  expect_matches_monte_carlo("exponential", exponential_model(), 11);
  // Agreement is not trivial: right after the ack, reads are often stale.
  EXPECT_LE(monte_carlo_fresh(exponential_model(), 0, 99), 0.8);
}

TEST(WarsTest, ClientRoutingMatchesMonteCarloForParetoMixtures) {
  expect_matches_monte_carlo("pareto", pareto_model(), 12);
}

// The negative control: a coordinator that is a replica (Dynamo placement) writing and
// reading its own copy in zero time, with a free hop from the client, acknowledges the
// write the moment its own copy is in, and answers reads from its own copy at once: the
// WARS latencies stop deciding, and the figures miss the model.
TEST(WarsTest, ZeroLatencyCoordinatorPathMissesTheModel) {
  Wars model = exponential_model();
  model.storage_write.clear();
  model.storage_read.clear();
  const Measured measured = measure(model, CoordinatorPlacement::replica, 13);
  const double predicted = monte_carlo_fresh(model, 0, 13);
  std::printf("[ wars     ] zero-latency coordinator t=0: measured P(fresh) %.4f, Monte Carlo %.4f\n",
              measured.fresh[0], predicted);
  EXPECT_GT(std::fabs(measured.fresh[0] - predicted), 0.05);
}

}  // namespace
}  // namespace qc
