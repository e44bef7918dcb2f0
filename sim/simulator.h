#pragma once
// The deterministic simulator: one thread, virtual time in microseconds, every random
// draw from qc::Prng streams derived from SimConfig::seed. It drives M impl::Node state
// machines (doing the driver's duties listed in impl/node.h), a simulated network
// (sim/network.h), per-node clocks (sim/clocks.h), Jepsen-style client processes that
// play a Workload (histories/workload.h) and record a History, and a FaultSchedule
// applied as the workload progresses.
//
// Usage: run_simulation(config, workload, schedule) for a whole run; or construct a
// Simulator (optionally with a Strategy, see sim/strategy.h), call step() until it
// returns false, then finish() for the RunResult. Same config, workload, schedule, seed
// and strategy choices => byte-identical History.
//
// Randomness is keyed, so that a change to one op does not reshuffle the others: each
// op's think time (before it) and coordinator come from a stream keyed by (seed, op
// id); each message sent while handling an input caused by a client op (its request,
// replies, repairs) draws its fate from a stream keyed by (seed, op id, from, to, how
// many such messages went before). Background traffic
// (anti-entropy, hints) uses one sequential stream.
//
// Timeline: nodes start at 0; each client plays its op list, one op at a time. Fault
// event i fires just before the clients' op number at_op is invoked; bursts and strobes
// end just before op until_op. When every client has finished, the final heal restores
// all links, ends bursts and strobes, restarts crashed nodes and resumes paused ones;
// the run ends quiescence_us later, so anti-entropy, read repair and hints can converge.
//
// Crashes: the node object, its timers and inputs waiting on a pause are dropped; its
// clients' outstanding requests complete as info; messages it sent before crashing stay
// on the wire and arrive (a real network does not recall packets); messages to it while
// down are dropped. A restart replays its durable log with a higher incarnation.
// A request to a crashed coordinator fails.
//
// Coordinators and latencies (sim/sim_routing.cpp), as PBS models them: each request's
// coordinator follows store.coordinator_placement (any node; one of the key's replicas;
// or the client's own router, a Node with a client-router id that sends to every
// replica over the network and reads true time). The hop between a client and a node
// coordinator takes the client_request / client_reply class latencies (never lost or
// cut). Every write or read request, the coordinator's own copy included, takes the
// storage latency on top of its network latency; the own copy takes only that.
//
// Which faults hit the workload (RunResult::fault_impacts): fault event e touched client
// op X when, while e was in force, one of X's messages (or X's request) was cut by e's
// partition, lost or delayed by e's burst, dropped at or held by a node that e crashed
// or paused; when e's crash ended X at its coordinator; or when X is a write or delete
// and its coordinator handled it while its clock carried e's bump or strobe.
//
// What nodes are told (on_peer_status): a simple failure detector. Peer p counts as up
// for node n when p is running (a paused node still counts as up: it holds its
// connections) and neither direction between them is cut. After every crash, restart,
// partition or heal each node rechecks every peer failure_detection_us later and is
// told of any change; a restarted node is told at once of every peer that is down.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "faults/schedule.h"
#include "sim/convergence_trace.h"
#include "sim/fault_impact.h"
#include "histories/history.h"
#include "impl/node.h"
#include "sim/sim_config.h"
#include "sim/strategy.h"
#include "sim/network.h"

namespace qc {

struct SimStats {
  std::uint64_t ops_invoked = 0;
  std::uint64_t ops_ok = 0;
  std::uint64_t ops_fail = 0;
  std::uint64_t ops_info = 0;
  std::array<ClassCounters, kMessageClassCount> messages_by_class{};  // class_index()
  std::uint64_t messages_sent = 0;       // sum over classes
  std::uint64_t deliveries = 0;          // messages handed to nodes
  double messages_per_client_op = 0;     // messages_sent / ops_invoked
  std::uint64_t events_processed = 0;    // every simulator step
  std::uint64_t anti_entropy_messages = 0;  // from the nodes' own counters,
  std::uint64_t anti_entropy_bytes = 0;     // summed over all incarnations
  std::uint64_t crashes = 0;
  std::uint64_t restarts = 0;
  // At the end: do all N replicas of every key k0.. hold the same version?
  bool converged = false;
  std::vector<std::string> divergent_keys;
  // Once the final heal is past and the clients are done (the quiet period begins),
  // the replicas are compared after every event: when they first all agree, how long
  // that took and the anti-entropy traffic it cost. Absent: they never agreed.
  std::optional<std::int64_t> converged_at_us;
  std::int64_t quiet_from_us = 0;
  std::uint64_t anti_entropy_messages_to_converge = 0;
  std::uint64_t anti_entropy_bytes_to_converge = 0;
  std::int64_t end_time_us = 0;
  // The run stopped at config.virtual_time_us_max, before its clients and quiet period
  // were done: its history is unfinished.
  bool out_of_virtual_time = false;
};

struct RunResult {
  History history;
  SimStats stats;
  std::vector<FaultImpact> fault_impacts;  // one per schedule event, in order
  // The nodes as they ended, for checkers; all running after the final heal (null only
  // for a node a custom strategy left crashed).
  std::vector<std::shared_ptr<const StoreNode>> final_nodes;
  std::vector<std::vector<DurableRecord>> durable_logs;  // per node
  std::vector<KeyDivergence> divergence;  // with trace_convergence(): per key (the first 64), when its replicas differed
};

class Simulator {
 public:
  // `config` and `workload` must pass validate(); `schedule` must suit
  // config.store.node_count. `strategy` may be null (TimeOrderStrategy); it must outlive
  // the Simulator. config.workload's shape fields are not used: `workload` is played.
  Simulator(const SimConfig& config, const Workload& workload, const FaultSchedule& schedule,
            Strategy* strategy = nullptr);
  // The same, playing generated_workload(config).
  Simulator(const SimConfig& config, const FaultSchedule& schedule, Strategy* strategy = nullptr);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Records RunResult::divergence (sim/convergence_trace.h) as the run goes; call before
  // the first step. Off by default: sampling every key's replicas costs a run about a
  // third of its speed, which campaigns need and only a run's report uses.
  void trace_convergence();
  // Runs one event chosen by the strategy; false once the run has ended.
  bool step();
  void run() { while (step()) {} }
  RunResult finish();  // after run(); consumes the simulator's state
  // True once the history can no longer change: every client has finished (there are
  // no scripted clients) and the run will end at its own end time, within
  // virtual_time_us_max, rather than be cut short. What is left is the quiet period.
  bool history_final() const;
  // Ends the run where it stands; history_final() must hold. For callers that read the
  // history alone: finish() then gives the full run's history, while the statistics,
  // the convergence figures and the nodes' end states are those of this moment.
  void end_now();

  // Scripted clients, for probes that time requests by what happened (tests/sim/
  // wars_test.cpp reads at set delays after a write's acknowledgement): client processes
  // beyond workload.clients that issue only what submit() gives them. Add them before
  // the first step; the index returned is also the process id in the history (until an
  // info renumbers it, as for every client). submit() queues `request` (its request_id
  // is assigned) for invocation at at_us >= now_us(); one client's submissions must come
  // in time order and find it idle. Their ops count toward fault placement (at_op).
  std::uint32_t add_scripted_client();
  void submit(std::uint32_t client, ClientRequest request, std::int64_t at_us);

  std::int64_t now_us() const;
  // The earliest pending event's time (what the default strategy runs next).
  std::int64_t next_event_us() const;
  const History& history() const;
  const StoreNode* node(NodeId id) const;  // null while crashed
  std::int64_t wall_us(NodeId id) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Whether `replicas` (ids into `nodes`) hold the same version of `key`. A replica whose
// node is nullptr (crashed) makes them differ, or, with skip_down, is not compared.
bool replicas_hold_alike(const std::vector<const StoreNode*>& nodes, const std::vector<NodeId>& replicas,
                         const std::string& key, bool skip_down);
// The keys among `keys` whose N replicas (by the nodes' ring) do not all hold the same
// version; a null node (crashed) holds none. `nodes` is indexed by node id.
std::vector<std::string> divergent_keys(const std::vector<const StoreNode*>& nodes, const std::vector<std::string>& keys,
                                        std::uint32_t replication_factor);

// Validates nothing (callers validate config, workload and schedule first) and runs to
// the end.
RunResult run_simulation(const SimConfig& config, const Workload& workload,
                         const FaultSchedule& schedule);
// The same with generated_workload(config): the workload drawn from the seed.
RunResult run_simulation(const SimConfig& config, const FaultSchedule& schedule);

}  // namespace qc
