// LeaderNode's lifecycle and plumbing: inputs in, Outputs out, persistence, timers,
// restart from the durable log, and the inspection a driver or explorer asks for.
// Elections, replication and client requests live in their own files.
#include "impl/leader/leader_node.h"

#include <type_traits>
#include <utility>
#include <variant>

#include "common/assert.h"
#include "impl/fingerprint.h"
#include "impl/leader/leader_state.h"

namespace qc {

LeaderNode::State::State(Config config_in, NodeId id_in, std::uint64_t seed)
    : config(config_in), id(id_in), prng(seed) {
  QC_ASSERT(config.store == StoreKind::leader && validate(config).is_ok());
  QC_ASSERT(id < config.node_count);
}

LeaderNode::LeaderNode(Config config, NodeId id, std::uint64_t seed)
    : state_(std::make_unique<State>(config, id, seed)) {}
LeaderNode::~LeaderNode() = default;
LeaderNode::LeaderNode(const LeaderNode& other) : state_(std::make_unique<State>(*other.state_)) {}
std::unique_ptr<StoreNode> LeaderNode::clone() const { return std::make_unique<LeaderNode>(*this); }

namespace {

// Runs one input: the clock moves on, the handler fills state.out, the caller gets it.
template <typename Handler>
Outputs run(LeaderNode::State& state, Clock clock, Handler&& handler) {
  QC_ASSERT(clock.now_us >= state.clock.now_us);
  state.clock = clock;
  const Outputs& out = state.out;
  QC_ASSERT(out.messages.empty() && out.replies.empty() && out.timers.empty() && out.records.empty());
  std::forward<Handler>(handler)();
  return std::exchange(state.out, Outputs{});
}

void arm_start_timers(LeaderNode::State& state) {
  state.arm_election_timer();
  if (state.config.durability == Durability::volatile_)
    state.set_timer(TimerKind::flush, 0, state.config.flush_interval_us);
}

}  // namespace

Outputs LeaderNode::start(Clock clock) {
  return run(*state_, clock, [&] { arm_start_timers(*state_); });
}

Outputs LeaderNode::restart(Clock clock, const std::vector<DurableRecord>& durable_log,
                            std::uint64_t incarnation) {
  QC_ASSERT(incarnation > 0 && incarnation < (1ULL << 20));
  // Forward ids of this incarnation never collide with those of earlier ones, whose
  // ForwardReplies may still be in flight.
  state_->next_op_id = (incarnation << 43) + 1;
  return run(*state_, clock, [&] {
    for (const DurableRecord& record : durable_log) state_->replay(record);
    // commit_index starts at 0 and the state machine empty: the leader's commit index
    // re-applies what is committed.
    arm_start_timers(*state_);
  });
}

Outputs LeaderNode::on_client_request(Clock clock, const ClientRequest& request) {
  return run(*state_, clock, [&] { state_->on_client_request(request); });
}

Outputs LeaderNode::on_message(Clock clock, const Envelope& envelope) {
  QC_ASSERT(envelope.to == state_->id && envelope.from < state_->config.node_count);
  QC_ASSERT(envelope.from != state_->id);  // this store never sends to itself
  return run(*state_, clock, [&] {
    State& s = *state_;
    const NodeId from = envelope.from;
    std::visit(
        [&](const auto& m) {
          using M = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<M, RequestVote>) s.on_request_vote(from, m);
          else if constexpr (std::is_same_v<M, VoteReply>) s.on_vote_reply(from, m);
          else if constexpr (std::is_same_v<M, AppendEntries>) s.on_append_entries(from, m);
          else if constexpr (std::is_same_v<M, AppendReply>) s.on_append_reply(from, m);
          else if constexpr (std::is_same_v<M, ForwardRequest>) s.on_forward_request(from, m);
          else if constexpr (std::is_same_v<M, ForwardReply>) s.on_forward_reply(m);
          else QC_ASSERT(!"a leaderless store's message reached a leader-based node");
        },
        envelope.message);
  });
}

Outputs LeaderNode::on_timer(Clock clock, TimerId timer) {
  return run(*state_, clock, [&] {
    switch (timer.kind) {
      case TimerKind::election: state_->on_election_timeout(timer.sequence); break;
      case TimerKind::heartbeat: state_->on_heartbeat_timer(timer.sequence); break;
      case TimerKind::request_timeout: state_->on_request_timeout(timer.sequence); break;
      case TimerKind::flush: state_->flush(); break;
      case TimerKind::anti_entropy:
      case TimerKind::maintenance: QC_ASSERT(!"a leaderless store's timer reached a leader-based node");
    }
  });
}

// Raft needs no failure detector: its own timeouts decide.
Outputs LeaderNode::on_peer_status(Clock clock, NodeId peer, bool up) {
  QC_ASSERT(peer < state_->config.node_count);
  (void)up;
  return run(*state_, clock, [] {});
}

void LeaderNode::recycle(Outputs&& spent) {
  spent.messages.clear();
  spent.replies.clear();
  spent.timers.clear();
  spent.records.clear();
  state_->out = std::move(spent);
}

NodeId LeaderNode::id() const { return state_->id; }
const Config& LeaderNode::config() const { return state_->config; }
LeaderNode::Role LeaderNode::role() const { return state_->role; }
std::uint64_t LeaderNode::term() const { return state_->term; }
std::uint64_t LeaderNode::commit_index() const { return state_->commit_index; }
std::uint64_t LeaderNode::last_log_index() const { return state_->last_index(); }
std::optional<NodeId> LeaderNode::voted_for() const { return state_->voted_for; }
std::optional<NodeId> LeaderNode::known_leader() const { return state_->leader; }
const std::vector<LogEntry>& LeaderNode::log() const { return state_->log; }

std::optional<Version> LeaderNode::version_of(const std::string& key) const {
  const auto found = state_->applied.find(key);
  if (found == state_->applied.end()) return std::nullopt;
  return found->second;  // tombstones too: the harness compares versions
}

std::size_t LeaderNode::pending_requests() const { return state_->pending.size(); }
std::size_t LeaderNode::unflushed_records() const { return state_->unflushed.size(); }

const AntiEntropyStats& LeaderNode::anti_entropy_stats() const {
  static const AntiEntropyStats none;  // Raft's log replication needs no anti-entropy
  return none;
}

bool LeaderNode::timer_matters(TimerId timer) const {
  const State& s = *state_;
  switch (timer.kind) {
    case TimerKind::election: return timer.sequence == s.election_generation && s.role != Role::leader;
    case TimerKind::heartbeat: return timer.sequence == s.heartbeat_generation && s.role == Role::leader;
    case TimerKind::request_timeout: return s.pending.count(timer.sequence) > 0;
    case TimerKind::flush: return true;  // it re-arms itself
    case TimerKind::anti_entropy:
    case TimerKind::maintenance: return false;
  }
  return true;
}

// Replies this node ignores now and at every later input, by the rules of election.cpp
// and replication.cpp: a VoteReply of an older term, or of its term once it is no longer
// a candidate; an AppendReply of an older term, or of its term while it follows. Terms
// never go back (a restart replays the term, persisted at once in either durability),
// and a node is candidate or leader in a term only by raising its term to it, so such a
// reply stays ignored.
bool LeaderNode::ignores_for_good(const Message& message) const {
  const State& s = *state_;
  if (const auto* vote = std::get_if<VoteReply>(&message))
    return vote->term < s.term || (vote->term == s.term && s.role != Role::candidate);
  if (const auto* append = std::get_if<AppendReply>(&message))
    return append->term < s.term || (append->term == s.term && s.role == Role::follower);
  return false;
}
bool LeaderNode::sent_moot_request(const Message&) const { return false; }

// Everything that decides future behaviour. Left out: the last Clock (each input brings
// its own), `out` (empty between inputs) and the Config (fixed). The PRNG's state is
// private to Prng; two draws from a copy stand for it (equal states draw alike).
std::uint64_t LeaderNode::fingerprint() const { return fingerprint_through(nullptr); }

SplitFingerprint LeaderNode::split_fingerprint() const {
  SplitFingerprint split;
  split.rest = fingerprint_through(&split.timestamps);
  return split;
}

std::uint64_t LeaderNode::fingerprint_through(std::vector<std::int64_t>* set_aside) const {
  const State& s = *state_;
  Fingerprint f(set_aside);
  f.add(s.id);
  f.add(s.term);
  f.add(s.voted_for);
  const auto add_entry = [&](const LogEntry& entry) {
    f.add(entry.term);
    f.add(entry.key);
    f.add(entry.version);
  };
  f.add_sequence(s.log, add_entry);
  f.add(s.role);
  f.add(s.leader);
  f.add(s.commit_index);
  f.add(s.applied_index);
  f.add_sequence(s.applied);
  f.add(s.election_generation);
  f.add(s.heartbeat_generation);
  f.add_sequence(s.votes);
  f.add_sequence(s.next_index);
  f.add_sequence(s.match_index);
  f.add_sequence(s.acked_probe);
  f.add(s.probe_counter);
  f.add_sequence(s.forwards_seen, [&](const auto& node_ids) {
    f.add(node_ids.first);
    f.add_sequence(node_ids.second);
  });
  f.add_sequence(s.pending, [&](const auto& id_op) {
    const State::PendingOp& op = id_op.second;
    f.add(id_op.first);
    f.add(op.request.request_id);
    f.add(op.request.op);
    f.add(op.request.key);
    f.add(op.request.value);
    f.add(op.forwarder);
    f.add(op.forward_id);
    f.add(op.stage);
    f.add(op.log_index);
    f.add(op.version);
    f.add(op.read_index);
    f.add(op.probe);
  });
  f.add(s.next_op_id);
  f.add_sequence(s.unflushed, [&](const DurableRecord& record) {
    f.add(record.kind);
    f.add(record.key);
    f.add(record.version);
    f.add(record.term);
    f.add(record.index);
  });
  Prng copy = s.prng;
  f.add(copy.next_u64());
  f.add(copy.next_u64());
  return f.value();
}

// ---- plumbing ---------------------------------------------------------------------

void LeaderNode::State::send(NodeId to, Message message) {
  QC_ASSERT(to < config.node_count && to != id);
  out.messages.push_back(Envelope{id, to, std::move(message)});
}

void LeaderNode::State::broadcast(const Message& message) {
  for (NodeId peer = 0; peer < config.node_count; ++peer)
    if (peer != id) send(peer, message);
}

void LeaderNode::State::reply(ClientReply client_reply) { out.replies.push_back(std::move(client_reply)); }

// The term and vote persist at once in either durability: a vote forgotten in a crash
// could be cast again for another candidate in the same term.
void LeaderNode::State::persist_term_vote() {
  DurableRecord record;
  record.kind = RecordKind::term_vote;
  record.term = term;
  record.has_vote = voted_for.has_value();
  record.voted_for = voted_for.value_or(0);
  out.records.push_back(std::move(record));
}

// Log records keep their order in either durability (a truncation must not overtake
// the entries it cuts), so volatile mode holds them all back until the next flush.
void LeaderNode::State::persist_log(DurableRecord record) {
  if (config.durability == Durability::volatile_)
    unflushed.push_back(std::move(record));
  else
    out.records.push_back(std::move(record));
}

void LeaderNode::State::set_timer(TimerKind kind, std::uint64_t sequence, std::int64_t delay_us) {
  QC_ASSERT(delay_us > 0);
  out.timers.push_back(TimerRequest{TimerId{kind, sequence}, clock.now_us + delay_us});
}

void LeaderNode::State::flush() {
  for (DurableRecord& record : unflushed) out.records.push_back(std::move(record));
  unflushed.clear();
  set_timer(TimerKind::flush, 0, config.flush_interval_us);
}

void LeaderNode::State::replay(const DurableRecord& record) {
  switch (record.kind) {
    case RecordKind::term_vote:
      QC_ASSERT(record.term >= term);
      term = record.term;
      voted_for = record.has_vote ? std::optional<NodeId>(record.voted_for) : std::nullopt;
      break;
    case RecordKind::log_entry:
      QC_ASSERT(record.index == log.size() + 1);  // truncations come first
      log.push_back(LogEntry{record.term, record.key, record.version});
      break;
    case RecordKind::log_truncate:
      QC_ASSERT(record.index >= 1 && record.index <= log.size() + 1);
      log.resize(record.index - 1);
      break;
    case RecordKind::put_version:
    case RecordKind::erase_version:
    case RecordKind::put_hint:
    case RecordKind::erase_hint: QC_ASSERT(!"a leaderless store's record in a leader-based node's log");
  }
}

}  // namespace qc
