// Client processes, as in Jepsen: each has at most one op outstanding, records its
// invocation and completion in the History, thinks, and goes again. After an `info`
// the process is presumed still hung in that op, so it continues under a new process
// id (its id + the number of clients).
#include "sim/sim_state.h"

namespace qc {
namespace {

const char* history_f(ClientOp op) {
  switch (op) {
    case ClientOp::get: return "read";
    case ClientOp::put: return "write";
    case ClientOp::del: return "delete";
  }
  return "unknown";
}

ClientOp choose_op(const OperationMix& mix, bool reads_only, Prng& prng) {
  if (reads_only) return ClientOp::get;
  const std::uint64_t point = prng.below(std::uint64_t{mix.read} + mix.write + mix.del);
  if (point < mix.read) return ClientOp::get;
  if (point < std::uint64_t{mix.read} + mix.write) return ClientOp::put;
  return ClientOp::del;
}

}  // namespace

void Simulator::State::schedule_invoke(std::uint32_t client, std::int64_t after_us) {
  queue.push(PendingEvent{now_us + after_us, 0, SimEventKind::client_invoke, kNoNode, kNoNode,
                          client, 0, {}});
}

void Simulator::State::invoke(std::uint32_t index) {
  ClientProcess& client = clients[index];
  QC_ASSERT(!client.busy && !client.done);
  if (client.scripted) return issue(index, next_scripted_request(index));
  const WorkloadConfig& workload = config.workload;
  const bool past_heal = schedule.final_heal_us > 0 && now_us >= schedule.final_heal_us;
  if (stats.ops_invoked >= workload.ops || past_heal) {
    client.done = true;
    client_finished();
    return;
  }
  const bool reads_only = workload.reads_only_after_us > 0 && now_us >= workload.reads_only_after_us;
  ClientRequest request;
  request.request_id = next_request_id++;
  request.op = choose_op(workload.mix, reads_only, client_prng);
  request.key = key_name(static_cast<std::uint32_t>(client_prng.below(workload.keys)));
  if (request.op == ClientOp::put)
    request.value = "p" + std::to_string(client.process) + "-" +
                    std::to_string(client.next_write_number++);
  issue(index, std::move(request));
}

// The client sends `request` to the coordinator its placement picks, and waits.
void Simulator::State::issue(std::uint32_t index, ClientRequest request) {
  ClientProcess& client = clients[index];
  const NodeId coordinator = choose_coordinator(index, request.key);
  ++stats.ops_invoked;
  client.busy = true;
  client.request_id = request.request_id;
  client.coordinator = coordinator;
  client.request = request;
  record(client.process, EventType::invoke, request,
         request.op == ClientOp::put ? Value::string(request.value) : Value(), std::nullopt);
  if (!is_client_router(coordinator) && !is_running(coordinator)) {  // connection refused: certainly not done
    complete(index, EventType::fail, Value(), "coordinator n" + std::to_string(coordinator) +
                                                  " is down");
    return;
  }
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
  absorb(event.node, slot.node->on_client_request(clock_for(event.node), client.request));
}

void Simulator::State::on_reply(const ClientReply& reply) {
  auto found = client_of_request.find(reply.request_id);
  if (found == client_of_request.end()) return;  // the client timed out already
  const std::uint32_t index = found->second;
  const ClientProcess& client = clients[index];
  QC_ASSERT(client.busy && client.request_id == reply.request_id);
  const bool is_read = client.request.op == ClientOp::get;
  const bool is_write = client.request.op == ClientOp::put;
  Value value;
  if (is_read && reply.outcome == ReplyOutcome::ok && reply.value) value = Value::string(*reply.value);
  if (is_write) value = Value::string(client.request.value);
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
  const Value value = client.request.op == ClientOp::put ? Value::string(client.request.value)
                                                         : Value();
  complete(event.slot, EventType::info, value, "client timeout");
}

void Simulator::State::fail_requests_at(NodeId coordinator) {
  for (std::uint32_t index = 0; index < clients.size(); ++index) {
    const ClientProcess& client = clients[index];
    if (!client.busy || client.coordinator != coordinator) continue;
    const Value value = client.request.op == ClientOp::put ? Value::string(client.request.value)
                                                           : Value();
    complete(index, EventType::info, value, "coordinator crashed");
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
  if (!client.scripted) schedule_invoke(index, sample_us(config.workload.think_time, client_prng));
}

void Simulator::State::record(std::int64_t process, EventType type, const ClientRequest& request,
                              Value value, std::optional<std::string> error) {
  Event event;
  event.index = static_cast<std::int64_t>(history.events.size());
  event.time = now_us;
  event.process = process;
  event.type = type;
  event.f = history_f(request.op);
  event.key = request.key;
  event.value = std::move(value);
  event.error = std::move(error);
  history.events.push_back(std::move(event));
}

void Simulator::State::client_finished() {
  if (++clients_done < config.workload.clients) return;  // scripted clients never finish
  clients_done_us = now_us;
  if (healed) end_us = std::max(now_us, schedule.final_heal_us) + schedule.quiescence_us;
}

}  // namespace qc
