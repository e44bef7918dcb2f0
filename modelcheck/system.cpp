// The explorer's driver of the nodes: the duties of impl/node.h's contract, carried out
// under modelcheck/scope.h's logical time, with every choice left to the caller.
#include "modelcheck/system.h"

#include <algorithm>

#include "common/assert.h"
#include "common/prng.h"
#include "impl/leader/leader_node.h"
#include "impl/fingerprint.h"
#include "impl/hash.h"
#include "sim/client_ops.h"

namespace qc {
namespace {

constexpr std::uint64_t kAllNodes = ~std::uint64_t{0};

std::uint64_t bit(NodeId node) { return std::uint64_t{1} << (node % 64); }

// A lost or duplicated message counts as touching both ends of its link: a crash, a
// restart or a partition there can drop it, and a node there can send an equal message
// again, so such steps must not commute with it (a sleep set would keep it asleep).
std::uint64_t link_of(const Envelope& envelope) { return bit(envelope.from) | bit(envelope.to); }

std::uint64_t record_hash(const DurableRecord& record, std::vector<std::int64_t>* set_aside = nullptr) {
  Fingerprint f(set_aside);
  f.add(static_cast<std::uint64_t>(record.kind));
  f.add(std::string_view(record.key));
  f.add(record.version);
  f.add(static_cast<std::uint64_t>(record.hint_for));
  return f.value();
}

// The leader-based store's own timers: the explorer picks when they fire, so their due
// times are never read (they do not move the clock, and are left out of the hash).
bool raft_timer(TimerKind kind) { return kind == TimerKind::election || kind == TimerKind::heartbeat; }

std::uint8_t budget_of(TimerKind kind) {
  switch (kind) {
    case TimerKind::anti_entropy: return SystemState::kAntiEntropyBudget;
    case TimerKind::maintenance: return SystemState::kMaintenanceBudget;
    case TimerKind::flush: return SystemState::kFlushBudget;
    case TimerKind::election: return SystemState::kElectionBudget;
    case TimerKind::heartbeat: return SystemState::kHeartbeatBudget;
    case TimerKind::request_timeout: return 0;  // never budgeted: see timer_enabled
  }
  return 0;
}

Step make_step(StepKind kind, NodeId node = 0, std::uint32_t client = 0, std::uint64_t message = 0) {
  Step step;
  step.kind = kind;
  step.node = node;
  step.client = client;
  step.message = message;
  return step;
}

}  // namespace

const char* to_string(StepKind kind) {
  switch (kind) {
    case StepKind::deliver: return "deliver";
    case StepKind::fire_timer: return "timer";
    case StepKind::invoke: return "invoke";
    case StepKind::crash: return "crash";
    case StepKind::restart: return "restart";
    case StepKind::lose: return "lose";
    case StepKind::duplicate: return "duplicate";
    case StepKind::partition: return "partition";
    case StepKind::heal: return "heal";
  }
  return "unknown";
}

std::uint64_t Step::key() const {
  std::uint64_t h = hash_combine(static_cast<std::uint64_t>(kind) + 1, node);
  h = hash_combine(h, client);
  h = hash_combine(h, message);
  // Not the due time: a node has at most one pending timer of an id (absorb), and
  // states equal under forgetting (hash(true)) may differ in due times alone, yet their
  // sleep sets must name the same steps.
  return hash_combine(h, (static_cast<std::uint64_t>(timer.kind) << 56) ^ timer.sequence);
}

bool independent(const Footprint& a, const Footprint& b) {
  if ((a.nodes & b.nodes) != 0) return false;
  // A completion moves every wall clock, so it commutes with no step that touches a
  // node (every step does); invocations of different clients at different nodes commute
  // (the history's hash keeps which ops had completed at each invocation, not the order
  // of invocations between completions).
  if (a.completed && (b.nodes != 0 || b.invoked)) return false;
  if (b.completed && (a.nodes != 0 || a.invoked)) return false;
  if (a.message != 0 && a.message == b.message) return false;
  if (a.budget != 0 && a.budget == b.budget) return false;
  return true;
}

SystemState::SystemState(const Scope& scope) : scope_(std::make_shared<const Scope>(scope)) {
  QC_ASSERT(validate(scope).is_ok());
  const std::uint32_t count = scope.store.node_count;
  QC_ASSERT(count <= 64);
  nodes_.resize(count);
  for (NodeId id = 0; id < count; ++id) {
    NodeSlot& slot = nodes_[id];
    slot.durable = std::make_shared<const std::vector<DurableRecord>>();
    std::shared_ptr<StoreNode> node = new_node(id, 0);
    Outputs outputs = node->start(input_clock(id));
    slot.node = std::move(node);
    Footprint ignored;
    absorb(id, std::move(outputs), ignored);
  }
  clients_.resize(scope.workload.clients.size());
  for (std::uint32_t c = 0; c < clients_.size(); ++c) clients_[c].process = c;
}

// The leader-based store's wall clock is the completions part alone: its leader stamps
// a version above the last entry of its log anyway (impl/leader/replication.cpp), and
// the log's order, not the timestamps, decides what a read returns. So a write invoked
// after another completed still carries the larger timestamp, and the counter is read
// by nothing but the due times of timers (scope.h; forgetting.cpp).
Clock SystemState::input_clock(NodeId node, std::int64_t at_least) {
  NodeSlot& slot = nodes_[node];
  slot.counter = std::max(slot.counter + 1, at_least);
  const auto wall = static_cast<std::int64_t>(completions_ << kWallShift);
  return Clock{slot.counter, leader_store() ? wall : wall + slot.counter};
}

// Seeded as the simulator seeds its nodes (keyed by node and incarnation), from a fixed
// base: the leader-based store draws its election timeouts from it, which decide
// nothing here (scope.h), but the draws are part of the node's fingerprint.
std::unique_ptr<StoreNode> SystemState::new_node(NodeId id, std::uint64_t incarnation) const {
  const std::uint64_t seed = keyed_seed(keyed_seed(0x5eedc0de, id), incarnation);
  return make_store_node(scope_->store, id, seed);
}

StoreNode& SystemState::writable(NodeId node) {
  NodeSlot& slot = nodes_[node];
  QC_ASSERT(slot.node);
  if (slot.node.use_count() != 1) slot.node = std::shared_ptr<const StoreNode>(slot.node->clone());
  return const_cast<StoreNode&>(*slot.node);
}

bool SystemState::link_cut(NodeId a, NodeId b) const {
  return isolated_ && a != b && (a == *isolated_ || b == *isolated_);
}

void SystemState::send(Envelope envelope) {
  if (!nodes_[envelope.to].node || link_cut(envelope.from, envelope.to)) return;  // dropped
  const std::uint64_t print = fingerprint(envelope);
  in_flight_.push_back(InFlight{std::move(envelope), print});
}

void SystemState::absorb(NodeId id, Outputs outputs, Footprint& footprint) {
  NodeSlot& slot = nodes_[id];
  if (!outputs.records.empty()) {  // durable before any message or reply leaves
    auto log = std::make_shared<std::vector<DurableRecord>>(*slot.durable);
    for (DurableRecord& record : outputs.records) {
      slot.durable_hash = hash_combine(slot.durable_hash, record_hash(record));
      log->push_back(std::move(record));
    }
    slot.durable = std::move(log);
  }
  note_stamps(id, outputs);
  for (Envelope& envelope : outputs.messages) send(std::move(envelope));
  for (const TimerRequest& timer : outputs.timers) {
    const PendingTimer pending{timer.id, timer.fire_at_us};
    auto at = std::lower_bound(slot.timers.begin(), slot.timers.end(), pending);
    if (at != slot.timers.end() && *at == pending) continue;
    // One pending timer per id (Step::key() relies on it): the node re-arms a periodic
    // timer only when it fires, and request timeouts carry their op's id.
    QC_ASSERT(std::none_of(slot.timers.begin(), slot.timers.end(), [&](const PendingTimer& t) { return t.id == timer.id; }));
    slot.timers.insert(at, pending);
  }
  for (const ClientReply& reply : outputs.replies) {
    const std::uint64_t client = (reply.request_id >> 32) - 1;
    if (client >= clients_.size()) continue;
    const ClientSlot& waiting = clients_[client];
    if (!waiting.busy || waiting.request_id != reply.request_id) continue;  // gave up already
    Value value = completion_value(waiting.request, reply);
    const EventType type = reply.outcome == ReplyOutcome::ok     ? EventType::ok
                           : reply.outcome == ReplyOutcome::fail ? EventType::fail
                                                                 : EventType::info;
    complete_op(static_cast<std::uint32_t>(client), type, std::move(value), reply.reason, footprint);
  }
  slot.fingerprint.reset();
  slot.split.reset();
}

void SystemState::record(std::int64_t process, EventType type, const ClientRequest& request, Value value,
                         std::optional<std::string> error) {
  auto entry = std::make_shared<Recorded>();
  const std::size_t before = recorded_ ? recorded_->count : 0;
  entry->event = client_event(static_cast<std::int64_t>(before), steps_taken_, process, type, request,
                              std::move(value), std::move(error));
  entry->event.line = entry->event.index + 1;
  entry->count = before + 1;
  entry->done = recorded_ ? recorded_->done : std::vector<std::uint64_t>(clients_.size(), 0);
  entry->per_client = recorded_ ? recorded_->per_client : std::vector<std::uint64_t>(clients_.size(), 0);
  // history_hash(): per client, its ops' invocations with the completion counts of
  // every client at that moment, and their completions; not the order of completions
  // across clients.
  const Event& event = entry->event;
  const std::size_t client = static_cast<std::size_t>(event.process) % clients_.size();
  std::uint64_t h = hash_combine(static_cast<std::uint64_t>(event.type) + 1, hash_bytes(event.f));
  h = hash_combine(h, event.key ? hash_bytes(*event.key) : 0);
  h = hash_combine(h, event.value.is_nil() ? 0 : hash_bytes(event.value.to_string()));
  if (event.type == EventType::invoke) {
    for (const std::uint64_t d : entry->done) h = hash_combine(h, d);
  } else {
    ++entry->done[client];
  }
  entry->per_client[client] = hash_combine(entry->per_client[client], h);
  entry->earlier = std::move(recorded_);
  recorded_ = std::move(entry);
}

void SystemState::complete_op(std::uint32_t index, EventType type, Value value, std::string error,
                              Footprint& footprint) {
  ClientSlot& client = clients_[index];
  QC_ASSERT(client.busy);
  record(client.process, type, client.request, std::move(value),
         error.empty() ? std::nullopt : std::optional<std::string>(std::move(error)));
  if (type == EventType::info) client.process += static_cast<std::int64_t>(clients_.size());
  client.busy = false;
  ++completions_;
  footprint.completed = true;
}

// Every running node is told which peers it cannot reach (crashed, or across the cut),
// at once: the perfect failure detector of exhaustive mode. The leader-based store has
// none (LeaderNode::on_peer_status does nothing; Raft's timeouts decide): its nodes are
// not told, which spares their clocks an input that changes nothing else. The step
// still touches every node: it decides which messages can be sent and stay in flight.
void SystemState::tell_peers(Footprint& footprint) {
  footprint.nodes = kAllNodes;
  if (leader_store()) return;
  for (NodeId id = 0; id < nodes_.size(); ++id) {
    if (!nodes_[id].node) continue;
    for (NodeId peer = 0; peer < nodes_.size(); ++peer) {
      if (peer == id) continue;
      const bool down = !nodes_[peer].node || link_cut(id, peer);
      const bool told_down = (nodes_[id].told_down >> peer) & 1U;
      if (down == told_down) continue;
      nodes_[id].told_down ^= bit(peer);
      Outputs outputs = writable(id).on_peer_status(input_clock(id), peer, !down);
      absorb(id, std::move(outputs), footprint);
    }
  }
}

bool SystemState::timer_enabled(const NodeSlot& slot, const PendingTimer& timer) const {
  switch (timer.id.kind) {
    case TimerKind::request_timeout: return scope_->faults.timeouts && slot.node->timer_matters(timer.id);
    case TimerKind::anti_entropy: return budget_used_[kAntiEntropyBudget] < scope_->periodic.anti_entropy;
    case TimerKind::maintenance: return budget_used_[kMaintenanceBudget] < scope_->periodic.maintenance;
    case TimerKind::flush: return budget_used_[kFlushBudget] < scope_->periodic.flush;
    // The leader-based store's: only while the node would act on it (a follower's or
    // candidate's current election timer, a leader's current heartbeat); a stale one is
    // dropped (drop_stale_raft_timers) rather than offered as a step that does nothing.
    case TimerKind::election:
      return budget_used_[kElectionBudget] < scope_->periodic.elections && slot.node->timer_matters(timer.id);
    case TimerKind::heartbeat:
      return budget_used_[kHeartbeatBudget] < scope_->periodic.heartbeats && slot.node->timer_matters(timer.id);
  }
  return false;
}

std::vector<Step> SystemState::steps() const {
  std::vector<Step> steps;
  std::vector<std::uint64_t> seen;
  auto first_time = [&](std::uint64_t print) {
    if (std::find(seen.begin(), seen.end(), print) != seen.end()) return false;
    seen.push_back(print);
    return true;
  };
  for (const InFlight& message : in_flight_)
    if (first_time(message.fingerprint)) steps.push_back(make_step(StepKind::deliver, message.envelope.to, 0, message.fingerprint));
  for (NodeId id = 0; id < nodes_.size(); ++id) {
    const NodeSlot& slot = nodes_[id];
    if (!slot.node) continue;
    for (const PendingTimer& timer : slot.timers)
      if (timer_enabled(slot, timer)) {
        Step step = make_step(StepKind::fire_timer, id);
        step.timer = timer.id;
        step.due_us = timer.due_us;
        steps.push_back(step);
      }
  }
  for (std::uint32_t c = 0; c < clients_.size(); ++c)
    if (!clients_[c].busy && clients_[c].next_op < scope_->workload.clients[c].size())
      steps.push_back(make_step(StepKind::invoke, 0, c));
  const FaultBudget& budget = scope_->faults;
  for (NodeId id = 0; id < nodes_.size(); ++id) {
    if (nodes_[id].node && budget_used_[kCrashBudget] < budget.crashes) steps.push_back(make_step(StepKind::crash, id));
    if (!nodes_[id].node) steps.push_back(make_step(StepKind::restart, id));
  }
  seen.clear();
  for (const InFlight& message : in_flight_) {
    if (message.envelope.from == message.envelope.to || !first_time(message.fingerprint)) continue;
    if (budget_used_[kLossBudget] < budget.losses)
      steps.push_back(make_step(StepKind::lose, message.envelope.to, 0, message.fingerprint));
    if (budget_used_[kDuplicateBudget] < budget.duplicates)
      steps.push_back(make_step(StepKind::duplicate, message.envelope.to, 0, message.fingerprint));
  }
  if (isolated_) steps.push_back(make_step(StepKind::heal));
  else if (budget_used_[kPartitionBudget] < budget.partitions)
    for (NodeId id = 0; id < nodes_.size(); ++id) steps.push_back(make_step(StepKind::partition, id));
  return steps;
}

bool SystemState::all_ops_done() const {
  for (std::uint32_t c = 0; c < clients_.size(); ++c)
    if (clients_[c].busy || clients_[c].next_op < scope_->workload.clients[c].size()) return false;
  return true;
}

bool SystemState::complete() const {
  if (!in_flight_.empty()) return false;
  for (const NodeSlot& slot : nodes_) {
    if (!slot.node) continue;
    for (const PendingTimer& timer : slot.timers)
      if (timer_enabled(slot, timer)) return false;
  }
  for (std::uint32_t c = 0; c < clients_.size(); ++c)
    if (!clients_[c].busy && clients_[c].next_op < scope_->workload.clients[c].size()) return false;
  return true;
}

std::size_t SystemState::in_flight_index(std::uint64_t print) const {
  std::size_t index = 0;
  while (index < in_flight_.size() && in_flight_[index].fingerprint != print) ++index;
  return index;
}

std::vector<SystemState::InFlight>::iterator SystemState::chosen_message(std::uint64_t print) {
  const std::size_t index = in_flight_index(print);
  QC_ASSERT(index < in_flight_.size());  // steps() offered it
  return in_flight_.begin() + static_cast<std::ptrdiff_t>(index);
}

void SystemState::do_deliver(const Step& step, Footprint& footprint) {
  const auto it = chosen_message(step.message);
  const Envelope envelope = std::move(it->envelope);
  in_flight_.erase(it);
  footprint.message = step.message;
  footprint.nodes |= bit(envelope.to);
  Outputs outputs = writable(envelope.to).on_message(input_clock(envelope.to), envelope);
  absorb(envelope.to, std::move(outputs), footprint);
}

void SystemState::do_timer(const Step& step, Footprint& footprint) {
  NodeSlot& slot = nodes_[step.node];
  const PendingTimer timer{step.timer, step.due_us};
  auto it = std::lower_bound(slot.timers.begin(), slot.timers.end(), timer);
  QC_ASSERT(it != slot.timers.end() && *it == timer);
  slot.timers.erase(it);
  footprint.nodes |= bit(step.node);
  footprint.budget = budget_of(step.timer.kind);
  if (footprint.budget != 0) ++budget_used_[footprint.budget];
  // A Raft timer does not move the clock to its due time (scope.h): that time comes from
  // the node's random draw, and the explorer has already chosen when the timer fires.
  const std::int64_t at_least = raft_timer(step.timer.kind) ? 0 : step.due_us;
  Outputs outputs = writable(step.node).on_timer(input_clock(step.node, at_least), step.timer);
  absorb(step.node, std::move(outputs), footprint);
}

void SystemState::do_invoke(const Step& step, Footprint& footprint) {
  ClientSlot& client = clients_[step.client];
  const WorkloadOp& op = scope_->workload.clients[step.client][client.next_op];
  footprint.invoked = true;
  client.request = ClientRequest{};
  client.request_id = (std::uint64_t{step.client} + 1) << 32 | client.next_op;
  ++client.next_op;
  client.request.request_id = client.request_id;
  client.request.op = client_op(op.kind);
  client.request.key = op.key;
  client.request.value = op.value;
  client.coordinator = coordinator_of(*scope_, step.client);
  client.busy = true;
  client.stamped = false;
  record(client.process, EventType::invoke, client.request, written_value(client.request), std::nullopt);
  footprint.nodes |= bit(client.coordinator);
  if (!nodes_[client.coordinator].node) {  // connection refused: certainly not done
    complete_op(step.client, EventType::fail, written_value(client.request),
                "coordinator n" + std::to_string(client.coordinator) + " is down", footprint);
    return;
  }
  Outputs outputs = writable(client.coordinator).on_client_request(input_clock(client.coordinator), client.request);
  absorb(client.coordinator, std::move(outputs), footprint);
}

void SystemState::do_crash(NodeId id, Footprint& footprint) {
  NodeSlot& slot = nodes_[id];
  slot.node.reset();  // with its timers and whatever it had not persisted
  slot.timers.clear();
  slot.told_down = 0;
  slot.fingerprint.reset();
  slot.split.reset();
  std::erase_if(in_flight_, [&](const InFlight& m) { return m.envelope.to == id; });
  for (std::uint32_t c = 0; c < clients_.size(); ++c) {
    const ClientSlot& client = clients_[c];
    if (!client.busy || client.coordinator != id) continue;
    complete_op(c, EventType::info, written_value(client.request), "coordinator crashed", footprint);
  }
  tell_peers(footprint);
}

void SystemState::do_restart(NodeId id, Footprint& footprint) {
  NodeSlot& slot = nodes_[id];
  ++slot.incarnation;
  std::shared_ptr<StoreNode> node = new_node(id, slot.incarnation);
  Outputs outputs = node->restart(input_clock(id), *slot.durable, slot.incarnation);
  slot.node = std::move(node);
  slot.told_down = 0;  // a restarted node presumes every peer up
  absorb(id, std::move(outputs), footprint);
  tell_peers(footprint);
}

Footprint SystemState::apply(const Step& step) {
  Footprint footprint;
  ++steps_taken_;
  switch (step.kind) {
    case StepKind::deliver: do_deliver(step, footprint); break;
    case StepKind::fire_timer: do_timer(step, footprint); break;
    case StepKind::invoke: do_invoke(step, footprint); break;
    case StepKind::crash:
      ++budget_used_[kCrashBudget];
      footprint.budget = kCrashBudget;
      do_crash(step.node, footprint);
      break;
    case StepKind::restart: do_restart(step.node, footprint); break;
    case StepKind::lose: {
      const auto it = chosen_message(step.message);
      footprint = Footprint{link_of(it->envelope), step.message, false, false, kLossBudget};
      in_flight_.erase(it);
      ++budget_used_[kLossBudget];
      break;
    }
    case StepKind::duplicate: {
      const auto it = chosen_message(step.message);
      footprint = Footprint{link_of(it->envelope), step.message, false, false, kDuplicateBudget};
      in_flight_.push_back(*it);
      ++budget_used_[kDuplicateBudget];
      break;
    }
    case StepKind::partition:
      isolated_ = step.node;
      ++budget_used_[kPartitionBudget];
      footprint.budget = kPartitionBudget;
      std::erase_if(in_flight_, [&](const InFlight& m) { return link_cut(m.envelope.from, m.envelope.to); });
      tell_peers(footprint);
      break;
    case StepKind::heal:
      isolated_.reset();
      footprint.budget = kPartitionBudget;
      tell_peers(footprint);
      break;
  }
  drop_moot_messages();
  drop_stale_raft_timers();
  return footprint;
}

// An election or heartbeat timer of an old generation, or an election timer of a leader
// (LeaderNode::timer_matters), never acts again: generations only grow, and a leader
// that steps down arms a new election timer. Firing it would change nothing but the
// node's clock, so it is no step, and it is not kept in the state either.
void SystemState::drop_stale_raft_timers() {
  if (!leader_store()) return;
  for (NodeSlot& slot : nodes_) {
    if (!slot.node) continue;
    std::erase_if(slot.timers, [&](const PendingTimer& timer) {
      return raft_timer(timer.id.kind) && !slot.node->timer_matters(timer.id);
    });
  }
}

// A reply its receiver ignores for good, or a read request whose answer its sender
// ignores for good, changes nothing whenever it is delivered, lost or duplicated
// (scope.h: it is not an input to the clock either): keeping it in flight would only
// multiply the states by the moments it could arrive.
void SystemState::drop_moot_messages() {
  std::erase_if(in_flight_, [&](const InFlight& m) {
    const auto& receiver = nodes_[m.envelope.to].node;
    if (receiver && receiver->ignores_for_good(m.envelope.message)) return true;
    const auto& sender = nodes_[m.envelope.from].node;
    return sender && sender->sent_moot_request(m.envelope.message);
  });
}

std::uint64_t SystemState::history_hash() const {
  std::uint64_t h = 0x6a09e667f3bcc909ULL;
  for (std::size_t c = 0; c < clients_.size(); ++c) h = hash_combine(h, recorded_ ? recorded_->per_client[c] : 0);
  return h;
}

std::uint64_t SystemState::full_log_hash(const NodeSlot& slot, std::vector<std::int64_t>* set_aside) const {
  if (set_aside == nullptr) return slot.durable_hash;
  std::uint64_t h = 0;  // as absorb() accumulates durable_hash
  for (const DurableRecord& record : *slot.durable) h = hash_combine(h, record_hash(record, set_aside));
  return h;
}

const SplitFingerprint& SystemState::split_fingerprint(const NodeSlot& slot) const {
  if (!slot.split) slot.split = std::make_shared<const SplitFingerprint>(slot.node->split_fingerprint());
  return *slot.split;
}

std::uint64_t SystemState::hash(bool forget) const { return canonical(forget, {}).hash; }

SystemState::Canonical SystemState::canonical(bool forget, const std::vector<Step>& steps) const {
  // Rule (4) of forgetting.cpp: timestamps by their rank. Each part's fingerprint with
  // its timestamps set aside gives them to the ranks, which then put them back renamed.
  std::optional<TimestampRanks> ranks;
  std::vector<SplitFingerprint> logs, messages_split;  // per node, per message in flight
  const std::optional<std::int64_t> below = forget ? rename_timestamps_below() : std::nullopt;
  if (below) {
    ranks.emplace(*below);
    for (const NodeSlot& slot : nodes_) {
      if (slot.node) ranks->collect(split_fingerprint(slot).timestamps);
      SplitFingerprint& log = logs.emplace_back();
      log.rest = durable_log_hash(slot, &log.timestamps);
      ranks->collect(log.timestamps);
    }
    for (const InFlight& message : in_flight_) {
      messages_split.push_back(qc::split_fingerprint(message.envelope));
      ranks->collect(messages_split.back().timestamps);
    }
    ranks->freeze();
  }
  const TimestampRanks* rank = ranks ? &*ranks : nullptr;
  std::vector<std::uint64_t> prints;  // of in_flight_, in order
  for (std::size_t i = 0; i < in_flight_.size(); ++i)
    prints.push_back(rank ? rank->join(messages_split[i]) : in_flight_[i].fingerprint);
  std::uint64_t h = 0xbb67ae8584caa73bULL;
  for (NodeId id = 0; id < nodes_.size(); ++id) {
    const NodeSlot& slot = nodes_[id];
    const bool clock_counts = !forget || clock_read_later(id);
    if (slot.node && !rank && !slot.fingerprint) slot.fingerprint = slot.node->fingerprint();
    const std::uint64_t node_print = !slot.node ? 0xdeadULL : rank ? rank->join(split_fingerprint(slot)) : *slot.fingerprint;
    h = hash_combine(h, node_print);
    h = hash_combine(h, clock_counts ? static_cast<std::uint64_t>(slot.counter) : 0);
    h = hash_combine(h, slot.incarnation);
    h = hash_combine(h, !forget ? slot.durable_hash : rank ? rank->join(logs[id]) : durable_log_hash(slot, nullptr));
    h = hash_combine(h, slot.told_down);
    for (const PendingTimer& timer : slot.timers) {
      // A request timeout that can never fire (timeouts out of scope) or would do
      // nothing (its op is done) decides nothing: left out, so that states differing
      // only in when a finished op's timer was set are one.
      if (timer.id.kind == TimerKind::request_timeout && !(slot.node && timer_enabled(slot, timer))) continue;
      h = hash_combine(h, (static_cast<std::uint64_t>(timer.id.kind) << 56) ^ timer.id.sequence);
      if (clock_counts && !raft_timer(timer.id.kind)) h = hash_combine(h, static_cast<std::uint64_t>(timer.due_us));
    }
  }
  std::uint64_t messages = 0;  // a multiset: the order in flight does not matter
  for (const std::uint64_t print : prints) messages += mix64(print ^ 0x3c6ef372fe94f82bULL);
  h = hash_combine(hash_combine(h, messages), in_flight_.size());
  for (const ClientSlot& client : clients_) {
    h = hash_combine(h, client.next_op);
    h = hash_combine(h, client.busy ? client.request_id : 0);
    h = hash_combine(h, static_cast<std::uint64_t>(client.process));
  }
  for (const std::uint32_t used : budget_used_) h = hash_combine(h, used);
  h = hash_combine(h, isolated_ ? *isolated_ + 1 : 0);
  // completions_ is the number of completions in the history, hashed below.
  if (!forget) h = hash_combine(h, completions_);
  Canonical result{hash_combine(h, history_hash()), {}};
  for (Step step : steps) {
    const bool names_message = step.kind == StepKind::deliver || step.kind == StepKind::lose || step.kind == StepKind::duplicate;
    if (rank && names_message) step.message = prints[in_flight_index(step.message)];
    result.step_keys.push_back(step.key());
  }
  return result;
}

History SystemState::history(bool finish) const {
  SystemState copy = *this;
  if (finish) {
    Footprint ignored;
    for (std::uint32_t c = 0; c < copy.clients_.size(); ++c) {
      if (!copy.clients_[c].busy) continue;
      const Value value = written_value(copy.clients_[c].request);
      copy.complete_op(c, EventType::info, value, "no reply when the execution ended", ignored);
    }
  }
  History history;
  history.source = "<exploration>";
  history.events.resize(copy.recorded_ ? copy.recorded_->count : 0);
  for (const Recorded* entry = copy.recorded_.get(); entry != nullptr; entry = entry->earlier.get())
    history.events[entry->count - 1] = entry->event;
  return history;
}

std::vector<std::shared_ptr<const StoreNode>> SystemState::healed_nodes(std::uint32_t rounds) const {
  SystemState copy = *this;
  Footprint ignored;
  copy.isolated_.reset();
  for (NodeId id = 0; id < copy.nodes_.size(); ++id)
    if (!copy.nodes_[id].node) copy.do_restart(id, ignored);
  copy.tell_peers(ignored);
  auto drain = [&] {
    for (std::size_t guard = 0; !copy.in_flight_.empty() && guard < 1'000'000; ++guard)
      copy.do_deliver(make_step(StepKind::deliver, 0, 0, copy.in_flight_.front().fingerprint), ignored);
  };
  drain();
  if (copy.leader_store()) {
    copy.heal_leader_store(rounds);
  } else {
    for (std::uint32_t round = 0; round < rounds; ++round) {
      for (NodeId id = 0; id < copy.nodes_.size(); ++id) {
        const std::vector<PendingTimer> due = copy.nodes_[id].timers;
        for (const PendingTimer& timer : due) {
          auto& timers = copy.nodes_[id].timers;
          timers.erase(std::find(timers.begin(), timers.end(), timer));
          Outputs outputs = copy.writable(id).on_timer(copy.input_clock(id, timer.due_us), timer.id);
          copy.absorb(id, std::move(outputs), ignored);
        }
        drain();
      }
    }
  }
  std::vector<std::shared_ptr<const StoreNode>> nodes;
  for (const NodeSlot& slot : copy.nodes_) nodes.push_back(slot.node);
  return nodes;
}

// The final heal of the leader-based store (healed_nodes): Raft has no anti-entropy, and
// a follower learns the commit index only from a leader's next AppendEntries. Each
// round, with no leader, the node whose log is the most up-to-date (last term, then
// length; the lowest id on a tie) fires its election timeout, which a majority grants
// unless some node has seen a higher term (the next round tries again, one term up);
// otherwise every leader fires its heartbeat (a deposed one learns of the newer term).
// Every message is delivered after each timer. The choice is fixed, so the end state
// is a function of the state healed.
void SystemState::heal_leader_store(std::uint32_t rounds) {
  Footprint ignored;
  auto drain = [&] {
    for (std::size_t guard = 0; !in_flight_.empty() && guard < 1'000'000; ++guard)
      do_deliver(make_step(StepKind::deliver, 0, 0, in_flight_.front().fingerprint), ignored);
    drop_stale_raft_timers();
  };
  auto live_timer = [&](NodeId id, TimerKind kind) -> std::optional<PendingTimer> {
    for (const PendingTimer& timer : nodes_[id].timers)
      if (timer.id.kind == kind && nodes_[id].node->timer_matters(timer.id)) return timer;
    return std::nullopt;
  };
  auto fire = [&](NodeId id, const PendingTimer& timer) {
    auto& timers = nodes_[id].timers;
    timers.erase(std::find(timers.begin(), timers.end(), timer));
    Outputs outputs = writable(id).on_timer(input_clock(id), timer.id);
    absorb(id, std::move(outputs), ignored);
    drain();
  };
  drain();
  for (std::uint32_t round = 0; round < rounds; ++round) {
    bool led = false;
    for (NodeId id = 0; id < nodes_.size(); ++id)
      if (const auto heartbeat = live_timer(id, TimerKind::heartbeat)) {
        fire(id, *heartbeat);
        led = true;
      }
    if (led) continue;
    std::optional<NodeId> candidate;
    std::pair<std::uint64_t, std::uint64_t> best{0, 0};
    for (NodeId id = 0; id < nodes_.size(); ++id) {
      const auto& node = dynamic_cast<const LeaderNode&>(*nodes_[id].node);
      const std::pair<std::uint64_t, std::uint64_t> last{node.log().empty() ? 0 : node.log().back().term,
                                                         node.last_log_index()};
      if (!candidate || last > best) {
        candidate = id;
        best = last;
      }
    }
    const auto election = live_timer(*candidate, TimerKind::election);
    QC_ASSERT(election.has_value());  // a node that does not lead has a live election timer
    fire(*candidate, *election);
  }
}

}  // namespace qc
