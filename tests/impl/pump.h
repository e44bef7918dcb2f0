#pragma once
// A tiny hand-driven cluster for tests: it keeps every in-flight message, timer, reply
// and durable record, and lets a test deliver, drop, crash and fire them in exactly the
// order it wants. It does what a driver must (persist records before delivering the
// messages of the same step) and nothing clever.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "impl/node.h"

namespace qc::test {

class Cluster {
 public:
  explicit Cluster(Config config);

  Node& node(NodeId id);
  bool is_running(NodeId id) const { return nodes_[id].has_value(); }
  std::int64_t now_us() const { return now_us_; }
  void set_skew(NodeId id, std::int64_t skew_us) { skew_us_[id] = skew_us; }

  // Inputs; their outputs are absorbed (messages go in flight, replies are kept).
  void submit(NodeId coordinator, ClientOp op, const std::string& key,
              const std::string& value = "");
  void peer_status(NodeId observer, NodeId peer, bool up);

  // In-flight messages, in the order they were sent.
  const std::vector<Envelope>& in_flight() const { return in_flight_; }
  std::size_t count_in_flight(const std::function<bool(const Envelope&)>& match) const;
  bool deliver_first(const std::function<bool(const Envelope&)>& match);
  void deliver_at(std::size_t index);  // in_flight()[index]
  void drop_all(const std::function<bool(const Envelope&)>& match);
  std::size_t deliver_all(std::size_t limit = 100'000);  // FIFO until none are left

  // Fires every timer due at or before `to_us`, in (time, node, timer) order.
  void advance_to(std::int64_t to_us);
  // advance_to in `step_us` steps, delivering all messages after each step.
  void run_until(std::int64_t to_us, std::int64_t step_us);

  void crash(NodeId id);    // drops the node, its timers and its unpersisted state
  void restart(NodeId id);  // from what it persisted

  const std::vector<ClientReply>& replies() const { return replies_; }
  std::optional<ClientReply> reply_to(std::uint64_t request_id) const;
  std::uint64_t last_request_id() const { return next_request_id_ - 1; }
  const std::vector<DurableRecord>& durable(NodeId id) const { return durable_[id]; }

  // Keys whose preference list does (or does not) contain `node`.
  std::string key_on(NodeId node, bool on, int skip = 0) const;

 private:
  Clock clock_for(NodeId id) const { return Clock{now_us_, now_us_ + skew_us_[id]}; }
  void absorb(NodeId id, Outputs outputs);
  Config config_;
  std::vector<std::optional<Node>> nodes_;
  std::vector<std::int64_t> skew_us_;
  std::vector<std::uint64_t> incarnation_;
  std::vector<std::vector<DurableRecord>> durable_;
  std::vector<Envelope> in_flight_;
  std::vector<ClientReply> replies_;
  std::set<std::tuple<std::int64_t, NodeId, TimerId>> timers_;
  std::int64_t now_us_ = 0;
  std::uint64_t next_request_id_ = 1;
};

inline auto to(NodeId node) {
  return [node](const Envelope& e) { return e.to == node; };
}
template <typename M>
auto is() {
  return [](const Envelope& e) { return std::holds_alternative<M>(e.message); };
}
template <typename M>
auto is_to(NodeId node) {
  return [node](const Envelope& e) { return e.to == node && std::holds_alternative<M>(e.message); };
}
inline auto from_to(NodeId from, NodeId to_node) {
  return [=](const Envelope& e) { return e.from == from && e.to == to_node; };
}

}  // namespace qc::test
