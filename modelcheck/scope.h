#pragma once
// A scope for exhaustive exploration (README, "Model checking"): the store, an explicit
// workload (per client, its ops in order), which node each client sends to, and budgets
// for the faults and the periodic work the explorer may choose. Everything outside the
// scope is left out, and describe() says what that is.
//
// Time in exhaustive mode is logical (no latencies: only the order of events matters):
//   - each node's driver clock (Clock::now_us) is a counter that advances by 1 with every
//     input the node takes; a timer firing advances it to at least the timer's due time;
//   - a node's wall clock (version timestamps) is (client ops completed so far) * 2^40
//     plus its counter, so a write invoked after another write completed always carries
//     the larger timestamp (clocks as good as real-time order), while writes that overlap
//     are ordered by their coordinators' counters: either way round, or tied, depending
//     on the order of events before them;
//   - timers fire when the explorer chooses, not after a duration: a coordinator's request
//     timeout when timeouts are in scope, the periodic ones (anti-entropy rounds,
//     maintenance ticks with hint retries, volatile flushes) at most their budget each;
//   - the leader-based store (Raft) likewise: a node's election timeout and a leader's
//     heartbeat fire when the explorer chooses, at most `elections` and `heartbeats`
//     times in all, and only while the node would act on them (TimerKind::election of a
//     follower or candidate, heartbeat of a leader, of the current generation). They do
//     not move the node's clock to their due time: the randomized election timeouts a
//     node draws from its seed decide nothing here, the explorer picks every order;
//   - a client hands its request straight to its coordinator and gets the reply at once
//     (no client hop to reorder); the coordinator's own copy is a message like any other
//     (it may arrive late), but it is never lost or duplicated;
//   - a reply its receiver will ignore for good (to an op its coordinator has finished,
//     Node::ignores_for_good) is dropped as soon as that is so: it is not an input, and
//     its moment of arrival would only multiply the states; so is a read request whose
//     answer its sender will ignore for good (Node::sent_moot_request);
//   - failure detection is perfect and immediate: a crash, restart, partition or heal
//     tells every running node at once which peers are down.
//     The leader-based store has no failure detector (Raft's timeouts decide): its nodes
//     are told nothing, and never send to themselves.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "histories/workload.h"
#include "impl/config.h"

namespace qc {

struct FaultBudget {
  std::uint32_t crashes = 0;      // a crash of any node at any step; restarts are free
  std::uint32_t losses = 0;       // a message between two nodes dropped
  std::uint32_t duplicates = 0;   // a message between two nodes delivered twice
  std::uint32_t partitions = 0;   // one node cut from the others, until a heal
  bool timeouts = false;          // coordinators' request timeouts may fire
  friend bool operator==(const FaultBudget&, const FaultBudget&) = default;
};

struct PeriodicBudget {  // firings per execution, over all nodes
  std::uint32_t anti_entropy = 0;  // the leaderless store's
  std::uint32_t maintenance = 0;   // the leaderless store's
  std::uint32_t flush = 0;         // volatile durability, either store
  std::uint32_t elections = 0;     // the leader-based store's election timeouts
  std::uint32_t heartbeats = 0;    // the leader-based store's heartbeats
  friend bool operator==(const PeriodicBudget&, const PeriodicBudget&) = default;
};

struct Scope {
  Config store;
  Workload workload;
  // Per client, the node it sends every request to; empty: client i uses node i mod M.
  std::vector<NodeId> coordinators;
  FaultBudget faults;
  PeriodicBudget periodic;
  friend bool operator==(const Scope&, const Scope&) = default;
};

// Usage errors naming the field: an invalid store or workload, client routing (not
// modelled here), a coordinator outside the cluster, more coordinators than clients,
// budgets for timers the store does not have (elections and heartbeats are the leader
// store's, anti-entropy and maintenance the leaderless store's), and a leader-based
// store without an election timeout to spend (nobody would ever lead).
Status validate(const Scope& scope);
NodeId coordinator_of(const Scope& scope, std::uint32_t client);

// "N=3 R=2 W=2 read-repair=async, 2 clients x 2 ops, faults: 1 crash, 1 loss; periodic:
// none; left out: timeouts, partitions, duplicates"
std::string describe(const Scope& scope);

// "c0: write k0, read k0; c1: read k0" -> a workload with values v0, v1, ... in op
// order; ErrorKind::usage naming the client and op on a bad entry.
Result<Workload> parse_workload_text(const std::string& text);
std::string workload_text(const Workload& workload);  // the inverse, values left out

// JSON form, inside counterexample bundles: {"store": {...config.json's store...},
// "workload": "...", "coordinators": [...], "faults": {...}, "periodic": {...}};
// "periodic" holds "elections" and "heartbeats" for the leader-based store only, so
// that leaderless files read and write as before.
nlohmann::ordered_json scope_to_json(const Scope& scope);
Result<Scope> scope_from_json(const nlohmann::ordered_json& json, const std::string& path);

}  // namespace qc
