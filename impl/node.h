#pragma once
// One storage node of the leaderless store, as a pure state machine (sans-IO, after
// etcd raft's RawNode and ngtcp2). It reads no clock, does no IO, starts no thread and
// draws no random number; the driver (simulator, explorer or TCP server) feeds it
// inputs and carries out the outputs.
//
// CONTRACT
// Inputs: each call below is one input; each carries a Clock (driver time now_us, and
//   this node's possibly skewed wall clock wall_us) and returns the Outputs it caused.
//   Calls on one node must not overlap; now_us must never decrease for a node.
// Outputs, and the driver's duties:
//   - records: append them, in order, to this node's durable log BEFORE sending any
//     message or reply of the same Outputs. Acks claim durability (in durable mode), so
//     a record must be on disk before the ack that promises it leaves.
//   - messages: deliver each to Envelope::to (or lose, delay, duplicate or reorder it:
//     the node tolerates all of that).
//   - messages to itself (to == from == id()): the node's own copy, when it coordinates
//     a key it replicates (its write, its read, a repair of itself). They never cross
//     the network: deliver them back through on_message once the local store has done
//     its part (the simulator after a drawn storage latency, a TCP driver from its
//     storage thread, or at once). They are lost only with the node: a crash or a
//     restart drops those still queued. Order among them is not promised.
//   - replies: hand each to the client that sent ClientRequest::request_id.
//   - timers: call on_timer(id) once now_us >= fire_at_us. Timers are one-shot; the
//     node re-arms its periodic ones. Stale timers are harmless.
// Lifecycle: construct, then call start() once. A crash is the driver discarding the
//   Node object together with its pending timers and any records not yet persisted; to
//   restart, construct a new Node and call restart() with the durable log and an
//   incarnation number larger than any before for this node id (it keeps the op ids in
//   replies to the old incarnation's requests from being mistaken for new ones).
//   Requests in flight at a crash get no reply: the driver records them as info.
// Peers: every peer is presumed up until on_peer_status says otherwise. The node never
//   infers a failure by itself (timeouts do not mark peers down); the driver reports
//   down/up, e.g. from its failure detector or the fault schedule. Down peers drive
//   sloppy quorums (write to a fallback with a hint), the "fail" fast path for strict
//   quorums, and hinted handoff (on "up", the hints for that peer are sent). A restarted
//   node presumes every peer up again; the driver repeats any "down" that still holds.
// Client-side routing (CoordinatorPlacement::client): a Node whose id is a client
//   router's (is_client_router) runs inside a client, as Voldemort's client library
//   does: it coordinates that client's requests by sending to every replica itself,
//   holds no data, is on no ring, persists nothing and sets no periodic timers (only
//   request timeouts). Its messages travel like any node's and replicas answer whoever
//   sent: Envelope::from may be a router id. Its Clock is the client's.
// Determinism: the same inputs give the same outputs, byte for byte; no decision depends
//   on unordered iteration or pointer values.
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "impl/config.h"
#include "impl/io.h"
#include "impl/messages.h"
#include "impl/ring.h"
#include "impl/store.h"
#include "impl/store_node.h"

namespace qc {

class Node final : public StoreNode {
 public:
  // `config` must pass validate() with store = leaderless; id < config.node_count, or a
  // client router's id.
  Node(Config config, NodeId id);
  std::unique_ptr<StoreNode> clone() const override { return std::make_unique<Node>(*this); }

  Outputs start(Clock clock) override;
  Outputs restart(Clock clock, const std::vector<DurableRecord>& durable_log,
                  std::uint64_t incarnation) override;
  Outputs on_client_request(Clock clock, const ClientRequest& request) override;
  Outputs on_message(Clock clock, const Envelope& envelope) override;  // envelope.to == id()
  Outputs on_timer(Clock clock, TimerId timer) override;
  Outputs on_peer_status(Clock clock, NodeId peer, bool up) override;
  // Optional: hands back an Outputs this node returned, once the driver has carried it
  // out, so that the next input fills its vectors again instead of allocating new
  // ones (what is still in it is dropped). Changes no behaviour.
  void recycle(Outputs&& spent) override;

  // Read-only inspection, for checkers and tests.
  NodeId id() const override { return id_; }
  const Config& config() const override { return config_; }
  const Ring& ring() const { return *ring_; }
  const Store& store() const { return store_; }
  std::optional<Version> version_of(const std::string& key) const override;  // own copy, no hints
  std::optional<std::uint64_t> merkle_root(RangeId range) const;   // if replicated here
  std::vector<RangeId> replicated_ranges() const { return store_.replicated_ranges(); }
  std::size_t pending_requests() const override { return pending_.size(); }
  std::size_t unflushed_records() const override { return unflushed_.size(); }
  const AntiEntropyStats& anti_entropy_stats() const override { return ae_stats_; }

  // A canonical hash of everything that decides this node's future behaviour, for an
  // explorer that skips system states it has seen (impl/fingerprint.h). Two nodes of the
  // same Config whose fingerprints are equal answer every future input alike (up to
  // 64-bit collisions). It covers the id, the store's entries and hints, which peers are
  // up, hint handoff backoff, pending requests in full, the next op id, unflushed
  // records and where the anti-entropy rounds stand in their cycle of peers. It leaves
  // out what decides nothing: the statistics, the last Clock (each input brings its
  // own), the Merkle trees (a function of the entries), what the Config fixes (ring,
  // shared ranges), and a pending op's read replies once its read phase is over (no
  // later phase reads them; the arrival order counts only for the planted first-reply
  // bug, and only its first entry). Time-stamped state counts: a backoff due at a
  // later now_us is a different state. Fingerprints of nodes of different Configs are
  // not comparable.
  std::uint64_t fingerprint() const override;
  SplitFingerprint split_fingerprint() const override;
  // False only for a request timeout whose op is no longer pending: firing it would do
  // nothing. Read-only, for drivers that want to skip stale timers; firing a stale timer
  // anyway stays harmless.
  bool timer_matters(TimerId timer) const override;
  // True for a reply this node would ignore now and at every later input: a read
  // response or write ack to an op it has finished (op ids are never reused, not even
  // across restarts), a read response to an op past its read phase without async repair
  // (later phases never read replies), a write ack to an op in async repair (repairs are
  // not acknowledged). Drivers may drop such a message instead of delivering it.
  bool ignores_for_good(const Message& message) const override;
  // True for a request this node sent that decides nothing any more: its answer would be
  // ignored for good (above) and handling it changes nothing at the receiver. Only read
  // requests qualify (a replica answers a read from what it holds and keeps no trace of
  // it). Drivers may drop such a message instead of delivering it.
  bool sent_moot_request(const Message& message) const override;

 private:
  std::uint64_t fingerprint_through(std::vector<std::int64_t>* set_aside) const;
  enum class Phase : std::uint8_t { abd_read, write, read, write_back, async_repair };
  struct Target {
    NodeId node = 0;
    std::optional<NodeId> hint_for;
  };
  struct PendingOp {
    ClientRequest request;
    Phase phase = Phase::read;
    std::vector<Target> targets;
    // Sorted by node id, as the std::map and std::set they replace were (the order of
    // replies decides the order of repairs sent): a quorum's few entries, kept without a
    // tree node allocation each.
    std::vector<std::pair<NodeId, std::optional<Version>>> replies;  // read phases
    std::vector<NodeId> reply_order;                   // for the planted first-reply bug
    std::vector<NodeId> acks;                          // write phases
    bool add_reply(NodeId from, const std::optional<Version>& version);  // false: a duplicate
    const std::optional<Version>& reply_of(NodeId from) const;
    bool has_ack(NodeId from) const { return std::binary_search(acks.begin(), acks.end(), from); }
    void add_ack(NodeId from);
    Version write_version;  // what the write phase writes (for a get: the repair)
    std::optional<Version> read_result;  // get: what the client is told
  };

  template <typename Handler>
  Outputs run(Clock clock, Handler&& handler);
  void dispatch(NodeId from, const Message& message);
  void send(NodeId to, Message message);
  void persist(DurableRecord record);
  void set_timer(TimerKind kind, std::uint64_t sequence, std::int64_t delay_us);
  void arm_periodic_timers();
  bool is_up(NodeId node) const { return node == id_ || peer_up_[node]; }
  // A node of the cluster or a client router: who may send to or hear from this node.
  bool is_endpoint(NodeId node) const { return node < config_.node_count || is_client_router(node); }

  // coordinator.cpp
  struct QuorumNeed {
    const char* phase;        // for the fail reason, e.g. "write-back phase"
    const char* quorum_name;  // "R" or "W"
    std::uint32_t replicas;
  };
  QuorumNeed largest_quorum_needed(ClientOp op) const;
  void coordinate(const ClientRequest& request);
  std::vector<Target> choose_targets(const std::string& key) const;
  Version new_write_version(std::int64_t timestamp_us, const ClientRequest& request) const;
  void start_read_phase(std::uint64_t op_id, PendingOp& op, Phase phase);
  void start_write_phase(std::uint64_t op_id, PendingOp& op, Phase phase);
  void on_read_response(NodeId from, const ReadResponse& response);
  void finish_read_phase(std::uint64_t op_id, PendingOp& op);
  void finish_get(std::uint64_t op_id, PendingOp& op);
  std::optional<Version> choose_read_result(const PendingOp& op) const;
  Version choose_repair_version(const PendingOp& op, const Version& newest) const;
  void repair_if_stale(NodeId replica, const std::optional<Version>& held, const PendingOp& op);
  void on_write_ack(NodeId from, const WriteAck& ack);
  void on_request_timeout(std::uint64_t op_id);
  void reply(const PendingOp& op, ReplyOutcome outcome, std::string reason);

  // replica.cpp
  void on_write_request(NodeId from, const WriteRequest& request);
  void on_read_request(NodeId from, const ReadRequest& request);
  void on_hint_handoff(NodeId from, const HintHandoff& handoff);
  void on_hint_ack(NodeId from, const HintAck& ack);
  void store_version(const std::string& key, const Version& version);
  void apply_expired_tombstone(const std::string& key, const Version& tombstone);
  void purge(const std::string& key);
  void hand_off_hints(NodeId peer);
  void retry_due_handoffs();
  void reset_handoff_backoff(NodeId peer);
  void run_maintenance();
  void flush();
  void replay(const DurableRecord& record);

  // anti_entropy.cpp
  void start_anti_entropy_round();
  void on_ae_compare(NodeId from, const AeCompare& compare);
  void on_ae_leaf_digests(NodeId from, const AeLeafDigests& digests);
  void on_ae_keys(NodeId from, const AeKeys& keys);

  Config config_;
  NodeId id_;
  std::shared_ptr<const Ring> ring_;
  Store store_;
  std::vector<bool> peer_up_;
  struct HandoffBackoff {
    std::int64_t interval_us = 0;    // the last wait; 0: none yet
    std::int64_t next_retry_us = 0;  // in Clock::now_us
  };
  // Peers whose hints were handed off already; a peer missing here is due now.
  std::map<NodeId, HandoffBackoff> handoff_backoff_;
  std::map<std::uint64_t, PendingOp> pending_;  // by op id
  std::uint64_t next_op_id_ = 1;
  std::vector<DurableRecord> unflushed_;  // acknowledged from memory, not yet persisted
  // peer -> ranges both replicate; fixed by the ring and the id, so copies share it
  std::shared_ptr<const std::map<NodeId, std::vector<RangeId>>> shared_ranges_;
  std::uint64_t ae_round_ = 0;
  AntiEntropyStats ae_stats_;
  Clock clock_;
  Outputs out_;  // built by the input being handled
};

// The leaderless Node behind a StoreNode (which must be one), for tests and tools that
// read its store, ring or Merkle trees.
const Node& as_leaderless(const StoreNode& node);

}  // namespace qc
