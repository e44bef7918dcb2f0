// The engine of `quorumcheck cluster` (cluster_run.h).
#include "cli/cluster_run.h"

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "cli/cluster_link_faults.h"
#include "common/prng.h"
#include "net/child_process.h"
#include "net/local_ports.h"
#include "impl/ring.h"
#include "net/resp_client.h"
#include "sim/client_ops.h"
#include "sim/op_routing.h"

namespace qc {

namespace {

using SteadyClock = std::chrono::steady_clock;

// The node processes, by id, and what the nemesis did to them.
class NodeProcesses {
 public:
  explicit NodeProcesses(const ClusterSetup& setup) : setup_(setup) {
    for (NodeId id = 0; id < setup.store.node_count; ++id) ports_.push_back(free_local_port());
    processes_.resize(setup.store.node_count);
  }
  std::uint16_t port(NodeId id) const { return ports_[id]; }
  std::string log_path(NodeId id) const { return setup_.data_dir + "/n" + std::to_string(id) + ".log"; }

  void start(NodeId id) {
    std::vector<std::string> argv = {setup_.binary, "node", "--id", std::to_string(id), "--listen",
                                     "127.0.0.1:" + std::to_string(ports_[id]), "--data",
                                     setup_.data_dir + "/n" + std::to_string(id)};
    std::string peers;
    for (NodeId peer = 0; peer < ports_.size(); ++peer) {
      if (peer != id) peers += (peers.empty() ? "" : ",") + std::to_string(peer) + "=127.0.0.1:" + std::to_string(ports_[peer]);
    }
    if (!peers.empty()) argv.insert(argv.end(), {"--peers", peers});
    argv.insert(argv.end(), {"--config", setup_.config_file});
    processes_[id] = launcher_.launch(argv, log_path(id));
    paused_.erase(id);
  }
  void crash(NodeId id) {
    if (!processes_[id]) return;
    processes_[id].reset();  // SIGCONT + SIGKILL, reaped
    paused_.erase(id);
  }
  void pause(NodeId id) {
    if (processes_[id] && paused_.insert(id).second) processes_[id]->signal(SIGSTOP);
  }
  void resume(NodeId id) {
    if (processes_[id] && paused_.erase(id)) processes_[id]->signal(SIGCONT);
  }
  bool crashed(NodeId id) const { return !processes_[id]; }
  bool paused(NodeId id) const { return paused_.count(id) > 0; }

  // Answering, with links up both ways between it and every other node that runs (a
  // stopped one cannot answer: its side is not checked), within 10 s.
  Status wait_ready(NodeId id) {
    if (Status s = wait_links_up(id); !s.is_ok()) return s;
    for (NodeId peer = 0; peer < processes_.size(); ++peer) {
      if (peer == id || !processes_[peer] || paused(peer)) continue;
      if (Status s = wait_links_up(peer); !s.is_ok()) return s;
    }
    return Status::ok();
  }
  Status wait_links_up(NodeId id) {
    const auto deadline = SteadyClock::now() + std::chrono::seconds(10);
    std::size_t running_peers = 0;
    for (NodeId peer = 0; peer < processes_.size(); ++peer) running_peers += peer != id && processes_[peer] ? 1 : 0;
    const std::string peers_up = "peers_up:" + std::to_string(running_peers) + "\r\n";
    RespClient client("127.0.0.1", ports_[id], 500);
    while (SteadyClock::now() < deadline) {
      auto status = client.call({"QC.STATUS"});
      if (status.is_ok() && status.value().text.find(peers_up) != std::string::npos) return Status::ok();
      if (processes_[id] && !processes_[id]->running())
        return Status::error(ErrorKind::io, "node " + std::to_string(id) + " exited at start; its log: " + log_path(id));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return Status::error(ErrorKind::io, "node " + std::to_string(id) + " did not answer with its " +
                                            std::to_string(running_peers) + " running peers up within 10 s; its log: " +
                                            log_path(id));
  }
  void stop_all() {
    for (auto& process : processes_) {
      if (!process) continue;
      process->signal(SIGCONT);
      process->stop(SIGTERM);
      process.reset();
    }
  }

 private:
  const ClusterSetup& setup_;
  ProcessLauncher launcher_;  // before the processes: they go first
  std::vector<std::uint16_t> ports_;
  std::vector<std::unique_ptr<ChildProcess>> processes_;
  std::set<NodeId> paused_;
};

// The history and the fault rule, shared by the client threads under one mutex.
class Recorder {
 public:
  Recorder(const ClusterSetup& setup, NodeProcesses& nodes) : setup_(setup), nodes_(nodes) {
    for (const FaultEvent& event : setup.schedule.events) impacts_.push_back(FaultImpact{event.kind, event.at_op, false, 0, 0});
  }

  // Takes the next op number, applies the faults placed just before it, and records the
  // invocation: one critical section, so no op starts between a fault and its op.
  void invoke(std::int64_t process, const ClientRequest& request) {
    std::lock_guard lock(mutex_);
    const std::int64_t op = next_op_++;
    for (const NodeId id : links_.end_bursts_before(op)) sync(id, op);
    for (std::size_t i = 0; i < setup_.schedule.events.size(); ++i) {
      if (setup_.schedule.events[i].at_op != op) continue;
      impacts_[i].fired = true;
      impacts_[i].fired_at_us = now_us();
      apply(setup_.schedule.events[i], op);
    }
    append(process, EventType::invoke, request, written_value(request), std::nullopt);
    if (request.op != ClientOp::get) ++writes_in_flight_;
  }
  void complete(std::int64_t process, EventType type, const ClientRequest& request, Value value,
                std::optional<std::string> error) {
    std::lock_guard lock(mutex_);
    append(process, type, request, std::move(value), std::move(error));
    if (request.op != ClientOp::get) --writes_in_flight_;
  }
  // The final heal: every crashed node restarts, every paused one resumes, cut links
  // and bursts end (clock offsets stay, as in the simulator).
  void final_heal() {
    std::lock_guard lock(mutex_);
    const std::set<NodeId> healed = links_.final_heal();
    for (NodeId id = 0; id < setup_.store.node_count; ++id) {
      if (nodes_.crashed(id)) {
        note(next_op_, "final heal: restart n" + std::to_string(id));
        restart(id, next_op_);
      } else if (nodes_.paused(id)) {
        note(next_op_, "final heal: resume n" + std::to_string(id));
        nodes_.resume(id);
        sync(id, next_op_);
      } else if (healed.count(id)) {
        note(next_op_, "final heal: links of n" + std::to_string(id) + " restored");
        sync(id, next_op_);
      }
    }
  }
  std::int64_t now_us() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started_).count();
  }
  std::int64_t ops_invoked() {
    std::lock_guard lock(mutex_);
    return next_op_;
  }
  ClusterResult take() {
    std::lock_guard lock(mutex_);
    ClusterResult result;
    result.history = std::move(history_);
    result.faults = std::move(faults_);
    result.fault_impacts = std::move(impacts_);
    result.ops_invoked = next_op_;
    return result;
  }

 private:
  void apply(const FaultEvent& event, std::int64_t op) {
    for (const NodeId id : links_.apply(event)) sync(id, op);
    if (event.kind == FaultKind::partition || event.kind == FaultKind::heal || event.kind == FaultKind::loss_burst ||
        event.kind == FaultKind::delay_burst || event.kind == FaultKind::clock_strobe) {
      return note(op, describe_link_event(event));
    }
    for (const int node : event.nodes) {
      const auto id = static_cast<NodeId>(node);
      std::string what = std::string(to_string(event.kind)) + " n" + std::to_string(id);
      switch (event.kind) {
        case FaultKind::crash:
          nodes_.crash(id);  // kill -9, reaped
          if (!event.lose_volatile && setup_.store.durability == Durability::volatile_)
            what += " (kill -9 loses unflushed writes: lose_volatile false cannot be honoured)";
          break;
        case FaultKind::restart:
          if (!nodes_.crashed(id)) what += " (running: nothing to do)";
          else restart(id, op);
          break;
        case FaultKind::pause: nodes_.pause(id); break;
        case FaultKind::resume:
          nodes_.resume(id);
          sync(id, op);  // what it could not take while stopped
          break;
        case FaultKind::clock_bump: what += " by " + std::to_string(event.clock_delta_us) + " us"; break;
        default: break;
      }
      note(op, std::move(what));
    }
  }
  static std::string describe_link_event(const FaultEvent& event) {
    std::string what = to_string(event.kind);
    if (event.kind == FaultKind::loss_burst) what += " p=" + std::to_string(event.loss_probability);
    if (event.kind == FaultKind::delay_burst) what += " +" + std::to_string(event.extra_delay_us) + " us";
    if (event.kind == FaultKind::clock_strobe) {
      what += " +-" + std::to_string(event.clock_delta_us) + " us every " + std::to_string(event.period_us) + " us on";
      for (const int node : event.nodes) what += " n" + std::to_string(node);
    }
    if (event.kind == FaultKind::partition || !event.links.empty()) {
      what += " on links";
      for (const auto& [from, to] : event.links) what += " " + std::to_string(from) + "->" + std::to_string(to);
    }
    if (event.kind == FaultKind::loss_burst || event.kind == FaultKind::delay_burst ||
        event.kind == FaultKind::clock_strobe)
      what += " until op " + std::to_string(event.until_op);
    return what;
  }
  // Starts a crashed node, waits until it answers, then gives it the faults in force.
  void restart(NodeId id, std::int64_t op) {
    nodes_.start(id);
    applied_offset_us_[id] = 0;
    if (Status s = nodes_.wait_ready(id); !s.is_ok()) return note(op, "restart n" + std::to_string(id) + ": " + s.message());
    sync(id, op);
  }
  // Brings a running node to its link and clock state; a crashed or paused one gets it
  // when it restarts or resumes.
  void sync(NodeId id, std::int64_t op) {
    if (nodes_.crashed(id) || nodes_.paused(id)) return;
    RespClient admin("127.0.0.1", nodes_.port(id), 1'000);
    for (std::vector<std::string> command : links_.commands_for(id, applied_offset_us_[id])) {
      command.insert(command.begin(), "QC.FAULT");
      auto reply = admin.call(command);
      if (!reply.is_ok() || reply.value().kind == RespReply::Kind::error) {
        return note(op, "n" + std::to_string(id) + " did not take " + command[1] + ": " +
                            (reply.is_ok() ? reply.value().text : reply.status().message()));
      }
    }
    applied_offset_us_[id] = links_.clock_offset_us(id);
  }
  void note(std::int64_t op, std::string what) {
    faults_.push_back(AppliedFault{op, now_us(), std::move(what), writes_in_flight_});
  }
  void append(std::int64_t process, EventType type, const ClientRequest& request, Value value,
              std::optional<std::string> error) {
    Event event = client_event(static_cast<std::int64_t>(history_.events.size()), now_us(), process, type, request,
                               std::move(value), std::move(error));
    event.line = event.index + 1;
    history_.events.push_back(std::move(event));
  }

  const ClusterSetup& setup_;
  NodeProcesses& nodes_;
  std::mutex mutex_;
  const SteadyClock::time_point started_ = SteadyClock::now();
  std::int64_t next_op_ = 0;
  std::int64_t writes_in_flight_ = 0;
  LinkFaultState links_{setup_.store.node_count};
  std::vector<std::int64_t> applied_offset_us_ = std::vector<std::int64_t>(setup_.store.node_count, 0);
  History history_;
  std::vector<AppliedFault> faults_;
  std::vector<FaultImpact> impacts_;  // per schedule event: whether and when it fired (ops touched: not counted)
};

// A RESP reply as the node's ClientReply: FAIL certainly did not happen, UNKNOWN and
// anything unexpected may have; a failed connection before sending is a fail.
ClientReply as_client_reply(ClientOp op, const Result<RespReply>& reply, bool nothing_sent) {
  ClientReply client_reply;
  if (!reply.is_ok()) {
    client_reply.outcome = nothing_sent ? ReplyOutcome::fail : ReplyOutcome::info;
    client_reply.reason = reply.status().message();
    return client_reply;
  }
  const RespReply& r = reply.value();
  if (r.kind == RespReply::Kind::error) {
    client_reply.outcome = r.text.rfind("FAIL", 0) == 0 ? ReplyOutcome::fail : ReplyOutcome::info;
    client_reply.reason = r.text;
  } else if (op == ClientOp::get && r.kind == RespReply::Kind::bulk) {
    client_reply.value = r.text;
  } else if (op == ClientOp::get && r.kind != RespReply::Kind::null) {
    client_reply.outcome = ReplyOutcome::info;
    client_reply.reason = "an unexpected reply to GET: " + r.text;
  }
  return client_reply;
}

// Each op goes to the coordinator the simulator would choose for it, after the think
// time the simulator would draw (sim/op_routing.h), over one connection per node.
void run_client(std::int64_t process, const std::vector<WorkloadOp>& ops, const NodeProcesses& nodes,
                const ClusterSetup& setup, Recorder& recorder) {
  const auto ring = cluster_ring(setup.store.node_count, setup.store.virtual_nodes_per_node);
  std::vector<std::unique_ptr<RespClient>> connections(setup.store.node_count);
  for (const WorkloadOp& op : ops) {
    if (setup.interrupted && setup.interrupted->load()) return;
    Prng prng = workload_op_prng(setup.seed, op.id);
    std::this_thread::sleep_for(std::chrono::microseconds(sample_us(setup.think_time, prng)));
    const NodeId coordinator = server_coordinator(setup.store, *ring, op.key, prng);
    if (!connections[coordinator])
      connections[coordinator] = std::make_unique<RespClient>("127.0.0.1", nodes.port(coordinator), setup.client_timeout_ms);
    RespClient& client = *connections[coordinator];
    ClientRequest request{op.id + 1, client_op(op.kind), op.key, op.value};
    recorder.invoke(process, request);
    std::vector<std::string> command = request.op == ClientOp::get   ? std::vector<std::string>{"GET", op.key}
                                       : request.op == ClientOp::put ? std::vector<std::string>{"SET", op.key, op.value}
                                                                     : std::vector<std::string>{"DEL", op.key};
    const auto reply = client.call(command);
    const ClientReply client_reply = as_client_reply(request.op, reply, client.failed_before_sending());
    const EventType type = client_reply.outcome == ReplyOutcome::ok     ? EventType::ok
                           : client_reply.outcome == ReplyOutcome::fail ? EventType::fail
                                                                        : EventType::info;
    std::optional<std::string> error;
    if (type != EventType::ok) error = client_reply.reason;
    recorder.complete(process, type, request, completion_value(request, client_reply), std::move(error));
  }
}

}  // namespace

Result<ClusterResult> run_cluster(const ClusterSetup& setup, std::ostream& progress) {
  std::error_code error;
  std::filesystem::create_directories(setup.data_dir, error);
  if (error) return Status::error(ErrorKind::io, "--data " + setup.data_dir + ": " + error.message());
  NodeProcesses nodes(setup);
  for (NodeId id = 0; id < setup.store.node_count; ++id) nodes.start(id);
  for (NodeId id = 0; id < setup.store.node_count; ++id) {
    if (Status s = nodes.wait_ready(id); !s.is_ok()) return s;
  }
  progress << "quorumcheck cluster: " << setup.store.node_count << " nodes up on 127.0.0.1 (logs in "
           << setup.data_dir << "), " << setup.workload.clients.size() << " clients, " << op_count(setup.workload)
           << " ops\n";
  Recorder recorder(setup, nodes);
  std::vector<std::thread> clients;
  std::atomic<std::size_t> finished{0};
  for (std::size_t c = 0; c < setup.workload.clients.size(); ++c) {
    clients.emplace_back([&, c] {
      run_client(static_cast<std::int64_t>(c), setup.workload.clients[c], nodes, setup, recorder);
      ++finished;
    });
  }
  auto last_report = SteadyClock::now();
  while (finished < clients.size()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (SteadyClock::now() - last_report < std::chrono::seconds(2)) continue;
    last_report = SteadyClock::now();
    progress << "quorumcheck cluster: " << recorder.ops_invoked() << " of " << op_count(setup.workload)
             << " ops invoked\n";
  }
  for (std::thread& client : clients) client.join();
  recorder.final_heal();
  std::this_thread::sleep_for(std::chrono::milliseconds(setup.quiescence_ms));
  nodes.stop_all();
  ClusterResult result = recorder.take();
  result.interrupted = setup.interrupted && setup.interrupted->load();
  return result;
}

}  // namespace qc
