// Whatever order messages arrive in and whichever are lost, once the network heals,
// anti-entropy brings every replica to the same versions: the LWW merge does not care
// about order, and the Merkle exchange finds every difference.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "pump.h"

namespace qc::test {
namespace {

constexpr std::int64_t kIntervalUs = 1'000'000;

struct Step {
  int kind;  // 0: a client write, 1: deliver a message, 2: drop a message, 3: time passes
  NodeId node;
  int key;
  int value;
  std::size_t message;  // taken modulo the number in flight
};

rc::Gen<Step> steps() {
  return rc::gen::build<Step>(
      rc::gen::set(&Step::kind, rc::gen::inRange(0, 4)),
      rc::gen::set(&Step::node, rc::gen::inRange<NodeId>(0, 4)),
      rc::gen::set(&Step::key, rc::gen::inRange(0, 6)),
      rc::gen::set(&Step::value, rc::gen::inRange(0, 1000)),
      rc::gen::set(&Step::message, rc::gen::inRange<std::size_t>(0, 1000)));
}

void apply(Cluster& cluster, const Step& step) {
  const std::size_t in_flight = cluster.in_flight().size();
  switch (step.kind) {
    case 0: {
      const ClientOp op = step.value % 5 == 0 ? ClientOp::del : ClientOp::put;
      cluster.submit(step.node, op, "key-" + std::to_string(step.key),
                     "value-" + std::to_string(step.value));
      break;
    }
    case 1:
      if (in_flight > 0) cluster.deliver_at(step.message % in_flight);
      break;
    case 2:
      if (in_flight > 0) {
        std::size_t seen = 0;
        cluster.drop_all([&](const Envelope&) { return seen++ == step.message % in_flight; });
      }
      break;
    default:
      cluster.advance_to(cluster.now_us() + 1'000);
  }
}

RC_GTEST_PROP(ConvergenceTest, AntiEntropyConvergesAfterAnyDeliveryOrder, ()) {
  Config config;
  config.node_count = 4;
  config.replication_factor = 3;
  config.anti_entropy_interval_us = kIntervalUs;
  config.read_repair = *rc::gen::element(ReadRepair::none, ReadRepair::async,
                                         ReadRepair::blocking);
  Cluster cluster(config);
  for (const Step& step : *rc::gen::container<std::vector<Step>>(steps())) apply(cluster, step);
  cluster.run_until(cluster.now_us() + 8 * kIntervalUs, kIntervalUs / 2);  // healed
  const Ring& ring = cluster.node(0).ring();
  for (int key = 0; key < 6; ++key) {
    const std::string name = "key-" + std::to_string(key);
    const auto replicas = ring.preference_list(name, 3);
    for (const NodeId replica : replicas)
      RC_ASSERT(cluster.node(replica).version_of(name) ==
                cluster.node(replicas[0]).version_of(name));
  }
}

}  // namespace
}  // namespace qc::test
