#pragma once
// A tiny driver for LeaderNode tests: N nodes, one event queue ordered by (time,
// sequence), message latencies drawn from qc::Prng, one-shot timers, crash and restart
// from the durable log, partitions and a drop filter. It does what the StoreNode
// contract asks (records persisted before the messages of the same Outputs leave) and
// watches one invariant after every event: at most one leader per term.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/prng.h"
#include "impl/leader/leader_node.h"

namespace qc::test {

class RaftCluster {
 public:
  RaftCluster(Config config, std::uint64_t seed);

  LeaderNode& node(NodeId id);
  bool is_running(NodeId id) const { return nodes_[id] != nullptr; }
  std::int64_t now_us() const { return now_us_; }
  const Config& config() const { return config_; }
  // The node's wall clock runs `skew_us` off the driver's time from now on.
  void set_skew(NodeId id, std::int64_t skew_us) { skew_us_[id] = skew_us; }

  // A client request reaches `node` now (after queued events of this instant); returns
  // its request id.
  std::uint64_t submit(NodeId node, ClientOp op, const std::string& key, const std::string& value = "");
  std::optional<ClientReply> reply_to(std::uint64_t request_id) const;

  // Processes events in time order until `to_us` (inclusive); then now_us() == to_us.
  void run_until(std::int64_t to_us);
  void run_for(std::int64_t duration_us) { run_until(now_us_ + duration_us); }
  // Processes events until `done` holds (checked after each one) or `limit_us` passes.
  bool run_until(const std::function<bool()>& done, std::int64_t limit_us);
  // Runs until the request is answered (or `limit_us` passes).
  std::optional<ClientReply> await(std::uint64_t request_id, std::int64_t limit_us);

  void crash(NodeId id);    // drops the node, its timers and its unflushed records
  void restart(NodeId id);  // a new LeaderNode from the durable log, next incarnation

  // Messages between `side` and the other nodes are lost until heal().
  void partition(const std::set<NodeId>& side) { side_ = side; }
  void heal() { side_.clear(); }
  // Messages for which this holds are lost (checked when sent); empty: none.
  void set_drop(std::function<bool(const Envelope&)> drop) { drop_ = std::move(drop); }

  // The running leader of the highest term, if any.
  std::optional<NodeId> leader() const;
  std::optional<NodeId> stable_leader(std::int64_t limit_us);  // runs until there is one
  // Every node seen leading each term, over the whole run.
  const std::map<std::uint64_t, std::set<NodeId>>& leaders_by_term() const { return leaders_by_term_; }
  const std::vector<DurableRecord>& durable(NodeId id) const { return durable_[id]; }
  // A hash of every output so far (messages, replies, records, timers), in order.
  std::uint64_t trace_hash() const { return trace_hash_; }

 private:
  struct Event {
    enum class Kind : std::uint8_t { message, timer, client } kind = Kind::message;
    NodeId node = 0;
    std::uint64_t incarnation = 0;  // timers: the one that set them
    Envelope envelope;
    TimerId timer;
    ClientRequest request;
  };
  void schedule(std::int64_t at_us, Event event);
  void step();  // the earliest event
  void absorb(NodeId id, Outputs outputs);
  bool cut(NodeId a, NodeId b) const { return side_.count(a) != side_.count(b) && !side_.empty(); }
  Clock clock(NodeId id) const { return Clock{now_us_, now_us_ + skew_us_[id]}; }
  void observe_leaders();

  Config config_;
  std::uint64_t seed_;
  Prng latency_prng_;
  std::vector<std::unique_ptr<LeaderNode>> nodes_;
  std::vector<std::uint64_t> incarnation_;
  std::vector<std::int64_t> skew_us_;
  std::vector<std::vector<DurableRecord>> durable_;
  std::map<std::pair<std::int64_t, std::uint64_t>, Event> queue_;  // (time, sequence)
  std::uint64_t next_sequence_ = 0;
  std::int64_t now_us_ = 0;
  std::uint64_t next_request_id_ = 1;
  std::map<std::uint64_t, ClientReply> replies_;
  std::set<NodeId> side_;
  std::function<bool(const Envelope&)> drop_;
  std::map<std::uint64_t, std::set<NodeId>> leaders_by_term_;
  std::uint64_t trace_hash_ = 0;
};

// Three (or `nodes`) leader-based nodes with the default Raft timing.
Config leader_config(std::uint32_t nodes = 3);

}  // namespace qc::test
