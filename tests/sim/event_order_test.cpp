// Events run in (time, sequence) order; ties go to the earlier-scheduled event; the
// strategy sees the enabled set sorted and its choice is what runs.
#include <gtest/gtest.h>

#include "histories/jsonl.h"
#include "history_helpers.h"
#include "sim/event_queue.h"
#include "sim/simulator.h"

namespace qc {
namespace {

PendingEvent at(std::int64_t time_us, std::uint32_t tag) {
  PendingEvent event;
  event.time_us = time_us;
  event.slot = tag;
  return event;
}

std::vector<std::uint32_t> drain(EventQueue& queue) {
  std::vector<std::uint32_t> order;
  while (!queue.empty()) order.push_back(queue.take_earliest().slot);
  return order;
}

TEST(EventOrder, ByTimeThenBySchedulingOrder) {
  EventQueue queue;
  for (const auto& [time_us, tag] : std::vector<std::pair<int, std::uint32_t>>{
           {5, 0}, {3, 1}, {5, 2}, {3, 3}, {1, 4}, {5, 5}, {3, 6}})
    queue.push(at(time_us, tag));
  EXPECT_EQ(drain(queue), (std::vector<std::uint32_t>{4, 1, 3, 6, 0, 2, 5}));
}

TEST(EventOrder, ManyTiesKeepSchedulingOrder) {
  EventQueue queue;
  for (std::uint32_t i = 0; i < 1'000; ++i) queue.push(at(i % 2 == 0 ? 7 : 9, i));
  const std::vector<std::uint32_t> order = drain(queue);
  for (std::size_t i = 1; i < 500; ++i) EXPECT_LT(order[i - 1], order[i]);
  EXPECT_EQ(order[499] % 2, 0u);
  EXPECT_EQ(order[500], 1u);
}

TEST(EventOrder, WindowTakesSortedAndReinsertKeepsSequence) {
  EventQueue queue;
  queue.push(at(10, 0));
  queue.push(at(30, 1));
  queue.push(at(10, 2));
  queue.push(at(21, 3));
  queue.push(at(20, 4));
  std::vector<PendingEvent> window = queue.take_window(10, 100);
  ASSERT_EQ(window.size(), 3u);  // times 10, 10 and 20 lie within 10 of 10; 21 and 30 not
  EXPECT_EQ(window[0].slot, 0u);
  EXPECT_EQ(window[1].slot, 2u);
  EXPECT_EQ(window[2].slot, 4u);
  for (const PendingEvent& event : window) queue.reinsert(event);
  EXPECT_EQ(drain(queue), (std::vector<std::uint32_t>{0, 2, 4, 3, 1}));
}

// Picks the last enabled event within its window, and checks what it is offered.
class LastInWindow final : public Strategy {
 public:
  explicit LastInWindow(std::int64_t window_us) : window_us_(window_us) {}
  std::int64_t window_us() const override { return window_us_; }
  std::size_t pick(const std::vector<EnabledEvent>& enabled, std::int64_t now_us) override {
    EXPECT_FALSE(enabled.empty());
    for (std::size_t i = 1; i < enabled.size(); ++i) {
      const bool sorted = enabled[i - 1].time_us < enabled[i].time_us ||
                          (enabled[i - 1].time_us == enabled[i].time_us &&
                           enabled[i - 1].sequence < enabled[i].sequence);
      EXPECT_TRUE(sorted);
    }
    EXPECT_LE(enabled.back().time_us - enabled.front().time_us, window_us_);
    for (const EnabledEvent& e : enabled)
      if (e.kind == SimEventKind::deliver_message) {
        EXPECT_TRUE(e.message_class.has_value() && e.from.has_value() && e.node.has_value());
      }
    (void)now_us;
    ++picks;
    if (enabled.size() > 1) ++real_choices;
    return enabled.size() - 1;
  }
  std::uint64_t picks = 0;
  std::uint64_t real_choices = 0;

 private:
  std::int64_t window_us_;
};

std::string run_with(const SimConfig& config, Strategy* strategy) {
  FaultSchedule schedule;
  Simulator simulator(config, schedule, strategy);
  simulator.run();
  return to_jsonl(simulator.finish().history);
}

TEST(EventOrder, ZeroWindowStrategyMatchesTheDefault) {
  // With constant latencies many events tie: the general path must order them as the
  // fast path does (earliest first, by sequence).
  SimConfig config = test::small_config(3);
  for (auto& latency : config.network.latency_by_class) latency = LatencyDistribution::constant(400);
  LastInWindow zero(0);
  class Earliest final : public Strategy {
   public:
    std::int64_t window_us() const override { return 0; }
    std::size_t pick(const std::vector<EnabledEvent>&, std::int64_t) override { return 0; }
  } earliest;
  EXPECT_EQ(run_with(config, nullptr), run_with(config, &earliest));
  // Picking the last among ties is a real choice, and a deterministic one.
  const std::string last = run_with(config, &zero);
  EXPECT_GT(zero.real_choices, 0u);
  LastInWindow again(0);
  EXPECT_EQ(last, run_with(config, &again));
}

TEST(EventOrder, WindowedStrategyReordersAndStillEnds) {
  SimConfig config = test::small_config(4);
  LastInWindow strategy(2'000);
  const std::string reordered = run_with(config, &strategy);
  EXPECT_GT(strategy.real_choices, 100u);
  EXPECT_TRUE(reordered != run_with(config, nullptr));
  EXPECT_NE(reordered.find("\"type\":\"ok\""), std::string::npos);
}

}  // namespace
}  // namespace qc
