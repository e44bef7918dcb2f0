// Terms, votes and roles (Raft §5.2, §5.4.1): a follower that hears from no leader for a
// randomized timeout stands for election; a candidate that gathers a majority of votes
// leads its term; anyone who sees a higher term follows it.
#include "common/assert.h"
#include "impl/leader/leader_state.h"

namespace qc {

// A fresh timeout drawn from [min, max]; the generation makes every earlier election
// timer stale, so only the newest one counts.
void LeaderNode::State::arm_election_timer() {
  ++election_generation;
  const LeaderOptions& options = config.leader;
  const std::int64_t timeout_us =
      prng.between(options.election_timeout_min_us, options.election_timeout_max_us);
  set_timer(TimerKind::election, election_generation, timeout_us);
}

void LeaderNode::State::on_election_timeout(std::uint64_t generation) {
  if (generation != election_generation || role == Role::leader) return;  // stale
  ++term;
  role = Role::candidate;
  leader.reset();
  voted_for = id;
  votes = {id};
  persist_term_vote();  // before the RequestVotes of this Outputs leave
  arm_election_timer(); // a split vote: try again with a new term
  broadcast(RequestVote{term, last_index(), term_at(last_index())});
  if (votes.size() >= majority()) become_leader();  // a cluster of one
}

void LeaderNode::State::observe_term(std::uint64_t message_term) {
  if (message_term > term) become_follower(message_term);
}

// Follows `new_term` (>= term). A leader stepping down answers what it still owed and
// needs an election timer again; a candidate's own timer is still running.
void LeaderNode::State::become_follower(std::uint64_t new_term) {
  QC_ASSERT(new_term >= term);
  if (new_term > term) {
    term = new_term;
    voted_for.reset();
    leader.reset();
    persist_term_vote();
  }
  const bool was_leader = role == Role::leader;
  role = Role::follower;
  votes.clear();
  if (was_leader) {
    leader.reset();
    ++heartbeat_generation;  // the heartbeat timer goes stale
    abandon_leader_ops();
    arm_election_timer();
  }
}

void LeaderNode::State::become_leader() {
  QC_ASSERT(role == Role::candidate && (voted_for == id || invariants_may_break()));
  role = Role::leader;
  leader = id;
  votes.clear();
  ++election_generation;  // a leader stands for nothing: its election timer goes stale
  const std::size_t nodes = config.node_count;
  next_index.assign(nodes, last_index() + 1);
  match_index.assign(nodes, 0);
  acked_probe.assign(nodes, 0);
  // A no-op of its own term at once: entries of earlier terms commit only under one of
  // the current term (§5.4.2), and read_index reads wait for it too.
  append_local(LogEntry{term, "", stamp(ClientOp::put, "")});
  heartbeat();     // announce itself now, and every interval
  advance_commit();                          // a cluster of one commits alone
  release_held_requests();
}

bool LeaderNode::State::candidate_up_to_date(const RequestVote& request) const {
  const std::uint64_t own_last_term = term_at(last_index());
  if (request.last_log_term != own_last_term) return request.last_log_term > own_last_term;
  return request.last_log_index >= last_index();
}

void LeaderNode::State::on_request_vote(NodeId from, const RequestVote& request) {
  observe_term(request.term);
  bool granted = false;
  if (request.term == term) {
    bool free_to_vote = !voted_for || *voted_for == from;
    // PLANTED BUG vote_twice_in_a_term: the vote already cast this term is not checked,
    // so two candidates can both win a majority in one term.
    if (config.planted_bugs.vote_twice_in_a_term) free_to_vote = true;
    if (free_to_vote && candidate_up_to_date(request)) {
      granted = true;
      voted_for = from;
      persist_term_vote();  // the record leaves before the grant (same Outputs, in order)
      arm_election_timer();
    }
  }
  send(from, VoteReply{term, granted});
}

void LeaderNode::State::on_vote_reply(NodeId from, const VoteReply& vote) {
  observe_term(vote.term);
  if (role != Role::candidate || vote.term != term || !vote.granted) return;
  votes.insert(from);
  if (votes.size() >= majority()) become_leader();
}

}  // namespace qc
