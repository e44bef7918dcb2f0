#pragma once
// RapidCheck generators of valid fault schedules, every kind and field included, for
// the JSON round trip. Values reach the edges: extreme clock deltas, probabilities with
// all 53 bits, bursts that end one op after they start, events sharing an op.
#include <rapidcheck.h>

#include <algorithm>
#include <set>

#include "faults/schedule.h"

namespace qc::testing {

constexpr int kGeneratedNodeCount = 9;

inline std::vector<int> distinct_nodes() {
  std::vector<int> nodes;
  for (int node = 0; node < kGeneratedNodeCount; ++node) {
    if (*rc::gen::inRange(0, 3) == 0) nodes.push_back(node);
  }
  if (nodes.empty()) nodes.push_back(*rc::gen::inRange(0, kGeneratedNodeCount));
  // Order is data too (the parser keeps it): reversed half the time.
  if (*rc::gen::arbitrary<bool>()) std::ranges::reverse(nodes);
  return nodes;
}

inline std::vector<Link> distinct_links() {
  std::set<Link> links;
  const int count = *rc::gen::inRange(0, 12);
  for (int i = 0; i < count; ++i) {
    const int from = *rc::gen::inRange(0, kGeneratedNodeCount);
    const int to = *rc::gen::inRange(0, kGeneratedNodeCount);
    if (from != to) links.emplace(from, to);
  }
  return {links.begin(), links.end()};
}

inline double probability() {
  const auto bits = *rc::gen::inRange<std::uint64_t>(0, (std::uint64_t{1} << 53) + 1);
  return *rc::gen::element(0.0, 1.0, 0.1 + 0.2, static_cast<double>(bits) * 0x1.0p-53);
}

// An op after at_op: the next one a third of the time, else up to a billion ops on.
inline std::int64_t until_op_after(std::int64_t at_op) {
  if (*rc::gen::inRange(0, 3) == 0) return at_op + 1;
  return at_op + *rc::gen::inRange<std::int64_t>(1, 1'000'000'000);
}

inline void fill_fields(FaultEvent& event) {
  switch (event.kind) {
    case FaultKind::partition:
      event.shape = *rc::gen::element<std::string>("", "halves", "isolate", "grudge");
      event.links = distinct_links();
      break;
    case FaultKind::heal: break;
    case FaultKind::crash:
      event.lose_volatile = *rc::gen::arbitrary<bool>();
      event.nodes = distinct_nodes();
      break;
    case FaultKind::restart:
    case FaultKind::pause:
    case FaultKind::resume: event.nodes = distinct_nodes(); break;
    case FaultKind::clock_bump:
      event.nodes = distinct_nodes();
      event.clock_delta_us = *rc::gen::arbitrary<std::int64_t>();
      break;
    case FaultKind::clock_strobe:
      event.nodes = distinct_nodes();
      event.clock_delta_us = *rc::gen::inRange<std::int64_t>(1, 1'000'000'000);
      event.period_us = *rc::gen::inRange<std::int64_t>(1, 1'000'000);
      event.until_op = until_op_after(event.at_op);
      break;
    case FaultKind::loss_burst:
      event.until_op = until_op_after(event.at_op);
      event.loss_probability = probability();
      event.links = distinct_links();
      break;
    case FaultKind::delay_burst:
      event.until_op = until_op_after(event.at_op);
      event.extra_delay_us = *rc::gen::inRange<std::int64_t>(1, 10'000'000);
      event.links = distinct_links();
      break;
  }
}

inline rc::Gen<FaultSchedule> valid_fault_schedule() {
  return rc::gen::exec([] {
    FaultSchedule schedule;
    schedule.quiescence_us = *rc::gen::inRange<std::int64_t>(0, 100'000'000);
    // Small op numbers as well as large ones, so that events often share an op.
    const std::int64_t last_op = *rc::gen::element<std::int64_t>(10, 1'000'000'000'000);
    std::vector<std::int64_t> ops = *rc::gen::container<std::vector<std::int64_t>>(
        rc::gen::inRange<std::int64_t>(0, last_op + 1));
    std::ranges::sort(ops);
    const auto kinds = all_fault_kinds();
    for (std::int64_t at_op : ops) {
      FaultEvent& event = schedule.events.emplace_back();
      event.at_op = at_op;
      event.kind = kinds[*rc::gen::inRange<std::size_t>(0, kinds.size())];
      fill_fields(event);
    }
    return schedule;
  });
}

}  // namespace qc::testing
