#include "explore/case.h"

#include <algorithm>
#include <map>

#include "common/assert.h"
#include "faults/nemesis.h"
#include "impl/ring.h"

namespace qc {
namespace {

Status usage(const std::string& message) { return Status::error(ErrorKind::usage, message); }

Status validate_range(const char* name, CountRange range, std::uint32_t least) {
  if (range.min < least || range.min > range.max)
    return usage(std::string(name) + " is " + std::to_string(range.min) + ".." + std::to_string(range.max) +
                 "; expected " + std::to_string(least) + " <= min <= max");
  return Status::ok();
}

// One op as drawn: which client issues it, what and on which key. `id` is its position
// when drawn; shrinking keeps it, so the op keeps its timing stream and its value.
struct DrawnOp {
  std::uint32_t client = 0;
  std::uint32_t kind = 0;  // WorkloadOpKind
  std::uint32_t key = 0;
  std::uint32_t id = 0;
};

std::uint32_t draw_in(CountRange range, Prng& prng) {
  return range.min + static_cast<std::uint32_t>(prng.below(std::uint64_t{range.max} - range.min + 1));
}

std::vector<DrawnOp> draw_ops(const CaseSpace& space, Prng& prng) {
  const std::uint32_t clients = draw_in(space.clients, prng);
  const std::uint32_t keys = draw_in(space.keys, prng);
  OpWeights weights{draw_in(space.read_weight, prng), draw_in(space.write_weight, prng),
                    draw_in(space.delete_weight, prng)};
  if (std::uint64_t{weights.read} + weights.write + weights.del == 0) weights.write = 1;
  const std::uint64_t total = std::uint64_t{weights.read} + weights.write + weights.del;
  std::vector<DrawnOp> ops(draw_in(space.ops, prng));
  for (std::uint32_t i = 0; i < ops.size(); ++i) {
    const std::uint64_t point = prng.below(total);
    const std::uint32_t kind = point < weights.read ? 0 : point < std::uint64_t{weights.read} + weights.write ? 1 : 2;
    ops[i] = DrawnOp{static_cast<std::uint32_t>(prng.below(clients)), kind,
                     static_cast<std::uint32_t>(prng.below(keys)), i};
  }
  return ops;
}

rc::Seq<DrawnOp> shrink_op(const DrawnOp& op) {
  auto with = [op](auto field, std::uint32_t value) {
    DrawnOp shrunk = op;
    shrunk.*field = value;
    return shrunk;
  };
  return rc::seq::concat(
      rc::seq::map(rc::shrink::towards<std::uint32_t>(op.client, 0), [=](std::uint32_t v) { return with(&DrawnOp::client, v); }),
      rc::seq::map(rc::shrink::towards<std::uint32_t>(op.key, 0), [=](std::uint32_t v) { return with(&DrawnOp::key, v); }),
      rc::seq::map(rc::shrink::towards<std::uint32_t>(op.kind, 0), [=](std::uint32_t v) { return with(&DrawnOp::kind, v); }));
}

// The ops of a case, drawn from the space's ranges; shrinks drop ops (chunks first,
// then one at a time), then move an op to a lower client, a lower key, or make it a read.
rc::Gen<std::vector<DrawnOp>> ops_generator(const CaseSpace& space) {
  return [space](const rc::Random& random, int) {
    rc::Random own = random;
    Prng prng(own.next());
    return rc::shrinkable::shrinkRecur(draw_ops(space, prng), [](const std::vector<DrawnOp>& ops) {
      // Never to no op at all: a case without a client has nothing to check.
      return rc::seq::filter(rc::seq::concat(rc::shrink::removeChunks(ops), rc::shrink::eachElement(ops, &shrink_op)),
                             [](const std::vector<DrawnOp>& shrunk) { return !shrunk.empty(); });
    });
  };
}

// Groups the ops by client in drawn order; clients left with no op are dropped.
Workload workload_of(const std::vector<DrawnOp>& ops) {
  std::map<std::uint32_t, std::vector<WorkloadOp>> by_client;
  for (const DrawnOp& drawn : ops) {
    WorkloadOp op;
    op.id = drawn.id;
    op.kind = static_cast<WorkloadOpKind>(drawn.kind);
    op.key = workload_key(drawn.key);
    if (op.kind == WorkloadOpKind::write) op.value = write_value(drawn.id);
    by_client[drawn.client].push_back(std::move(op));
  }
  Workload workload;
  for (auto& [client, list] : by_client) workload.clients.push_back(std::move(list));
  return workload;
}

rc::Gen<FaultEpisode> fault_episode_generator(std::uint32_t kind_count, std::uint32_t node_count) {
  QC_ASSERT(kind_count > 0 && node_count >= 1 && node_count <= 31);
  // Drawn uniformly whatever the case's size (rc's inRange would otherwise draw only the
  // first kind and node 0 in small cases); shrinking still moves each field toward its low end.
  const auto uniform = [](std::uint32_t low, std::uint32_t end) {
    return rc::gen::resize(100, rc::gen::inRange<std::uint32_t>(low, end));
  };
  return rc::gen::apply(
      [](std::uint32_t kind, std::uint32_t start, std::uint32_t length, std::uint32_t mask,
         std::uint32_t magnitude, bool variant) {
        return FaultEpisode{kind, start, length, mask, magnitude, variant};
      },
      uniform(0, kind_count), uniform(0, kPermilleEnd), uniform(1, kPermilleEnd + 1),
      uniform(1, node_mask_end(node_count)), uniform(0, kPermilleEnd),
      rc::gen::resize(100, rc::gen::arbitrary<bool>()));
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

// The shape fields of the config say what the workload is, for readers of config.json.
void describe_workload(const Workload& workload, WorkloadConfig& config) {
  config.clients = static_cast<std::uint32_t>(workload.clients.size());
  config.ops = static_cast<std::uint32_t>(op_count(workload));
  config.keys = static_cast<std::uint32_t>(keys_of(workload).size());
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
  if (space.ops.max > 1'000'000) return usage("ops max is " + std::to_string(space.ops.max) + "; expected <= 1000000");
  if (space.quiescence_us < 0) return usage("quiescence_us is negative; expected >= 0");
  for (const std::string& kind : space.nemesis)
    if (std::find(nemesis_kinds().begin(), nemesis_kinds().end(), kind) == nemesis_kinds().end())
      return usage("unknown nemesis kind " + kind + "; expected partition, crash, pause, clock, loss or delay");
  return Status::ok();
}

rc::Gen<Case> case_generator(const CaseSpace& space) {
  return rc::gen::apply(
      [space](const std::vector<DrawnOp>& ops, const std::vector<FaultEpisode>& episodes, std::uint64_t seed) {
        Case drawn;
        drawn.config = space.base;
        drawn.config.seed = seed;
        drawn.workload = workload_of(ops);
        describe_workload(drawn.workload, drawn.config.workload);
        const int node_count = static_cast<int>(drawn.config.store.node_count);
        const std::size_t ops_total = op_count(drawn.workload);
        drawn.faults.quiescence_us = quiet_period_us(space.quiescence_us, drawn.config.store);
        if (ops_total > 0)
          drawn.faults = schedule_from_episodes(episodes, space.nemesis, node_count, ops_total,
                                                drawn.faults.quiescence_us,
                                                static_cast<std::uint32_t>(drawn.workload.clients.size()),
                                                nodes_by_involvement(drawn.config.store, drawn.workload));
        return drawn;
      },
      ops_generator(space), episodes_generator(space),
      rc::gen::noShrink(rc::gen::resize(100, rc::gen::arbitrary<std::uint64_t>())));
}

// Each anti-entropy round a node syncs with one peer, in turn: the quiet period lets
// every node take a round with each of its peers, and one more, before convergence is
// judged. A shorter one would call slow repair a failure to converge.
std::int64_t quiet_period_us(std::int64_t requested_us, const Config& store) {
  if (!store.anti_entropy) return requested_us;
  return std::max<std::int64_t>(requested_us, (store.node_count + 1) * store.anti_entropy_interval_us);
}

std::vector<int> nodes_by_involvement(const Config& store, const Workload& workload) {
  const Ring& ring = *cluster_ring(store.node_count, store.virtual_nodes_per_node);
  std::vector<int> keys_held(store.node_count, 0);
  for (const std::string& key : keys_of(workload))
    for (NodeId replica : ring.preference_list(key, store.replication_factor)) ++keys_held[replica];
  std::vector<int> order(store.node_count);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return keys_held[a] > keys_held[b]; });
  return order;
}

RunResult run_case(const Case& test_case) {
  return run_case_while(test_case, [] { return true; }).value();
}

std::optional<RunResult> run_case_while(const Case& test_case, const std::function<bool()>& keep_going) {
  Simulator simulator(test_case.config, test_case.workload, test_case.faults);
  for (std::uint64_t steps = 1; simulator.step(); ++steps)
    if ((steps & 4095) == 0 && !keep_going()) return std::nullopt;
  RunResult result = simulator.finish();
  for (Event& event : result.history.events) event.line = event.index + 1;
  return result;
}

RunResult run_case_for_history(const Case& test_case) {
  Simulator simulator(test_case.config, test_case.workload, test_case.faults);
  while (!simulator.history_final() && simulator.step()) {}
  if (simulator.history_final()) simulator.end_now();
  RunResult result = simulator.finish();
  for (Event& event : result.history.events) event.line = event.index + 1;
  return result;
}

std::size_t count_invoked_ops(const History& history) {
  return static_cast<std::size_t>(std::count_if(history.events.begin(), history.events.end(), [](const Event& e) {
    return !e.is_nemesis() && e.type == EventType::invoke;
  }));
}

}  // namespace qc
