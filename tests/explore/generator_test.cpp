// The case generator: every case it draws, and every shrink of one, is a valid run.
#include <gtest/gtest.h>

#include "explore/case.h"
#include "explore_helpers.h"
#include "faults/nemesis.h"
#include "sim/fault_impact.h"

namespace qc {
namespace {

std::string problem_with(const Case& c) {
  if (Status s = validate(c.config); !s.is_ok()) return "config: " + s.message();
  if (Status s = validate(c.faults, static_cast<int>(c.config.store.node_count)); !s.is_ok())
    return "faults: " + s.message();
  if (Status s = validate(c.workload); !s.is_ok()) return "workload: " + s.message();
  for (const FaultEvent& event : c.faults.events)
    if (event.at_op >= static_cast<std::int64_t>(op_count(c.workload))) return "a fault placed after the last op";
  return "";
}

CaseSpace all_faults_space(std::uint32_t nodes) {
  CaseSpace space = test::inversion_space();
  space.base.store.node_count = nodes;
  space.nemesis.assign(nemesis_kinds().begin(), nemesis_kinds().end());
  space.fault_episodes_max = 8;
  return space;
}

TEST(CaseGenerator, EveryDrawnCaseAndItsShrinksAreValid) {
  for (const std::uint32_t nodes : {3u, 5u}) {
    const CaseSpace space = all_faults_space(nodes);
    ASSERT_TRUE(validate(space).is_ok());
    const auto generator = case_generator(space);
    for (std::uint64_t i = 0; i < 300; ++i) {
      const auto drawn = generator(rc::Random(i + 1), static_cast<int>(i % 101));
      ASSERT_EQ(problem_with(drawn.value()), "") << "case " << i;
      if (i % 10 != 0) continue;  // and the first shrinks of every tenth case
      auto shrinks = drawn.shrinks();
      for (int n = 0; n < 50; ++n) {
        auto next = shrinks.next();
        if (!next) break;
        ASSERT_EQ(problem_with(next->value()), "") << "case " << i << ", shrink " << n;
      }
    }
  }
}

TEST(CaseGenerator, DrawsEveryNemesisKindWorkloadsInRangeAndFixesTheStore) {
  const CaseSpace space = all_faults_space(5);
  const auto generator = case_generator(space);
  std::set<std::string> kinds;
  for (std::uint64_t i = 0; i < 200; ++i) {
    const Case c = generator(rc::Random(i + 7), 100).value();
    EXPECT_EQ(c.config.store.node_count, 5u);
    EXPECT_EQ(c.config.store.read_repair, ReadRepair::async);
    EXPECT_GE(c.config.workload.clients, 1u);
    EXPECT_LE(c.config.workload.clients, 4u);
    EXPECT_LE(c.config.workload.ops, 20u);
    EXPECT_EQ(c.config.workload.ops, op_count(c.workload));
    EXPECT_EQ(c.config.workload.clients, c.workload.clients.size());
    for (const FaultEvent& event : c.faults.events)
      if (!is_recovery(event.kind)) kinds.insert(to_string(event.kind));
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"clock-bump", "clock-strobe", "crash", "delay-burst", "loss-burst",
                                          "partition", "pause"}));
}

TEST(CaseGenerator, SameRandomAndSizeGiveTheSameCase) {
  const auto generator = case_generator(all_faults_space(3));
  const Case a = generator(rc::Random(42), 60).value();
  const Case b = generator(rc::Random(42), 60).value();
  EXPECT_EQ(a.faults, b.faults);
  EXPECT_EQ(a.workload, b.workload);
  EXPECT_EQ(a.config.workload, b.config.workload);
  EXPECT_EQ(a.config.seed, b.config.seed);
}

TEST(CaseGenerator, RejectsBadSpacesWithTheField) {
  CaseSpace space = test::inversion_space();
  space.ops = {5, 2};
  EXPECT_NE(validate(space).message().find("ops is 5..2"), std::string::npos) << validate(space).message();
  space = test::inversion_space();
  space.nemesis = {"meteor"};
  EXPECT_NE(validate(space).message().find("unknown nemesis kind meteor"), std::string::npos);
  space = test::inversion_space();
  space.base.store.read_quorum = 7;
  EXPECT_EQ(validate(space).kind(), ErrorKind::usage);
}

}  // namespace
}  // namespace qc
