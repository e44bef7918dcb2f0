// Steps as people read them, in counterexamples and replays.
#include <sstream>
#include <type_traits>

#include "modelcheck/system.h"

namespace qc {
namespace {

std::string version_text(const Version& v) {
  std::ostringstream out;
  out << (v.tombstone ? std::string("tombstone") : "\"" + v.value + "\"") << " @" << v.timestamp_us << "/n" << v.node;
  return out.str();
}

std::string optional_version(const std::optional<Version>& v) { return v ? version_text(*v) : "nothing"; }

std::string message_text(const Message& message) {
  return std::visit(
      [](const auto& m) -> std::string {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, WriteRequest>)
          return "write_request op " + std::to_string(m.op_id) + " " + m.key + " = " + version_text(m.version) +
                 (m.hint_for ? " (hint for n" + std::to_string(*m.hint_for) + ")" : "");
        else if constexpr (std::is_same_v<M, WriteAck>) return "write_ack op " + std::to_string(m.op_id);
        else if constexpr (std::is_same_v<M, ReadRequest>) return "read_request op " + std::to_string(m.op_id) + " " + m.key;
        else if constexpr (std::is_same_v<M, ReadResponse>)
          return "read_response op " + std::to_string(m.op_id) + " " + optional_version(m.version);
        else if constexpr (std::is_same_v<M, HintHandoff>) return "hint_handoff " + m.key + " = " + version_text(m.version);
        else if constexpr (std::is_same_v<M, HintAck>) return "hint_ack " + m.key;
        else if constexpr (std::is_same_v<M, AeCompare>)
          return "ae_compare range " + std::to_string(m.range) + " (" + std::to_string(m.hashes.size()) + " hashes)";
        else if constexpr (std::is_same_v<M, AeLeafDigests>)
          return "ae_leaf_digests range " + std::to_string(m.range) + " (" + std::to_string(m.entries.size()) + " entries)";
        else if constexpr (std::is_same_v<M, AeKeys>)
          return "ae_keys range " + std::to_string(m.range) + " (" + std::to_string(m.versions.size()) + " versions)";
        else if constexpr (std::is_same_v<M, RequestVote>)
          return "request_vote term " + std::to_string(m.term) + " (log " + std::to_string(m.last_log_index) + "@" +
                 std::to_string(m.last_log_term) + ")";
        else if constexpr (std::is_same_v<M, VoteReply>)
          return std::string(m.granted ? "vote granted" : "vote refused") + " term " + std::to_string(m.term);
        else if constexpr (std::is_same_v<M, AppendEntries>)
          return "append_entries term " + std::to_string(m.term) + " after " + std::to_string(m.prev_index) + " (" +
                 std::to_string(m.entries.size()) + " entries, commit " + std::to_string(m.leader_commit) + ")";
        else if constexpr (std::is_same_v<M, AppendReply>)
          return std::string(m.success ? "append ok" : "append refused") + " term " + std::to_string(m.term) +
                 " match " + std::to_string(m.match_index);
        else if constexpr (std::is_same_v<M, ForwardRequest>)
          return "forward request " + std::to_string(m.forward_id) + " " + m.request.key;
        else
          return "forward reply " + std::to_string(m.forward_id) + " " + to_string(m.reply.outcome);
      },
      message);
}

const char* timer_text(TimerKind kind) {
  switch (kind) {
    case TimerKind::request_timeout: return "request timeout";
    case TimerKind::anti_entropy: return "anti-entropy round";
    case TimerKind::flush: return "flush";
    case TimerKind::maintenance: return "maintenance";
    case TimerKind::election: return "election timeout";
    case TimerKind::heartbeat: return "heartbeat";
  }
  return "timer";
}

}  // namespace

const Envelope* SystemState::message(std::uint64_t print) const {
  const std::size_t index = in_flight_index(print);
  return index < in_flight_.size() ? &in_flight_[index].envelope : nullptr;
}

std::string SystemState::describe(const Step& step) const {
  const std::string node = "n" + std::to_string(step.node);
  auto envelope_text = [&]() -> std::string {
    const Envelope* e = message(step.message);
    if (e == nullptr) return "a message no longer in flight";
    return "n" + std::to_string(e->from) + " -> n" + std::to_string(e->to) + " " + message_text(e->message);
  };
  switch (step.kind) {
    case StepKind::deliver: return "deliver " + envelope_text();
    case StepKind::lose: return "lose " + envelope_text();
    case StepKind::duplicate: return "duplicate " + envelope_text();
    case StepKind::fire_timer: {
      std::string text = std::string("fire ") + timer_text(step.timer.kind) + " at " + node;
      if (step.timer.kind == TimerKind::request_timeout) text += " (op " + std::to_string(step.timer.sequence) + ")";
      return text;
    }
    case StepKind::invoke: {
      const auto& ops = scope_->workload.clients[step.client];
      const std::size_t next = clients_[step.client].next_op;
      std::string text = "client " + std::to_string(step.client) + " invokes ";
      if (next < ops.size()) {
        const WorkloadOp& op = ops[next];
        text += std::string(history_f(op.kind)) + " " + op.key + (op.value.empty() ? "" : " = \"" + op.value + "\"");
      }
      return text + " at n" + std::to_string(coordinator_of(*scope_, step.client));
    }
    case StepKind::crash: return "crash " + node;
    case StepKind::restart: return "restart " + node;
    case StepKind::partition: return "partition: cut " + node + " from the others";
    case StepKind::heal: return "heal the partition";
  }
  return "?";
}

}  // namespace qc
