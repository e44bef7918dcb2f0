// Where a client's request goes and how long its parts take, as PBS models them
// (Bailis et al., VLDB 2012): which node coordinates (Config::coordinator_placement),
// the client's hop to that node and back (the client_request and client_reply latency
// classes), the storage latency of every replica's own write and read, the coordinator's
// own copy (a message to itself that never crosses the network), and client routers
// (client placement: the client coordinates itself and reaches every replica through
// the network). Also the scripted clients of Simulator::submit.
#include "sim/sim_state.h"

#include <algorithm>

#include "sim/op_routing.h"

namespace qc {
namespace {

NodeId router_id_of(std::uint32_t client) { return kFirstClientRouterId + client; }

}  // namespace

NodeId Simulator::State::choose_coordinator(std::uint32_t client, const std::string& key, Prng& prng) {
  if (config.store.coordinator_placement == CoordinatorPlacement::client) return router_id_of(client);
  return server_coordinator(config.store, key_ring(), key, prng);
}

// A node refused the client's connection (it is down): like a real driver, the client
// tries the next candidate in a fixed order (the next node, or under replica placement
// the key's next replica), so a crash turns requests away only when every candidate is
// down. Empty then.
std::optional<NodeId> Simulator::State::failover_coordinator(NodeId refused, const std::string& key) {
  std::vector<NodeId> candidates;
  if (config.store.coordinator_placement == CoordinatorPlacement::replica) {
    candidates = key_ring().preference_list(key, config.store.replication_factor);
  } else {
    for (NodeId id = 0; id < nodes.size(); ++id) candidates.push_back(id);
  }
  const auto start = std::find(candidates.begin(), candidates.end(), refused);
  QC_ASSERT(start != candidates.end());
  std::rotate(candidates.begin(), start, candidates.end());
  for (const NodeId candidate : candidates)
    if (is_running(candidate)) return candidate;
  return std::nullopt;
}

// The client's request leaves for its coordinator; a client router takes it at once
// (it runs in the client: a library call, not a hop).
void Simulator::State::send_client_request(std::uint32_t index) {
  const ClientProcess& client = clients[index];
  if (is_client_router(client.coordinator)) {
    const NodeId id = client.coordinator;
    absorb_router(id, router(id).on_client_request(Clock{now_us, now_us}, client.request));
    return;
  }
  const std::int64_t hop_us = client_hop_us(MessageClass::client_request, client.op);
  const PendingEvent arrival{now_us + hop_us, 0, SimEventKind::client_request, client.coordinator,
                             kNoNode, index, client.request.request_id, {}};
  // A free hop arrives now, still through dispatch, so that a paused coordinator holds it.
  if (hop_us == 0) dispatch(arrival);
  else queue.push(arrival);
}

// A coordinator's reply travels back to its client (when the client still waits).
void Simulator::State::reply_to_client(const ClientReply& reply) {
  auto waiting = client_of_request.find(reply.request_id);
  if (waiting == client_of_request.end()) return;  // the client gave up already
  const std::int64_t hop_us = client_hop_us(MessageClass::client_reply, clients[waiting->second].op);
  if (hop_us == 0) return on_reply(reply);
  replies_in_flight.emplace(reply.request_id, reply);
  queue.push(PendingEvent{now_us + hop_us, 0, SimEventKind::client_reply, kNoNode, kNoNode,
                          waiting->second, reply.request_id, {}});
}

void Simulator::State::deliver_client_reply(const PendingEvent& event) {
  auto found = replies_in_flight.find(event.tag);
  QC_ASSERT(found != replies_in_flight.end());
  const ClientReply reply = std::move(found->second);
  replies_in_flight.erase(found);
  on_reply(reply);  // ignored if the client timed out or its coordinator crashed meanwhile
}

// Constant zero (the default) draws nothing, so runs without a hop keep their streams.
// An op's hops come from its own stream (one per direction), so that dropping an op
// while shrinking leaves the other ops' timing as it was.
std::int64_t Simulator::State::client_hop_us(MessageClass hop, std::optional<OpRef> op) {
  const LatencyDistribution& latency = config.network.latency_by_class[class_index(hop)];
  if (!op) return sample_us(latency, client_hop_prng);
  Prng prng = op_part_prng(*op, class_index(hop) + 1);
  return sample_us(latency, prng);
}

// From the stream of the message it delays when it was sent for an op (see
// message_prng), else from the background storage stream.
std::int64_t Simulator::State::storage_delay_us(MessageClass c, Prng* op_stream) {
  Prng& prng = op_stream != nullptr ? *op_stream : storage_prng;
  if (c == MessageClass::write_request) return sample_us(config.storage.write_latency, prng);
  if (c == MessageClass::read_request) return sample_us(config.storage.read_latency, prng);
  return 0;
}

// The coordinator's own copy (impl/node.h): no network, no loss, only storage latency.
// The event carries the sender's incarnation: a crash or restart loses what is queued.
void Simulator::State::send_to_self(Envelope&& envelope) {
  const NodeId id = envelope.to;
  QC_ASSERT(id < nodes.size() && is_running(id));
  std::optional<Prng> op_stream;
  if (current_op) op_stream = message_prng(envelope);
  const std::int64_t delay_us = storage_delay_us(message_class(envelope.message), op_stream ? &*op_stream : nullptr);
  const std::uint32_t slot = pool_message(std::move(envelope));
  queue.push(PendingEvent{now_us + delay_us, 0, SimEventKind::deliver_message, id, id, slot,
                          nodes[id].incarnation, {}});
}

void Simulator::State::deliver_to_self(const PendingEvent& event) {
  const NodeSlot& slot = nodes[event.node];
  if (slot.node && slot.incarnation == event.tag) {
    if (convergence) convergence->note_delivery(event.node, message_pool[event.slot].message);
    absorb(event.node, nodes[event.node].node->on_message(clock_for(event.node), message_pool[event.slot]));
  }
  release_message(event.slot);
}

void Simulator::State::add_router(std::uint32_t client) {
  if (config.store.coordinator_placement != CoordinatorPlacement::client) return;
  QC_ASSERT(client == routers.size());
  Node& added = routers.emplace_back(std::in_place, config.store, router_id_of(client)).value();
  absorb_router(added.id(), added.start(Clock{now_us, now_us}));
}

Node& Simulator::State::router(NodeId id) {
  QC_ASSERT(is_client_router(id) && id - kFirstClientRouterId < routers.size());
  return *routers[id - kFirstClientRouterId];
}

// As absorb() does for nodes; a router persists nothing and answers its client directly.
void Simulator::State::absorb_router(NodeId id, Outputs outputs) {
  QC_ASSERT(outputs.records.empty());
  for (Envelope& envelope : outputs.messages) {
    QC_ASSERT(envelope.from == id && envelope.to < nodes.size());
    send(std::move(envelope));
  }
  for (const ClientReply& reply : outputs.replies) on_reply(reply);
  for (const TimerRequest& timer : outputs.timers) {
    QC_ASSERT(timer.fire_at_us >= now_us);
    queue.push(PendingEvent{timer.fire_at_us, 0, SimEventKind::fire_timer, id, kNoNode, 0, 0, timer.id});
  }
  router(id).recycle(std::move(outputs));
}

void Simulator::State::deliver_to_router(const PendingEvent& event) {
  const Envelope& envelope = message_pool[event.slot];
  network.count_delivered(message_class(envelope.message));
  ++stats.deliveries;
  absorb_router(event.node, router(event.node).on_message(Clock{now_us, now_us}, envelope));
  release_message(event.slot);
}

void Simulator::State::fire_router_timer(const PendingEvent& event) {
  absorb_router(event.node, router(event.node).on_timer(Clock{now_us, now_us}, event.timer));
}

std::uint32_t Simulator::State::add_scripted_client() {
  // Before any step: workload clients renumber their processes by the client count.
  QC_ASSERT(stats.events_processed == 0 && clients.size() >= workload.clients.size());
  const auto index = static_cast<std::uint32_t>(clients.size());
  ClientProcess& client = clients.emplace_back();
  client.process = index;
  client.scripted = true;
  add_router(index);
  return index;
}

void Simulator::State::submit(std::uint32_t index, ClientRequest request, std::int64_t at_us) {
  QC_ASSERT(index < clients.size() && clients[index].scripted && at_us >= now_us);
  QC_ASSERT(request.op != ClientOp::put || !request.value.empty());
  clients[index].script.push_back(std::move(request));
  queue.push(PendingEvent{at_us, 0, SimEventKind::client_invoke, kNoNode, kNoNode, index, 0, {}});
}

ClientRequest Simulator::State::next_scripted_request(std::uint32_t index) {
  ClientProcess& client = clients[index];
  QC_ASSERT(!client.script.empty());
  ClientRequest request = std::move(client.script.front());
  client.script.pop_front();
  request.request_id = next_request_id++;
  return request;
}

}  // namespace qc
