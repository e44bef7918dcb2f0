#pragma once
// One node of the leader-based store: Raft (Ongaro and Ousterhout, 2014) as a pure state
// machine under the StoreNode contract (impl/store_node.h, impl/node.h). Written to be
// read in an evening; the options are in impl/config.h (LeaderOptions).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "impl/config.h"
#include "impl/store_node.h"

namespace qc {

class LeaderNode final : public StoreNode {
 public:
  // `config` must pass validate() with store = leader; id < config.node_count. `seed`
  // draws the randomized election timeouts.
  LeaderNode(Config config, NodeId id, std::uint64_t seed);
  std::unique_ptr<StoreNode> clone() const override;
  ~LeaderNode() override;
  LeaderNode(const LeaderNode& other);
  LeaderNode& operator=(const LeaderNode&) = delete;

  Outputs start(Clock clock) override;
  Outputs restart(Clock clock, const std::vector<DurableRecord>& durable_log,
                  std::uint64_t incarnation) override;
  Outputs on_client_request(Clock clock, const ClientRequest& request) override;
  Outputs on_message(Clock clock, const Envelope& envelope) override;
  Outputs on_timer(Clock clock, TimerId timer) override;
  Outputs on_peer_status(Clock clock, NodeId peer, bool up) override;
  void recycle(Outputs&& spent) override;

  NodeId id() const override;
  const Config& config() const override;
  std::optional<Version> version_of(const std::string& key) const override;
  std::size_t pending_requests() const override;
  std::size_t unflushed_records() const override;
  const AntiEntropyStats& anti_entropy_stats() const override;
  std::uint64_t fingerprint() const override;
  SplitFingerprint split_fingerprint() const override;
  bool timer_matters(TimerId timer) const override;
  bool ignores_for_good(const Message& message) const override;
  bool sent_moot_request(const Message& message) const override;

  // Inspection, for tests and the simulator's downtime probes.
  enum class Role : std::uint8_t { follower, candidate, leader };
  Role role() const;
  std::uint64_t term() const;
  std::uint64_t commit_index() const;
  std::uint64_t last_log_index() const;
  std::optional<NodeId> voted_for() const;    // in term()
  std::optional<NodeId> known_leader() const; // of term(), once heard from (itself when leader)
  const std::vector<LogEntry>& log() const;   // log()[i] holds index i + 1

  struct State;  // impl/leader/leader_state.h; named here so its files can use it

 private:
  std::uint64_t fingerprint_through(std::vector<std::int64_t>* set_aside) const;
  std::unique_ptr<State> state_;
};

}  // namespace qc
