#pragma once
// What every store node is to its driver: a pure state machine (sans-IO) fed inputs and
// returning Outputs. The simulator, the model checker and the TCP server drive a
// StoreNode; Config::store picks which one make_store_node builds: the leaderless node
// (impl/node.h, Dynamo) or the leader-based one (impl/leader/leader_node.h, Raft).
//
// CONTRACT (both stores): the one written at the top of impl/node.h — inputs never
// overlap and carry a Clock whose now_us never decreases; records are made durable, in
// order, before any message or reply of the same Outputs leaves; a node's messages to
// itself go back through on_message (lost only with the node); timers are one-shot; a
// crash discards the object, a restart builds a new one and calls restart() with the
// durable log and a larger incarnation; the same inputs give the same outputs.
// Randomness (the leader-based store's election timeouts) comes from the seed given at
// construction, which the driver derives from its own (e.g. run seed, node id and
// incarnation), so that a run stays a function of its seed.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "impl/config.h"
#include "impl/io.h"
#include "impl/messages.h"
#include "impl/version.h"

namespace qc {

struct SplitFingerprint;  // impl/fingerprint.h

struct AntiEntropyStats {
  std::uint64_t exchanges_started = 0;  // range comparisons this node began
  std::uint64_t messages_sent = 0;      // anti_entropy-class messages sent
  std::uint64_t bytes_sent = 0;         // their byte_size() sum
  std::uint64_t versions_sent = 0;      // key versions transferred to peers
};

class StoreNode {
 public:
  virtual ~StoreNode() = default;
  // A copy that answers every later input alike (for explorers that branch).
  virtual std::unique_ptr<StoreNode> clone() const = 0;

  virtual Outputs start(Clock clock) = 0;
  virtual Outputs restart(Clock clock, const std::vector<DurableRecord>& durable_log,
                          std::uint64_t incarnation) = 0;
  virtual Outputs on_client_request(Clock clock, const ClientRequest& request) = 0;
  virtual Outputs on_message(Clock clock, const Envelope& envelope) = 0;  // to == id()
  virtual Outputs on_timer(Clock clock, TimerId timer) = 0;
  // The driver's failure detector: `peer` is believed down (up = false) or up again.
  virtual Outputs on_peer_status(Clock clock, NodeId peer, bool up) = 0;
  // Optional: hands back spent Outputs so that their vectors are reused.
  virtual void recycle(Outputs&& spent) = 0;

  virtual NodeId id() const = 0;
  virtual const Config& config() const = 0;
  // The version this node holds for `key` as its own replica's (leaderless) or as its
  // applied state machine's (leader-based): what a converged cluster agrees on.
  virtual std::optional<Version> version_of(const std::string& key) const = 0;
  virtual std::size_t pending_requests() const = 0;
  virtual std::size_t unflushed_records() const = 0;
  virtual const AntiEntropyStats& anti_entropy_stats() const = 0;  // zeros without anti-entropy
  // A canonical hash of everything that decides this node's future behaviour (see
  // Node::fingerprint for what it covers and leaves out).
  virtual std::uint64_t fingerprint() const = 0;
  // The same, with versions' timestamps set aside (impl/fingerprint.h): for an explorer
  // that merges states whose timestamps compare alike.
  virtual SplitFingerprint split_fingerprint() const = 0;
  // Hints for drivers that skip moot work; returning true / false / false is always safe.
  virtual bool timer_matters(TimerId timer) const = 0;
  virtual bool ignores_for_good(const Message& message) const = 0;
  virtual bool sent_moot_request(const Message& message) const = 0;
};

// The seed a driver gives node `id` in its `incarnation` (0 for the first start): from
// the driver's own seed (a run's; 0 for real processes), so that a restarted node draws
// afresh and a recording replays into the same draws.
std::uint64_t node_seed(std::uint64_t driver_seed, NodeId id, std::uint64_t incarnation);

// The node config.store names; `config` must pass validate(). `seed` feeds whatever the
// node draws at random (nothing, for the leaderless store).
std::unique_ptr<StoreNode> make_store_node(const Config& config, NodeId id, std::uint64_t seed);

}  // namespace qc
