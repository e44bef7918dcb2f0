#pragma once
// The simulator's choice point (DESIGN.md: "The simulator exposes the set of enabled
// events and lets a strategy pick one").
//
// Every pending event has a virtual time and a sequence number (the order it was
// scheduled in). Before each step the simulator offers the strategy the ENABLED events:
// every pending event whose time is within window_us() of the earliest pending time,
// at most kEnabledMax of them, sorted by (time_us, sequence). The strategy returns the
// position of the one to run. Virtual time then advances to that event's time (it never
// goes back): events left behind stay pending and run later, "late", at the then
// current time. So a strategy reorders deliveries by choosing a later message first:
//   - TimeOrderStrategy (the default) always takes position 0, i.e. the (time, sequence)
//     order: latencies drawn from the configured distributions decide everything.
//   - A PCT strategy gives the enabled events priorities and takes the highest,
//     changing priorities at a few random steps (Burckhardt et al., 2010).
//   - An exhaustive explorer, with a window wide enough to hold every in-flight
//     message, tries each position in turn and backtracks (it needs a fresh Simulator
//     per branch, replaying its earlier choices: runs are deterministic).
// Only the strategy's choice differs between runs with the same seed and config; the
// strategy must itself be deterministic (use qc::Prng with a seed if it draws).
#include <cstdint>
#include <optional>
#include <vector>

#include "impl/config.h"
#include "impl/messages.h"

namespace qc {

enum class SimEventKind : std::uint8_t {
  deliver_message,  // a message arrives at `node` from `from`
  fire_timer,       // one of `node`'s timers
  client_invoke,    // a client process issues its next op (node: none)
  client_request,   // a client's request reaches its coordinator `node`
  client_timeout,   // a client gives up waiting
  final_heal,       // the final heal, once every client has finished
  peer_status,      // `node`'s failure detector rechecks `from`
  client_reply,     // a coordinator's reply reaches its client (node: none)
};

const char* to_string(SimEventKind kind);

// What a strategy may look at; it never sees (or changes) message contents.
struct EnabledEvent {
  std::int64_t time_us = 0;
  std::uint64_t sequence = 0;
  SimEventKind kind = SimEventKind::fire_timer;
  std::optional<NodeId> node;                   // the node that takes the input
  std::optional<NodeId> from;                   // deliver_message, peer_status
  std::optional<MessageClass> message_class;    // deliver_message
};

inline constexpr std::size_t kEnabledMax = 256;

class Strategy {
 public:
  virtual ~Strategy() = default;
  // How far beyond the earliest pending time events count as enabled (0: only the
  // events at the earliest time, i.e. ties).
  virtual std::int64_t window_us() const = 0;
  // `enabled` is non-empty and sorted by (time_us, sequence); returns an index into it.
  virtual std::size_t pick(const std::vector<EnabledEvent>& enabled, std::int64_t now_us) = 0;
  // True when pick() always returns 0: the simulator then skips building the enabled
  // set (the hot path). Only the default strategy should say so.
  virtual bool always_earliest() const { return false; }
};

class TimeOrderStrategy final : public Strategy {
 public:
  std::int64_t window_us() const override { return 0; }
  std::size_t pick(const std::vector<EnabledEvent>&, std::int64_t) override { return 0; }
  bool always_earliest() const override { return true; }
};

}  // namespace qc
