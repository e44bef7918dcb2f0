// The event loop and the driver's duties toward nodes (impl/node.h, CONTRACT): persist
// records before sending the messages and replies of the same Outputs, deliver or lose
// messages, fire timers of the current incarnation only.
#include <algorithm>
#include <utility>

#include "sim/sim_state.h"
#include "sim/strategies.h"

namespace qc {
namespace {

// Distinct streams from one seed (splitmix-style constants, any fixed odd values do).
constexpr std::uint64_t kNetworkStream = 0x6a09e667f3bcc909ULL;
constexpr std::uint64_t kOpMessageStream = 0x1f83d9abfb41bd6bULL;
constexpr std::uint64_t kClockStream = 0x3c6ef372fe94f82bULL;
constexpr std::uint64_t kStorageStream = 0xa54ff53a5f1d36f1ULL;
constexpr std::uint64_t kSchedulingStream = 0x9b05688c2b3e6c1fULL;  // the strategy's picks
constexpr std::uint64_t kClientHopStream = 0x510e527fade682d1ULL;

Prng clock_prng(std::uint64_t seed) { return Prng(seed ^ kClockStream); }

// For each op, client by client, the index of the first op with the same id: an op's
// messages draw from streams named by its id (valid workloads never repeat one).
std::vector<std::uint32_t> op_streams(const Workload& workload) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_id;  // (id, op index)
  for (const std::vector<WorkloadOp>& ops : workload.clients)
    for (const WorkloadOp& op : ops) by_id.emplace_back(op.id, static_cast<std::uint32_t>(by_id.size()));
  std::sort(by_id.begin(), by_id.end());
  std::vector<std::uint32_t> stream(by_id.size());
  for (std::size_t i = 0; i < by_id.size(); ++i)
    stream[by_id[i].second] = i > 0 && by_id[i - 1].first == by_id[i].first ? stream[by_id[i - 1].second] : by_id[i].second;
  return stream;
}

EnabledEvent describe(const PendingEvent& event, const std::vector<Envelope>& pool) {
  EnabledEvent enabled{event.time_us, event.sequence, event.kind, std::nullopt, std::nullopt,
                       std::nullopt};
  if (event.node != kNoNode) enabled.node = event.node;
  if (event.from != kNoNode) enabled.from = event.from;
  if (event.kind == SimEventKind::deliver_message)
    enabled.message_class = message_class(pool[event.slot].message);
  return enabled;
}

}  // namespace

const char* to_string(SimEventKind kind) {
  switch (kind) {
    case SimEventKind::deliver_message: return "deliver_message";
    case SimEventKind::fire_timer: return "fire_timer";
    case SimEventKind::client_invoke: return "client_invoke";
    case SimEventKind::client_request: return "client_request";
    case SimEventKind::client_timeout: return "client_timeout";
    case SimEventKind::final_heal: return "final_heal";
    case SimEventKind::peer_status: return "peer_status";
    case SimEventKind::client_reply: return "client_reply";
  }
  return "unknown";
}

namespace {

// config.scheduling's strategy, its randomness a stream of the run's seed; null for
// the time order (the simulator's own fast path).
std::unique_ptr<Strategy> configured_strategy(const SimConfig& config) {
  const SchedulingConfig& scheduling = config.scheduling;
  const std::uint64_t seed = keyed_seed(config.seed, kSchedulingStream);
  switch (scheduling.strategy) {
    case SchedulingStrategy::time_order: return nullptr;
    case SchedulingStrategy::random: return std::make_unique<RandomStrategy>(seed, scheduling.window_us);
    case SchedulingStrategy::pct:
      return std::make_unique<PctStrategy>(seed, scheduling.pct_depth, scheduling.pct_steps, scheduling.window_us);
  }
  return nullptr;
}

}  // namespace

Simulator::State::State(const SimConfig& config_in, const Workload& workload_in,
                        const FaultSchedule& schedule_in, Strategy* strategy_in)
    : config(config_in),
      workload(workload_in),
      workload_keys(keys_of(workload_in)),
      schedule(schedule_in),
      stream_of_op(op_streams(workload_in)),
      messages_of_op(stream_of_op.size()),
      configured(strategy_in == nullptr ? configured_strategy(config_in) : nullptr),
      strategy(strategy_in != nullptr ? strategy_in : configured ? configured.get() : &time_order),
      network_prng(config_in.seed ^ kNetworkStream),
      storage_prng(config_in.seed ^ kStorageStream),
      client_hop_prng(config_in.seed ^ kClientHopStream),
      network(config_in.network, config_in.store.node_count),
      clocks(config_in.clocks, config_in.store.node_count,
             clock_prng(config_in.seed)) {
  std::size_t total_ops = 0;
  for (const std::vector<WorkloadOp>& ops : workload.clients) {
    first_op_of_client.push_back(total_ops);
    total_ops += ops.size();
  }
  const std::uint32_t node_count = config.store.node_count;
  nodes.resize(node_count);
  for (NodeId id = 0; id < node_count; ++id) {
    nodes[id].believed_up.assign(node_count, true);
    nodes[id].node = new_node(id);
  }
  for (NodeId id = 0; id < node_count; ++id) absorb(id, nodes[id].node->start(clock_for(id)));
  faults.crashed.resize(node_count);
  faults.paused.resize(node_count);
  faults.clock.resize(node_count);
  faults.touched.resize(schedule.events.size());
  for (const FaultEvent& event : schedule.events)
    faults.impacts.push_back(FaultImpact{event.kind, event.at_op, false, 0, 0});
  clients.resize(workload.clients.size());
  for (std::uint32_t c = 0; c < clients.size(); ++c) {
    clients[c].process = c;
    add_router(c);
  }
  if (clients.empty()) {  // nothing to play: straight to the final heal
    clients_done_us = 0;
    queue.push(PendingEvent{0, 0, SimEventKind::final_heal, kNoNode, kNoNode, 0, 0, {}});
  }
  for (std::uint32_t c = 0; c < clients.size(); ++c) schedule_invoke(c);
  history.source = "simulation seed " + std::to_string(config.seed);
  // An invocation and a completion per op: growing the vector would move every event
  // recorded so far, again and again.
  history.events.reserve(std::min<std::size_t>(std::size_t{2} * op_count(workload), std::size_t{1} << 22));
}

bool Simulator::State::step() {
  if (ended) return false;
  QC_ASSERT(!queue.empty());  // periodic timers keep it non-empty
  if (end_us && queue.earliest().time_us > *end_us) {
    now_us = std::max(now_us, *end_us);
    ended = true;
    return false;
  }
  if (queue.earliest().time_us > config.virtual_time_us_max) return stop_out_of_virtual_time();
  const PendingEvent event = choose_event();
  if (event.time_us > config.virtual_time_us_max) return stop_out_of_virtual_time();
  now_us = std::max(now_us, event.time_us);
  ++stats.events_processed;
  dispatch(event);
  if (convergence && now_us >= next_convergence_sample_us) sample_convergence();
  if (healed && clients_done_us && !stats.converged_at_us) watch_convergence();
  return true;
}

bool Simulator::State::stop_out_of_virtual_time() {
  now_us = std::max(now_us, config.virtual_time_us_max);
  stats.out_of_virtual_time = true;
  ended = true;
  return false;
}

PendingEvent Simulator::State::choose_event() {
  if (strategy->always_earliest()) return queue.take_earliest();
  std::int64_t window_us = strategy->window_us();
  if (end_us) window_us = std::min(window_us, *end_us - queue.earliest().time_us);  // not past the end
  std::vector<PendingEvent> window = queue.take_window(window_us, kEnabledMax);
  std::vector<EnabledEvent> enabled;
  enabled.reserve(window.size());
  for (const PendingEvent& event : window) enabled.push_back(describe(event, message_pool));
  const std::size_t chosen = strategy->pick(enabled, now_us);
  QC_ASSERT(chosen < window.size());
  for (std::size_t i = 0; i < window.size(); ++i)
    if (i != chosen) queue.reinsert(window[i]);
  return window[chosen];
}

// Outputs caused by an input belong to the client op the input belongs to (a request,
// a message sent for it), so the messages they send draw from that op's stream.
void Simulator::State::dispatch(const PendingEvent& event) {
  current_op.reset();
  if (event.kind == SimEventKind::deliver_message) current_op = message_op[event.slot];
  if (event.kind == SimEventKind::client_request && clients[event.slot].busy &&
      clients[event.slot].request_id == event.tag)
    current_op = clients[event.slot].op;
  if (defer_if_paused(event)) return;
  switch (event.kind) {
    case SimEventKind::deliver_message: deliver_message(event); break;
    case SimEventKind::fire_timer: fire_timer(event); break;
    case SimEventKind::client_invoke: invoke(event.slot); break;
    case SimEventKind::client_request: deliver_client_request(event); break;
    case SimEventKind::client_timeout: on_client_timeout(event); break;
    case SimEventKind::final_heal: final_heal(); break;
    case SimEventKind::peer_status: check_peer(event); break;
    case SimEventKind::client_reply: deliver_client_reply(event); break;
  }
}

// A paused node takes no input: inputs for it wait, in order, until it resumes.
bool Simulator::State::defer_if_paused(const PendingEvent& event) {
  if (event.node == kNoNode || event.kind == SimEventKind::client_timeout) return false;
  if (is_client_router(event.node)) return false;  // a client's, never paused
  NodeSlot& slot = nodes[event.node];
  if (!slot.paused) return false;
  QC_ASSERT(slot.paused_inputs.size() < 10'000'000);  // a bound on every queue
  touch(faults.paused[event.node], current_op);
  slot.paused_inputs.push_back(event);
  return true;
}

void Simulator::State::deliver_message(const PendingEvent& event) {
  Envelope& envelope = message_pool[event.slot];
  if (envelope.from == envelope.to) return deliver_to_self(event);
  if (is_client_router(event.node)) return deliver_to_router(event);
  const MessageClass c = message_class(envelope.message);
  // A cut link also loses what was already on the wire when the partition began.
  if (!is_running(event.node)) {
    network.count_dropped(c);
    touch(faults.crashed[event.node], current_op);
  } else if (network.is_cut(envelope.from, envelope.to)) {
    network.count_dropped(c);
    touch(faults.partition, current_op);
  } else {
    network.count_delivered(c);
    ++stats.deliveries;
    if (current_op) note_clock_skew(event.node, *current_op);
    if (convergence) convergence->note_delivery(event.node, envelope.message);
    absorb(event.node, nodes[event.node].node->on_message(clock_for(event.node), envelope));
  }
  release_message(event.slot);
}

void Simulator::State::fire_timer(const PendingEvent& event) {
  if (is_client_router(event.node)) return fire_router_timer(event);
  NodeSlot& slot = nodes[event.node];
  if (!slot.node || slot.incarnation != event.tag) return;  // died with its node
  absorb(event.node, slot.node->on_timer(clock_for(event.node), event.timer));
}

void Simulator::State::absorb(NodeId id, Outputs outputs) {
  NodeSlot& slot = nodes[id];
  // Persist first: an ack in `messages` may promise these records are durable.
  for (DurableRecord& record : outputs.records) slot.durable.push_back(std::move(record));
  for (Envelope& envelope : outputs.messages) {
    QC_ASSERT(envelope.from == id);
    send(std::move(envelope));
  }
  for (const ClientReply& reply : outputs.replies) reply_to_client(reply);
  for (const TimerRequest& timer : outputs.timers) {
    QC_ASSERT(timer.fire_at_us >= now_us);
    queue.push(PendingEvent{timer.fire_at_us, 0, SimEventKind::fire_timer, id, kNoNode, 0,
                            slot.incarnation, timer.id});
  }
  if (slot.node) slot.node->recycle(std::move(outputs));  // its vectors serve the next input
}

// The stream a message's fate is drawn from: keyed by its op and its place among the
// op's messages on this link, or the background stream.
Prng Simulator::State::message_prng(const Envelope& envelope) {
  if (!current_op) return network_prng;  // copied back by send()
  const std::uint64_t link = (std::uint64_t{envelope.from} << 32) | envelope.to;
  std::uint64_t key = keyed_seed(config.seed ^ kOpMessageStream, op_of(*current_op).id);
  key = keyed_seed(key, link);
  const std::size_t op = stream_of_op[first_op_of_client[*current_op >> 32] + (*current_op & 0xffffffffu)];
  const std::uint32_t position = messages_of_op.next_position(op, link, key);
  return Prng(keyed_seed(key, position));
}

void Simulator::State::send(Envelope&& envelope) {
  if (envelope.to == envelope.from) return send_to_self(std::move(envelope));
  const MessageClass c = message_class(envelope.message);
  Prng prng = message_prng(envelope);
  if (network.is_cut(envelope.from, envelope.to)) touch(faults.partition, current_op);
  const Transit transit = network.send(envelope.from, envelope.to, c, prng);
  if (!current_op) network_prng = prng;
  if (transit.lost_by_event) touch(transit.lost_by_event, current_op);
  if (transit.delayed_by_event) touch(transit.delayed_by_event, current_op);
  const NodeId from = envelope.from, to = envelope.to;
  for (int copy = 0; copy < transit.copies; ++copy) {
    const bool last_copy = copy + 1 == transit.copies;
    const std::uint32_t slot = pool_message(last_copy ? std::move(envelope) : envelope);
    const std::int64_t delay_us = transit.delay_us[copy] + storage_delay_us(c, current_op ? &prng : nullptr);
    queue.push(PendingEvent{now_us + delay_us, 0, SimEventKind::deliver_message, to, from, slot, 0, {}});
  }
}

// Stores an in-flight message in a free slot, with the client op it was sent for.
std::uint32_t Simulator::State::pool_message(Envelope envelope) {
  std::uint32_t slot;
  if (free_slots.empty()) {
    slot = static_cast<std::uint32_t>(message_pool.size());
    message_pool.push_back(std::move(envelope));
    message_op.emplace_back();
  } else {
    slot = free_slots.back();
    free_slots.pop_back();
    message_pool[slot] = std::move(envelope);
  }
  message_op[slot] = current_op;
  return slot;
}

void Simulator::State::release_message(std::uint32_t slot) {
  message_pool[slot].message = WriteAck{};  // frees the contents' memory
  free_slots.push_back(slot);
}

Simulator::Simulator(const SimConfig& config, const Workload& workload,
                     const FaultSchedule& schedule, Strategy* strategy)
    : state_(std::make_unique<State>(config, workload, schedule, strategy)) {}
Simulator::Simulator(const SimConfig& config, const FaultSchedule& schedule, Strategy* strategy)
    : Simulator(config, generated_workload(config), schedule, strategy) {}
Simulator::~Simulator() = default;
bool Simulator::step() { return state_->step(); }
void Simulator::trace_convergence() { state_->start_convergence_trace(); }
RunResult Simulator::finish() { return state_->finish(); }
bool Simulator::history_final() const { return state_->history_final(); }
void Simulator::end_now() {
  QC_ASSERT(state_->history_final());
  state_->ended = true;
}
std::uint32_t Simulator::add_scripted_client() { return state_->add_scripted_client(); }
void Simulator::submit(std::uint32_t client, ClientRequest request, std::int64_t at_us) {
  state_->submit(client, std::move(request), at_us);
}
std::int64_t Simulator::now_us() const { return state_->now_us; }
std::int64_t Simulator::next_event_us() const { return state_->queue.earliest().time_us; }
const History& Simulator::history() const { return state_->history; }
const StoreNode* Simulator::node(NodeId id) const {
  QC_ASSERT(id < state_->nodes.size());
  return state_->nodes[id].node.get();
}
std::int64_t Simulator::wall_us(NodeId id) const { return state_->clocks.wall_us(id, now_us()); }

RunResult run_simulation(const SimConfig& config, const Workload& workload,
                         const FaultSchedule& schedule) {
  Simulator simulator(config, workload, schedule);
  simulator.run();
  return simulator.finish();
}

RunResult run_simulation(const SimConfig& config, const FaultSchedule& schedule) {
  return run_simulation(config, generated_workload(config), schedule);
}

}  // namespace qc
