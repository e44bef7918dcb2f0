#pragma once
// One node of impl/ as a real server (README, "Real network"): the same Node the
// simulator and the model checker drive, here driven by a Boost.Asio event loop on one
// thread. The node never learns which driver runs it.
//
// One TCP port serves both kinds of connection; the first byte tells them apart:
//   - 0x00: a peer node. Then frames (net/wire.h), each an Envelope to this node.
//   - anything else: a client speaking RESP2 (GET, SET, DEL, PING, INFO, QC.STATUS).
// The driver's duties (impl/node.h) carried out here:
//   - durable records are appended to the log in --data and fsync'd before any message
//     or reply of the same input leaves (net/log_file.h); a failed append ends the
//     process (exit 74): nothing after it may claim durability;
//   - timers from the steady clock; the wall clock is the system clock plus an offset;
//   - a peer whose connection fails or closes is reported down to the node, and up once
//     a connection succeeds again; messages to a peer with no connection are lost (as
//     the simulator loses messages to a node that is down), and those waiting on a
//     connection sit in a bounded queue (lost beyond it);
//   - a restart rebuilds the node from the log, with an incarnation one above the last
//     one (kept in --data/incarnation), so op ids are never reused.
// Bad bytes on any connection close that connection with a log line; a client that
// holds a partial command longer than client_idle_timeout_ms is closed too.
#include <cstdint>
#include <map>
#include <ostream>
#include <string>

#include "common/status.h"
#include "impl/config.h"

namespace qc {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};

// "127.0.0.1:7001" -> {host, port}; ErrorKind::usage naming `what` on a bad one.
Result<HostPort> parse_host_port(const std::string& text, const std::string& what);

struct NodeServerOptions {
  Config store;
  NodeId id = 0;
  HostPort listen;
  std::map<NodeId, HostPort> peers;  // every other node of the cluster
  std::string data_dir;
  std::int64_t client_idle_timeout_ms = 30'000;
  std::size_t peer_queue_bytes_max = 64u << 20;
  // When set: every input the node takes, with its Clock, and the outputs it returned,
  // appended (fsync'd) to this file before they are carried out (net/input_record.h).
  std::string record_inputs;
};

// Every node id other than options.id below store.node_count has an address, no other
// id does, and the data directory is given.
Status validate(const NodeServerOptions& options);

// Runs the node until SIGINT or SIGTERM (exit 0), or a fatal error: the data directory
// or the port unusable (the Status), a failed log append (exits the process, 74: EX_IOERR).
// Log lines go to `log`.
Status run_node_server(const NodeServerOptions& options, std::ostream& log);

}  // namespace qc
