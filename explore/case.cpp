#include "explore/case.h"

#include <algorithm>
#include <set>

#include "common/assert.h"
#include "explore/fault_episodes.h"
#include "faults/nemesis.h"

namespace qc {
namespace {

Status usage(const std::string& message) { return Status::error(ErrorKind::usage, message); }

Status validate_range(const char* name, CountRange range, std::uint32_t least) {
  if (range.min < least || range.min > range.max)
    return usage(std::string(name) + " is " + std::to_string(range.min) + ".." + std::to_string(range.max) +
                 "; expected " + std::to_string(least) + " <= min <= max");
  return Status::ok();
}

rc::Gen<std::uint32_t> in(CountRange range) {
  return rc::gen::inRange<std::uint32_t>(range.min, range.max + 1);  // inRange's end is exclusive
}

// The clients' expected busy time (ops per client times think time and two round
// trips), times 1.5, plus 0.1 s; tripled under faults, since faults slow clients down.
// The fault window ends with the final heal, which also stops the clients.
std::int64_t fault_window_us(const SimConfig& config, bool with_faults) {
  const auto& latency = config.network.latency_by_class;
  const double round_trip_us =
      std::max(mean_us(latency[class_index(MessageClass::write_request)]) +
                   mean_us(latency[class_index(MessageClass::write_ack)]),
               mean_us(latency[class_index(MessageClass::read_request)]) +
                   mean_us(latency[class_index(MessageClass::read_response)]));
  const double per_op_us = mean_us(config.workload.think_time) + 2 * round_trip_us;
  const double ops_per_client = static_cast<double>(config.workload.ops) / config.workload.clients;
  const auto estimate_us = static_cast<std::int64_t>(ops_per_client * per_op_us * 1.5) + 100'000;
  return with_faults ? 3 * estimate_us : estimate_us;
}

struct DrawnWorkload {
  std::uint32_t clients, ops, keys;
  OperationMix mix;
};

rc::Gen<DrawnWorkload> workload_generator(const CaseSpace& space) {
  return rc::gen::apply(
      [](std::uint32_t clients, std::uint32_t ops, std::uint32_t keys, std::uint32_t read,
         std::uint32_t write, std::uint32_t del) {
        // A mix of all zeros is invalid: it falls back to writes only.
        if (read + write + del == 0) write = 1;
        return DrawnWorkload{clients, ops, keys, OperationMix{read, write, del}};
      },
      in(space.clients), in(space.ops), in(space.keys), in(space.read_weight), in(space.write_weight),
      in(space.delete_weight));
}

rc::Gen<std::vector<FaultEpisode>> episodes_generator(const CaseSpace& space) {
  if (space.nemesis.empty() || space.fault_episodes_max == 0)
    return rc::gen::just(std::vector<FaultEpisode>{});
  const auto max = static_cast<int>(space.fault_episodes_max);
  auto episode = fault_episode_generator(static_cast<std::uint32_t>(space.nemesis.size()),
                                         space.base.store.node_count);
  // The list's length grows with the size passed in, up to fault_episodes_max.
  return rc::gen::withSize([episode, max](int size) {
    return rc::gen::map(rc::gen::resize(std::max(1, max * size / 100), rc::gen::container<std::vector<FaultEpisode>>(episode)),
                        [max](std::vector<FaultEpisode> list) {
                          if (list.size() > static_cast<std::size_t>(max)) list.resize(max);
                          return list;
                        });
  });
}

}  // namespace

Status validate(const CaseSpace& space) {
  if (Status s = validate(space.base); !s.is_ok()) return s;
  if (space.base.store.node_count > 31)
    return usage("store.node_count is " + std::to_string(space.base.store.node_count) +
                 "; campaigns expect at most 31 nodes");
  const std::pair<const char*, CountRange> ranges[] = {
      {"clients", space.clients}, {"ops", space.ops}, {"keys", space.keys}};
  for (const auto& [name, range] : ranges)
    if (Status s = validate_range(name, range, 1); !s.is_ok()) return s;
  const std::pair<const char*, CountRange> weights[] = {
      {"read weight", space.read_weight}, {"write weight", space.write_weight},
      {"delete weight", space.delete_weight}};
  for (const auto& [name, range] : weights)
    if (Status s = validate_range(name, range, 0); !s.is_ok()) return s;
  if (space.clients.max > 10'000) return usage("clients max is " + std::to_string(space.clients.max) + "; expected <= 10000");
  if (space.quiescence_us < 0) return usage("quiescence_us is negative; expected >= 0");
  for (const std::string& kind : space.nemesis)
    if (std::find(nemesis_kinds().begin(), nemesis_kinds().end(), kind) == nemesis_kinds().end())
      return usage("unknown nemesis kind " + kind + "; expected partition, crash, pause, clock, loss or delay");
  return Status::ok();
}

rc::Gen<Case> case_generator(const CaseSpace& space) {
  return rc::gen::apply(
      [space](const DrawnWorkload& workload, const std::vector<FaultEpisode>& episodes, std::uint64_t seed) {
        Case drawn;
        drawn.config = space.base;
        drawn.config.workload.clients = workload.clients;
        drawn.config.workload.ops = workload.ops;
        drawn.config.workload.keys = workload.keys;
        drawn.config.workload.mix = workload.mix;
        drawn.config.seed = seed;
        const int node_count = static_cast<int>(drawn.config.store.node_count);
        const std::int64_t window_us = fault_window_us(drawn.config, !space.nemesis.empty());
        drawn.faults = schedule_from_episodes(episodes, space.nemesis, node_count, window_us,
                                              quiet_period_us(space.quiescence_us, drawn.config.store));
        return drawn;
      },
      workload_generator(space), episodes_generator(space),
      rc::gen::noShrink(rc::gen::resize(100, rc::gen::arbitrary<std::uint64_t>())));
}

// Each anti-entropy round a node syncs with one peer, in turn: the quiet period lets
// every node take a round with each of its peers, and one more, before convergence is
// judged. A shorter one would call slow repair a failure to converge.
std::int64_t quiet_period_us(std::int64_t requested_us, const Config& store) {
  if (!store.anti_entropy) return requested_us;
  return std::max<std::int64_t>(requested_us, (store.node_count + 1) * store.anti_entropy_interval_us);
}

RunResult run_case(const Case& test_case) {
  RunResult result = run_simulation(test_case.config, test_case.faults);
  for (Event& event : result.history.events) event.line = event.index + 1;
  return result;
}

std::size_t count_invoked_ops(const History& history) {
  return static_cast<std::size_t>(std::count_if(history.events.begin(), history.events.end(), [](const Event& e) {
    return !e.is_nemesis() && e.type == EventType::invoke;
  }));
}

std::vector<std::string> fault_kinds_used(const FaultSchedule& faults) {
  std::set<std::string> kinds;
  for (const FaultEvent& event : faults.events) {
    // Recoveries are not faults tried; the final heal ends every fault anyway.
    const bool recovery = event.kind == FaultKind::heal || event.kind == FaultKind::restart ||
                          event.kind == FaultKind::resume;
    if (!recovery) kinds.insert(to_string(event.kind));
  }
  return {kinds.begin(), kinds.end()};
}

}  // namespace qc
