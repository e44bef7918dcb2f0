#pragma once
// The whole system of one exhaustive exploration, as a value: the nodes (StoreNodes of
// either store, impl/store_node.h, built by make_store_node and driven here as the
// simulator drives them, but with modelcheck/scope.h's logical time),
// the messages in flight, the pending timers, the clients and the history recorded so
// far, and what the fault budgets have spent. Copying a SystemState is cheap: nodes and
// durable logs are shared until a step changes them.
//
// steps() lists every choice enabled in a state, in a fixed order (deliveries in the
// order sent, timers, client invocations, then faults); apply() takes one and returns
// what it touched (its Footprint), from which independent() decides whether two steps
// commute, for sleep sets (modelcheck/explorer.h).
//
// hash() is the canonical state hash: equal for two states whose futures and verdicts
// are the same. It covers each node's fingerprint (Node::fingerprint), its logical clock,
// incarnation, durable log and timers, the messages in flight as a multiset, the clients,
// what the budgets have spent, and the history as its ops with their results and the
// real-time order between them (which ops had completed when each op was invoked);
// the order in which invocations and completions of different clients were recorded
// between those points is left out, since the properties depend on the real-time order
// alone. (A checker that broke ties by the order of recording, e.g. among several
// writes of nil, could in principle judge two such histories differently; the one
// whose verdict is reported is judged again on its own events.)
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "histories/history.h"
#include "impl/fingerprint.h"
#include "impl/store_node.h"
#include "modelcheck/scope.h"

namespace qc {

enum class StepKind : std::uint8_t { deliver, fire_timer, invoke, crash, restart, lose, duplicate, partition, heal };
const char* to_string(StepKind kind);

// One choice. Deliver, lose and duplicate name a message by its fingerprint (equal
// copies in flight are one choice); a timer by its node, id and due time.
struct Step {
  StepKind kind = StepKind::deliver;
  NodeId node = 0;             // deliver: the receiver; timers, crash, restart, partition
  std::uint32_t client = 0;    // invoke
  std::uint64_t message = 0;   // deliver, lose, duplicate
  TimerId timer;               // fire_timer
  std::int64_t due_us = 0;     // fire_timer
  std::uint64_t key() const;   // identity across states
  friend bool operator==(const Step&, const Step&) = default;
};

// What a step read and wrote, beyond the message it took: enough to tell commuting
// steps apart (see independent()).
struct Footprint {
  std::uint64_t nodes = 0;     // bit per node whose input or state it involved
  std::uint64_t message = 0;   // the message it consumed or copied (0: none)
  bool invoked = false;        // a client invocation: ordered against completions in the history
  bool completed = false;      // a client op completed: moves every wall clock
  std::uint8_t budget = 0;     // which budget counter it spent (0: none)
};
// True when the two steps, both enabled in one state, lead to the same state in either
// order and neither disables the other.
bool independent(const Footprint& a, const Footprint& b);

class SystemState {
 public:
  explicit SystemState(const Scope& scope);  // nodes started, nothing in flight

  std::vector<Step> steps() const;
  Footprint apply(const Step& step);  // `step` must be one of steps()
  // No delivery, timer or invocation is enabled: the execution is complete (faults may
  // still be chosen from here, and lead to other complete executions).
  bool complete() const;
  // Every client has completed all its ops: the history is final.
  bool all_ops_done() const;
  // With `forget`, hash() leaves out what no later step can read (forgetting.cpp):
  // the clock of a node that will stamp no version and read no time any more, and a
  // durable log's order (or all of it, when no restart can read it), and the values of
  // timestamps below every future stamp (their order is kept). Two states equal under
  // it are the same step for step (up to that renaming of timestamps), so depths,
  // histories and verdicts are kept.
  std::uint64_t hash(bool forget = false) const;
  // hash(forget), with keys for `steps` (this state's) that name the same steps in
  // every state of the same hash: Step::key(), except that where forgetting renames
  // timestamps by their order (forgetting.cpp, rule 4) a message is named by its
  // fingerprint under this state's ranks. The explorer keeps sleep sets in these keys.
  struct Canonical {
    std::uint64_t hash = 0;
    std::vector<std::uint64_t> step_keys;  // one per step, in order
  };
  Canonical canonical(bool forget, const std::vector<Step>& steps) const;
  // The history's part of hash(): its ops, results and real-time order (see above).
  std::uint64_t history_hash() const;
  // A line for people: "deliver n0 -> n1 write_request op 1 k0 = v0 @ 1099511627777/n0".
  std::string describe(const Step& step) const;

  // The history so far; with `finish`, ops still waiting get an info completion, as a
  // run that ends with them outstanding records them.
  History history(bool finish) const;
  // The nodes after the final heal: crashed nodes restarted, the partition healed, then
  // messages delivered and periodic timers fired in a fixed order until nothing is left
  // (at most `rounds` anti-entropy rounds per node). For the leader-based store, `rounds`
  // rounds in which, when no node leads, the node with the most up-to-date log stands
  // for election, and otherwise every leader sends a heartbeat, each round delivering
  // every message: followers catch up and learn the commit index. Null entries never
  // occur.
  std::vector<std::shared_ptr<const StoreNode>> healed_nodes(std::uint32_t rounds) const;

  std::uint32_t crashes_used() const { return budget_used_[kCrashBudget]; }
  const Scope& scope() const { return *scope_; }

  static constexpr int kWallShift = 40;  // wall clock: completed ops << 40, plus the node's counter
  static constexpr std::uint8_t kCrashBudget = 1, kLossBudget = 2, kDuplicateBudget = 3,
                                kPartitionBudget = 4, kAntiEntropyBudget = 5,
                                kMaintenanceBudget = 6, kFlushBudget = 7, kElectionBudget = 8,
                                kHeartbeatBudget = 9, kBudgets = 10;

 private:
  struct InFlight {
    Envelope envelope;
    std::uint64_t fingerprint = 0;
  };
  struct PendingTimer {
    TimerId id;
    std::int64_t due_us = 0;
    friend auto operator<=>(const PendingTimer&, const PendingTimer&) = default;
  };
  struct NodeSlot {
    std::shared_ptr<const StoreNode> node;  // null while crashed; shared until written (clone())
    std::shared_ptr<const std::vector<DurableRecord>> durable;
    std::uint64_t durable_hash = 0;
    std::vector<PendingTimer> timers;  // sorted
    std::int64_t counter = 0;          // the logical clock
    std::uint64_t incarnation = 0;
    // Of *node, computed when a hash first needs it (under rule 4 of forgetting.cpp a
    // hash reads the ranked one instead) and kept until a step changes the node.
    mutable std::optional<std::uint64_t> fingerprint;
    mutable std::shared_ptr<const SplitFingerprint> split;  // the same, for rule 4
    std::uint64_t told_down = 0;       // peers this node was told are down, a bit each
  };
  struct ClientSlot {
    std::uint32_t next_op = 0;
    bool busy = false;
    std::int64_t process = 0;
    std::uint64_t request_id = 0;
    ClientRequest request;
    NodeId coordinator = 0;
    // Its put or delete carries its timestamp already (forgetting.cpp): set at the
    // invocation, or for an ABD put when its coordinator first sends the stamped value.
    bool stamped = false;
  };

  Clock input_clock(NodeId node, std::int64_t at_least = 0);
  StoreNode& writable(NodeId node);
  bool leader_store() const { return scope_->store.store == StoreKind::leader; }
  // A fresh node for incarnation `incarnation` (0: the first), seeded from its id and
  // incarnation alone, so that every path builds the same node and replays match.
  std::unique_ptr<StoreNode> new_node(NodeId id, std::uint64_t incarnation) const;
  void drop_stale_raft_timers();
  void heal_leader_store(std::uint32_t rounds);
  void absorb(NodeId node, Outputs outputs, Footprint& footprint);
  void send(Envelope envelope);
  bool link_cut(NodeId a, NodeId b) const;
  void tell_peers(Footprint& footprint);
  void complete_op(std::uint32_t client, EventType type, Value value, std::string error, Footprint& footprint);
  void record(std::int64_t process, EventType type, const ClientRequest& request, Value value,
              std::optional<std::string> error);
  void do_deliver(const Step& step, Footprint& footprint);
  void do_timer(const Step& step, Footprint& footprint);
  void do_invoke(const Step& step, Footprint& footprint);
  void do_crash(NodeId node, Footprint& footprint);
  void do_restart(NodeId node, Footprint& footprint);
  void drop_moot_messages();
  // forgetting.cpp: what hash(true) leaves out, and why that is sound.
  bool clock_read_later(NodeId id) const;
  void note_stamps(NodeId id, const Outputs& outputs);
  std::optional<std::int64_t> rename_timestamps_below() const;  // rule (4)
  // With `set_aside`, the versions' timestamps go there (impl/fingerprint.h).
  std::uint64_t durable_log_hash(const NodeSlot& slot, std::vector<std::int64_t>* set_aside) const;
  std::uint64_t full_log_hash(const NodeSlot& slot, std::vector<std::int64_t>* set_aside) const;
  const SplitFingerprint& split_fingerprint(const NodeSlot& slot) const;  // kept in the slot
  bool timer_enabled(const NodeSlot& slot, const PendingTimer& timer) const;
  const Envelope* message(std::uint64_t print) const;  // null when none is in flight
  // Where the first message with this fingerprint is in in_flight_; its size when none is.
  std::size_t in_flight_index(std::uint64_t print) const;
  std::vector<InFlight>::iterator chosen_message(std::uint64_t print);  // one must be in flight

  std::shared_ptr<const Scope> scope_;
  std::vector<NodeSlot> nodes_;
  std::vector<InFlight> in_flight_;
  std::vector<ClientSlot> clients_;
  // The history as a persistent list, newest first: a state's copy shares every event,
  // and each entry carries history_hash()'s running figures up to it.
  struct Recorded {
    Event event;
    std::vector<std::uint64_t> done, per_client;  // completions, and hashes, per client
    std::shared_ptr<const Recorded> earlier;
    std::size_t count = 0;  // events up to and including this one
  };
  std::shared_ptr<const Recorded> recorded_;
  std::uint32_t budget_used_[kBudgets] = {};
  std::optional<NodeId> isolated_;  // the partition in force
  std::uint64_t completions_ = 0;  // client ops completed: the wall clocks' high part
  std::uint32_t steps_taken_ = 0;
};

}  // namespace qc
