#pragma once
// The Simulator's private state, shared by its implementation files (simulator.cpp:
// the event loop and node inputs; sim_faults.cpp; sim_clients.cpp; sim_result.cpp).
// Not part of the public interface.
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/prng.h"
#include "sim/clocks.h"
#include "sim/event_queue.h"
#include "sim/message_counts.h"
#include "sim/network.h"
#include "sim/simulator.h"

namespace qc {

// A client op, as (client << 32 | position in its list): names the op for attribution.
using OpRef = std::uint64_t;

struct ClientProcess {
  std::int64_t process = 0;   // the Jepsen process id; + clients after each info
  std::size_t next_op = 0;    // position of the next op in its list
  bool busy = false;
  bool done = false;
  std::uint64_t request_id = 0;  // the outstanding request, when busy
  std::int64_t deadline_us = 0;  // when the client gives up on it
  // At most one client_timeout event per client is pending (a heap full of stale
  // timeouts slowed every step): when it fires early it re-arms for the deadline.
  bool timeout_armed = false;
  NodeId coordinator = 0;  // a node, or this client's own router (client placement)
  ClientRequest request;
  bool scripted = false;  // issues only what Simulator::submit gives it (sim_routing.cpp)
  std::deque<ClientRequest> script;  // submitted, not yet invoked, in invocation order
  std::optional<OpRef> op;    // the outstanding workload op, when busy (none: scripted)
};

// Which fault events are in force where, so that a fault that touches an op can be
// named (Simulator::State::touch); and what each event did.
struct FaultTracking {
  std::size_t next_event = 0;                         // schedule.events[next_event] fires next
  std::vector<std::uint32_t> ending;                  // strobes and bursts in force, by event
  std::optional<std::uint32_t> partition;             // the partition in force
  std::vector<std::optional<std::uint32_t>> crashed;  // per node: the crash that stopped it
  std::vector<std::optional<std::uint32_t>> paused;   // per node: the pause that holds it
  std::vector<std::vector<std::uint32_t>> clock;      // per node: bumps so far, strobes in force
  std::vector<FaultImpact> impacts;                   // per event
  std::vector<std::set<OpRef>> touched;               // per event
};

struct NodeSlot {
  std::unique_ptr<StoreNode> node;  // null while crashed
  std::uint64_t incarnation = 0;   // 0 for the first start; +1 per restart
  bool paused = false;
  std::vector<PendingEvent> paused_inputs;  // in arrival order, replayed at resume
  std::vector<DurableRecord> durable;       // the node's durable log
  std::vector<bool> believed_up;            // what the node was told about each peer
  AntiEntropyStats earlier_incarnations;    // summed at each crash
};

struct Simulator::State {
  State(const SimConfig& config, const Workload& workload, const FaultSchedule& schedule,
        Strategy* strategy);

  // simulator.cpp: the loop and the driver's duties toward nodes.
  bool step();
  bool stop_out_of_virtual_time();  // ends the run at config.virtual_time_us_max
  bool history_final() const {
    return end_us && *end_us <= config.virtual_time_us_max && clients.size() == workload.clients.size();
  }
  PendingEvent choose_event();
  void dispatch(const PendingEvent& event);
  bool defer_if_paused(const PendingEvent& event);
  void deliver_message(const PendingEvent& event);
  void fire_timer(const PendingEvent& event);
  void absorb(NodeId id, Outputs outputs);
  void send(Envelope&& envelope);
  std::uint32_t pool_message(Envelope envelope);
  Prng message_prng(const Envelope& envelope);
  void release_message(std::uint32_t slot);
  Clock clock_for(NodeId id) const { return Clock{now_us, clocks.wall_us(id, now_us)}; }
  bool is_running(NodeId id) const { return nodes[id].node != nullptr; }

  // sim_faults.cpp
  void apply_faults_due(std::uint64_t op_number);
  void apply_fault(std::uint32_t index);
  void end_fault(std::uint32_t index);
  void touch(std::optional<std::uint32_t> event, std::optional<OpRef> op);
  void note_clock_skew(NodeId node, OpRef op);
  void final_heal();
  void crash(NodeId id, bool lose_volatile);
  void restart(NodeId id);
  void pause(NodeId id) { nodes[id].paused = is_running(id); }
  void resume(NodeId id);
  bool truly_up(NodeId observer, NodeId peer) const;
  void recheck_peers_later();
  void check_peer(const PendingEvent& event);

  // sim_clients.cpp
  const WorkloadOp& op_of(OpRef op) const { return workload.clients[op >> 32][op & 0xffffffffu]; }
  Prng op_prng(OpRef op) const;
  Prng op_part_prng(OpRef op, std::uint64_t part) const;
  void schedule_invoke(std::uint32_t client);
  void invoke(std::uint32_t client);
  void deliver_client_request(const PendingEvent& event);
  void on_reply(const ClientReply& reply);
  void on_client_timeout(const PendingEvent& event);
  void fail_requests_at(NodeId coordinator);  // it crashed: outcomes unknown
  void complete(std::uint32_t client, EventType type, Value value, std::string error);
  void record(std::int64_t process, EventType type, const ClientRequest& request,
              Value value, std::optional<std::string> error);
  void client_finished();
  void issue(std::uint32_t client, ClientRequest request, NodeId coordinator, std::optional<OpRef> op);

  // sim_routing.cpp: who coordinates, the client's hop, storage latency, routers.
  NodeId choose_coordinator(std::uint32_t client, const std::string& key, Prng& prng);
  std::optional<NodeId> failover_coordinator(NodeId refused, const std::string& key);
  void send_client_request(std::uint32_t client);
  void reply_to_client(const ClientReply& reply);
  void deliver_client_reply(const PendingEvent& event);
  std::int64_t client_hop_us(MessageClass hop, std::optional<OpRef> op);
  std::int64_t storage_delay_us(MessageClass c, Prng* op_stream);
  void send_to_self(Envelope&& envelope);
  void deliver_to_self(const PendingEvent& event);
  void add_router(std::uint32_t client);
  Node& router(NodeId id);
  void absorb_router(NodeId id, Outputs outputs);
  void deliver_to_router(const PendingEvent& event);
  void fire_router_timer(const PendingEvent& event);
  std::uint32_t add_scripted_client();
  void submit(std::uint32_t client, ClientRequest request, std::int64_t at_us);
  ClientRequest next_scripted_request(std::uint32_t client);

  // sim_result.cpp
  RunResult finish();
  void check_convergence();
  bool replicas_agree();     // what check_convergence decides, without listing keys
  void watch_convergence();  // after each event of the quiet period
  void start_convergence_trace();
  void sample_convergence();
  std::vector<const StoreNode*> running_nodes() const;  // per node id; nullptr while crashed
  std::unique_ptr<StoreNode> new_node(NodeId id) const;  // for a start or a restart
  AntiEntropyStats anti_entropy_totals() const;
  const Ring& key_ring();  // the ring as the nodes see it, to find a key's replicas

  SimConfig config;
  Workload workload;
  std::vector<std::string> workload_keys;  // sorted, for the convergence check
  std::optional<ConvergenceTrace> convergence;  // sampled as the run goes (convergence_trace.h)
  std::int64_t next_convergence_sample_us = 0;
  FaultSchedule schedule;
  FaultTracking faults;
  std::optional<OpRef> current_op;  // the client op the input being handled belongs to
  // Messages sent so far per (op, from, to): the position in the op's stream. Ops are
  // found by stream index: first_op_of_client[client] + position names an op, and
  // stream_of_op maps it to the first op with the same id (ids name streams).
  std::vector<std::size_t> first_op_of_client;
  std::vector<std::uint32_t> stream_of_op;
  MessageCounts messages_of_op;
  TimeOrderStrategy time_order;
  std::unique_ptr<Strategy> configured;  // config.scheduling's strategy, when not the time order
  Strategy* strategy;
  Prng network_prng;     // background messages; op messages use keyed streams
  Prng storage_prng;     // storage latencies of messages sent for no op
  Prng client_hop_prng;  // hops of scripted requests (no op)
  SimNetwork network;
  SimClocks clocks;
  EventQueue queue;
  std::vector<Envelope> message_pool;  // in-flight message contents, by slot
  std::vector<std::optional<OpRef>> message_op;  // the client op each message was sent for
  std::vector<std::uint32_t> free_slots;
  std::vector<NodeSlot> nodes;
  std::vector<ClientProcess> clients;
  std::map<std::uint64_t, std::uint32_t> client_of_request;  // outstanding only
  std::vector<std::optional<Node>> routers;  // by client, with client placement only
  std::map<std::uint64_t, ClientReply> replies_in_flight;  // on the hop, by request id
  History history;
  SimStats stats;
  std::int64_t now_us = 0;
  std::uint64_t next_request_id = 1;
  std::uint32_t clients_done = 0;
  std::optional<std::int64_t> clients_done_us;
  bool healed = false;
  std::optional<std::int64_t> end_us;  // known once clients are done and heal is past
  bool ended = false;
  std::shared_ptr<const Ring> ring;  // found on first use
  std::optional<AntiEntropyStats> quiet_baseline;  // anti-entropy counters when quiet began
};

}  // namespace qc
