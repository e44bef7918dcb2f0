#pragma once
// LeaderNode's private state and the steps that change it, shared by the files of
// impl/leader/: leader_node.cpp (plumbing, restart, fingerprint), election.cpp (terms,
// votes, roles), replication.cpp (the log, commit, apply) and client.cpp (client
// requests, forwarding, reads). Not a public header: only impl/leader/ includes it.
//
// Figure 2 of the Raft paper, names and all: term and voted_for persist (term_vote
// records, emitted at once in either durability); the log persists (log_entry and
// log_truncate records, which volatile durability holds back until the next flush);
// the rest is volatile and rebuilt after a restart from what the leader tells.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/prng.h"
#include "impl/leader/leader_node.h"

namespace qc {

// At most this many entries ride in one AppendEntries; a follower far behind catches up
// over several round trips rather than in one huge message.
inline constexpr std::size_t kEntriesPerAppendMax = 64;

// How many forward ids a leader remembers per follower, to drop duplicated forwards: far
// more than the requests one follower has in flight at once.
inline constexpr std::size_t kForwardsRemembered = 256;

struct LeaderNode::State {
  // One client operation this node has not answered yet.
  enum class Stage : std::uint8_t {
    awaiting_leader, // no leader known when it came: held until one is (or its timeout)
    forwarded,       // a follower's: sent to the leader, waits for its ForwardReply
    write_commit,    // the leader's put/del: waits until its entry is applied (sync)
    read_term,       // the leader's read_index get: waits for a committed entry of its term
    read_confirm,    // ... then for a majority to ack `probe` and applied >= read_index
  };
  struct PendingOp {
    ClientRequest request;           // request_id is the client's, also when forwarded
    std::optional<NodeId> forwarder; // set when a follower forwarded it to this leader
    std::uint64_t forward_id = 0;    // the forwarder's id for it
    Stage stage = Stage::forwarded;
    std::uint64_t log_index = 0;     // write_commit: its entry
    Version version;                 // write_commit: what the entry was stamped with
    std::uint64_t read_index = 0;    // read_confirm
    std::uint64_t probe = 0;         // read_confirm
  };

  State(Config config, NodeId id, std::uint64_t seed);

  // leader_node.cpp: plumbing
  void send(NodeId to, Message message);
  void broadcast(const Message& message);  // to every other node
  void reply(ClientReply reply);
  void persist_term_vote();
  void persist_log(DurableRecord record);
  void set_timer(TimerKind kind, std::uint64_t sequence, std::int64_t delay_us);
  void flush();
  void replay(const DurableRecord& record);
  std::uint32_t majority() const { return config.node_count / 2 + 1; }
  // The planted safety bugs and volatile durability (a follower forgets entries it
  // acknowledged, then votes as if it never had them) break invariants this node would
  // otherwise assert (one leader a term, log matching, committed entries never cut);
  // with one of them on it carries on instead, so that the harness's checkers notice.
  bool invariants_may_break() const {
    return config.planted_bugs.vote_twice_in_a_term || config.planted_bugs.commit_earlier_term_by_count ||
           config.durability == Durability::volatile_;
  }

  // election.cpp
  void arm_election_timer();
  void on_election_timeout(std::uint64_t generation);
  void observe_term(std::uint64_t message_term);  // a higher term: follow it
  void become_follower(std::uint64_t new_term);
  void become_leader();
  void on_request_vote(NodeId from, const RequestVote& request);
  void on_vote_reply(NodeId from, const VoteReply& reply);
  bool candidate_up_to_date(const RequestVote& request) const;

  // replication.cpp
  std::uint64_t last_index() const { return log.size(); }
  std::uint64_t term_at(std::uint64_t index) const { return index == 0 ? 0 : log[index - 1].term; }
  const LogEntry& entry_at(std::uint64_t index) const { return log[index - 1]; }
  std::uint64_t append_local(LogEntry entry);  // the leader's own new entry; its index
  Version stamp(ClientOp op, const std::string& value) const;
  void send_append(NodeId peer);
  void broadcast_append();  // to every follower: what it lacks, or nothing (a heartbeat)
  void heartbeat();         // broadcast_append, and again in heartbeat_interval_us
  void on_heartbeat_timer(std::uint64_t generation);
  void truncate_from(std::uint64_t index);
  void on_append_entries(NodeId from, const AppendEntries& append);
  void on_append_reply(NodeId from, const AppendReply& reply);
  void advance_commit();
  void set_commit(std::uint64_t index);
  void apply_committed();

  // client.cpp
  void on_client_request(const ClientRequest& request);
  void on_forward_request(NodeId from, const ForwardRequest& forward);
  void on_forward_reply(const ForwardReply& forward);
  void lead(const ClientRequest& request, std::optional<NodeId> forwarder, std::uint64_t forward_id);
  void forward(const ClientRequest& request);
  void hold_until_leader_known(const ClientRequest& request);
  void release_held_requests();  // a leader is known now: lead or forward what waited
  void answer(const PendingOp& op, ClientReply reply);
  void answer_now(const ClientRequest& request, std::optional<NodeId> forwarder,
                  std::uint64_t forward_id, ClientReply reply);
  ClientReply read_reply(const ClientRequest& request) const;  // from the applied state
  void on_request_timeout(std::uint64_t op_id);
  void start_read_round();
  void answer_ready_ops();
  bool probe_confirmed(std::uint64_t probe) const;
  bool committed_current_term() const { return commit_index > 0 && term_at(commit_index) == term; }
  void abandon_leader_ops();  // stepping down: every op this leader owed an answer

  Config config;
  NodeId id;
  Prng prng;
  Clock clock;
  Outputs out;  // built by the input being handled

  // Persistent (figure 2), replayed at restart.
  std::uint64_t term = 0;
  std::optional<NodeId> voted_for;
  std::vector<LogEntry> log;  // log[i] holds index i + 1

  // Volatile, every role.
  Role role = Role::follower;
  std::optional<NodeId> leader;  // the leader of `term`, once heard from
  std::uint64_t commit_index = 0;
  std::uint64_t applied_index = 0;
  std::map<std::string, Version> applied;  // the state machine: key -> version (tombstones kept)
  std::uint64_t election_generation = 0;   // TimerId::sequence of the live election timer
  std::uint64_t heartbeat_generation = 0;  // TimerId::sequence of the live heartbeat timer

  // Candidate.
  std::set<NodeId> votes;

  // Leader (reset on election).
  std::vector<std::uint64_t> next_index;   // by node id
  std::vector<std::uint64_t> match_index;  // by node id
  std::vector<std::uint64_t> acked_probe;  // by node id: highest probe acked this term
  std::uint64_t probe_counter = 0;         // the last probe sent (never reused)
  // Per forwarder, the ids of its latest kForwardsRemembered forwards: dedupes copies.
  std::map<NodeId, std::set<std::uint64_t>> forwards_seen;

  // Client operations, by op id (also the forward id and the request timer's sequence).
  std::map<std::uint64_t, PendingOp> pending;
  std::uint64_t next_op_id = 1;
  std::vector<DurableRecord> unflushed;  // volatile durability: log records not yet persisted
};

}  // namespace qc
