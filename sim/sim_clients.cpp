// Client processes, as in Jepsen: each plays its list of ops from the Workload, one at a
// time: thinks, invokes, waits for the completion, and goes again. After an `info` the
// process is presumed still hung in that op, so it continues under a new process id (its
// id + the number of clients). Each op's think time and coordinator come from the op's
// own stream, keyed by the op's id, so dropping another op leaves this one's timing as
// it was.
#include "sim/client_ops.h"
#include "sim/op_routing.h"
#include "sim/sim_state.h"

namespace qc {
namespace {

OpRef op_ref(std::uint32_t client, std::size_t position) {
  return (OpRef{client} << 32) | static_cast<OpRef>(position);
}

}  // namespace

ClientOp client_op(WorkloadOpKind kind) {
  switch (kind) {
    case WorkloadOpKind::read: return ClientOp::get;
    case WorkloadOpKind::write: return ClientOp::put;
    case WorkloadOpKind::del: return ClientOp::del;
  }
  return ClientOp::get;
}

const char* history_f(ClientOp op) {
  switch (op) {
    case ClientOp::get: return "read";
    case ClientOp::put: return "write";
    case ClientOp::del: return "delete";
  }
  return "unknown";
}

Value written_value(const ClientRequest& request) {
  return request.op == ClientOp::put ? Value::string(request.value) : Value();
}

Value completion_value(const ClientRequest& request, const ClientReply& reply) {
  if (request.op == ClientOp::get)
    return reply.outcome == ReplyOutcome::ok && reply.value ? Value::string(*reply.value) : Value();
  return written_value(request);
}

Event client_event(std::int64_t index, std::int64_t time, std::int64_t process, EventType type,
                   const ClientRequest& request, Value value, std::optional<std::string> error) {
  Event event;
  event.index = index;
  event.time = time;
  event.process = process;
  event.type = type;
  event.f = history_f(request.op);
  event.key = request.key;
  event.value = std::move(value);
  event.error = std::move(error);
  return event;
}

Prng Simulator::State::op_prng(OpRef op) const {
  return workload_op_prng(config.seed, op_of(op).id);
}

// A stream of the op's own beside op_prng's, named by `part` (e.g. a client hop).
Prng Simulator::State::op_part_prng(OpRef op, std::uint64_t part) const {
  return Prng(keyed_seed(workload_op_seed(config.seed, op_of(op).id), part));
}

// The think time before the client's next op, from that op's stream (first draw).
void Simulator::State::schedule_invoke(std::uint32_t client) {
  ClientProcess& process = clients[client];
  if (process.next_op >= workload.clients[client].size()) {
    process.done = true;
    client_finished();
    return;
  }
  Prng prng = op_prng(op_ref(client, process.next_op));
  const std::int64_t think_us = sample_us(config.workload.think_time, prng);
  queue.push(PendingEvent{now_us + think_us, 0, SimEventKind::client_invoke, kNoNode, kNoNode,
                          client, 0, {}});
}

void Simulator::State::invoke(std::uint32_t index) {
  ClientProcess& client = clients[index];
  QC_ASSERT(!client.busy && !client.done);
  apply_faults_due(stats.ops_invoked);
  if (client.scripted) {
    Prng unkeyed = client_hop_prng;  // scripted probes are not part of a workload
    ClientRequest request = next_scripted_request(index);
    const NodeId coordinator = choose_coordinator(index, request.key, unkeyed);
    client_hop_prng = unkeyed;
    return issue(index, std::move(request), coordinator, std::nullopt);
  }
  const OpRef op = op_ref(index, client.next_op++);
  const WorkloadOp& planned = op_of(op);
  ClientRequest request;
  request.request_id = next_request_id++;
  request.op = client_op(planned.kind);
  request.key = planned.key;
  request.value = planned.value;
  Prng prng = op_prng(op);
  (void)sample_us(config.workload.think_time, prng);  // the think time drawn before it
  const NodeId coordinator = choose_coordinator(index, request.key, prng);
  issue(index, std::move(request), coordinator, op);
}

// The client sends `request` to its coordinator, and waits.
void Simulator::State::issue(std::uint32_t index, ClientRequest request, NodeId coordinator,
                             std::optional<OpRef> op) {
  ClientProcess& client = clients[index];
  ++stats.ops_invoked;
  client.busy = true;
  client.request_id = request.request_id;
  client.request = request;
  client.op = op;
  record(client.process, EventType::invoke, request, written_value(request), std::nullopt);
  if (!is_client_router(coordinator) && !is_running(coordinator)) {  // connection refused: certainly not done
    touch(faults.crashed[coordinator], op);
    const std::optional<NodeId> next = failover_coordinator(coordinator, request.key);
    if (!next) {
      client.coordinator = coordinator;
      complete(index, EventType::fail, Value(), "coordinator n" + std::to_string(coordinator) +
                                                    " is down, and so is every other node the client may try");
      return;
    }
    coordinator = *next;
  }
  client.coordinator = coordinator;
  client_of_request.emplace(request.request_id, index);
  client.deadline_us = now_us + config.workload.client_timeout_us;
  if (!client.timeout_armed) {
    client.timeout_armed = true;
    queue.push(PendingEvent{client.deadline_us, 0, SimEventKind::client_timeout, kNoNode,
                            kNoNode, index, 0, {}});
  }
  send_client_request(index);
}

void Simulator::State::deliver_client_request(const PendingEvent& event) {
  const ClientProcess& client = clients[event.slot];
  if (!client.busy || client.request_id != event.tag) return;  // the client gave up
  NodeSlot& slot = nodes[event.node];
  QC_ASSERT(slot.node);  // a crash completes its clients' requests as info
  if (client.op) note_clock_skew(event.node, *client.op);
  absorb(event.node, slot.node->on_client_request(clock_for(event.node), client.request));
}

void Simulator::State::on_reply(const ClientReply& reply) {
  auto found = client_of_request.find(reply.request_id);
  if (found == client_of_request.end()) return;  // the client timed out already
  const std::uint32_t index = found->second;
  const ClientProcess& client = clients[index];
  QC_ASSERT(client.busy && client.request_id == reply.request_id);
  const Value value = completion_value(client.request, reply);
  switch (reply.outcome) {
    case ReplyOutcome::ok: complete(index, EventType::ok, value, ""); break;
    case ReplyOutcome::fail: complete(index, EventType::fail, value, reply.reason); break;
    case ReplyOutcome::info: complete(index, EventType::info, value, reply.reason); break;
  }
}

void Simulator::State::on_client_timeout(const PendingEvent& event) {
  ClientProcess& client = clients[event.slot];
  QC_ASSERT(client.timeout_armed);
  client.timeout_armed = false;
  if (!client.busy) return;
  if (now_us < client.deadline_us) {  // armed for an earlier request: wait for this one
    client.timeout_armed = true;
    queue.push(PendingEvent{client.deadline_us, 0, SimEventKind::client_timeout, kNoNode,
                            kNoNode, event.slot, 0, {}});
    return;
  }
  complete(event.slot, EventType::info, written_value(client.request), "client timeout");
}

void Simulator::State::fail_requests_at(NodeId coordinator) {
  for (std::uint32_t index = 0; index < clients.size(); ++index) {
    const ClientProcess& client = clients[index];
    if (!client.busy || client.coordinator != coordinator) continue;
    touch(faults.crashed[coordinator], client.op);
    complete(index, EventType::info, written_value(client.request), "coordinator crashed");
  }
}

void Simulator::State::complete(std::uint32_t index, EventType type, Value value,
                                std::string error) {
  ClientProcess& client = clients[index];
  QC_ASSERT(client.busy && type != EventType::invoke);
  client_of_request.erase(client.request_id);
  record(client.process, type, client.request, std::move(value),
         error.empty() ? std::nullopt : std::optional<std::string>(std::move(error)));
  if (type == EventType::ok) ++stats.ops_ok;
  if (type == EventType::fail) ++stats.ops_fail;
  if (type == EventType::info) {
    ++stats.ops_info;
    client.process += static_cast<std::int64_t>(clients.size());
  }
  client.busy = false;
  if (!client.scripted) schedule_invoke(index);
}

void Simulator::State::record(std::int64_t process, EventType type, const ClientRequest& request,
                              Value value, std::optional<std::string> error) {
  history.events.push_back(client_event(static_cast<std::int64_t>(history.events.size()), now_us, process, type,
                                        request, std::move(value), std::move(error)));
}

// The last client done: the final heal follows at once, through the event loop.
void Simulator::State::client_finished() {
  if (++clients_done < workload.clients.size()) return;  // scripted clients never finish
  clients_done_us = now_us;
  queue.push(PendingEvent{now_us, 0, SimEventKind::final_heal, kNoNode, kNoNode, 0, 0, {}});
}

}  // namespace qc
