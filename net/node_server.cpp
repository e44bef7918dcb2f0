// The Asio driver of one Node (node_server.h). One thread, one io_context: every input
// reaches the Node from a handler of that loop, so calls never overlap.
#include "net/node_server.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include <boost/asio.hpp>

#include "impl/leader/leader_node.h"
#include "impl/node.h"
#include "net/input_record.h"
#include "net/log_file.h"
#include "net/node_faults.h"
#include "net/resp.h"
#include "net/wire.h"

namespace qc {

namespace asio = boost::asio;
using asio::ip::tcp;

Result<HostPort> parse_host_port(const std::string& text, const std::string& what) {
  const auto colon = text.rfind(':');
  const auto bad = [&](const std::string& why) {
    return Status::error(ErrorKind::usage, what + " '" + text + "': " + why + " (expected HOST:PORT, e.g. 127.0.0.1:7001)");
  };
  if (colon == std::string::npos || colon == 0) return bad("no host or no ':'");
  const std::string port_text = text.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos)
    return bad("the port is not a number");
  const unsigned long port = std::stoul(port_text);
  if (port == 0 || port > 65535) return bad("the port is not 1 to 65535");
  return HostPort{text.substr(0, colon), static_cast<std::uint16_t>(port)};
}

Status validate(const NodeServerOptions& options) {
  if (Status s = validate(options.store); !s.is_ok()) return s;
  if (options.id >= options.store.node_count)
    return Status::error(ErrorKind::usage, "--id " + std::to_string(options.id) + " is not a node of a " +
                                               std::to_string(options.store.node_count) + "-node cluster");
  for (const auto& [peer, address] : options.peers) {
    if (peer == options.id || peer >= options.store.node_count)
      return Status::error(ErrorKind::usage, "--peers names node " + std::to_string(peer) +
                                                 ", which is this node or not in the cluster");
  }
  for (NodeId peer = 0; peer < options.store.node_count; ++peer) {
    if (peer != options.id && !options.peers.count(peer))
      return Status::error(ErrorKind::usage, "--peers has no address for node " + std::to_string(peer));
  }
  if (options.data_dir.empty()) return Status::error(ErrorKind::usage, "--data is required");
  return Status::ok();
}

namespace {

constexpr char kPeerMagic = '\0';
// Commands of one client connection taken but not yet answered: past this, the
// connection is not read until replies go out (a pipelining client cannot grow the
// node's memory without bound).
constexpr std::size_t kPendingCommandsMax = 1024;

class Server;

// A client connection: RESP in, replies out in the order the commands came, whatever
// order the node finishes them in.
class ClientConnection : public std::enable_shared_from_this<ClientConnection> {
 public:
  ClientConnection(Server& server, tcp::socket socket, std::string first_bytes);
  void start();
  void complete(std::uint64_t request_id, std::string reply);
  void close(const std::string& why);

 private:
  void read();
  void on_bytes(std::string_view bytes);
  void run_command(const std::vector<std::string>& args);
  void answer_now(std::string reply);
  void flush();
  void write_next();
  void arm_idle_timer();

  struct Slot {
    std::uint64_t request_id = 0;  // 0: answered at once
    std::optional<std::string> reply;
  };
  Server& server_;
  tcp::socket socket_;
  asio::steady_timer idle_timer_;
  RespParser parser_;
  std::deque<Slot> slots_;
  std::deque<std::string> outgoing_;
  bool writing_ = false, closing_ = false;
  bool reading_paused_ = false;  // kPendingCommandsMax commands wait for their replies
  std::array<char, 16 * 1024> buffer_{};
  std::string peer_name_;
};

// The outgoing link to one peer: connects, reconnects with backoff, queues frames.
class PeerLink {
 public:
  PeerLink(Server& server, NodeId peer, HostPort address);
  void send(std::string frame_bytes);
  void start() { connect(); }
  bool connected() const { return connected_; }

 private:
  void connect();
  // Every callback carries the connection attempt it belongs to: a failure reported
  // twice (by the reader and the writer) or late acts once, on the current attempt only.
  void on_failure(std::uint64_t attempt, const std::string& why);
  void write_next();
  void watch_for_close(std::uint64_t attempt);
  Server& server_;
  NodeId peer_;
  HostPort address_;
  tcp::socket socket_;
  tcp::resolver resolver_;
  asio::steady_timer retry_timer_;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool connected_ = false, writing_ = false, dropping_logged_ = false;
  bool told_down_ = false;  // the node starts with every peer up
  std::chrono::milliseconds backoff_{50};
  std::uint64_t attempt_ = 0;
  std::array<char, 256> ignored_bytes_{};  // peers send nothing back on this link
};

class Server {
 public:
  Server(const NodeServerOptions& options, std::ostream& log);
  Status start();
  void run() { io_.run(); }

  asio::io_context& io() { return io_; }
  const NodeServerOptions& options() const { return options_; }
  void log(const std::string& line);
  // Inputs to the node, each carried out in full (node_server.h) before returning.
  // A reply may come back within submit (a quorum that cannot be met fails at once), so
  // the caller takes the request id first and is ready for it.
  std::uint64_t new_request_id() { return next_request_id_++; }
  void submit(std::uint64_t request_id, ClientOp op, std::string key, std::string value,
              std::weak_ptr<ClientConnection> to);
  void deliver(const Envelope& envelope);
  void peer_status(NodeId peer, bool up);
  std::string status_text() const;
  // QC.FAULT: sets a fault (net/node_faults.h); a newly cut peer looks down to the node,
  // a healed one up again once its link is connected.
  Result<std::string> apply_fault(const std::vector<std::string>& arguments);
  std::size_t peers_connected() const {
    std::size_t up = 0;
    for (const auto& [peer, link] : links_) up += link->connected() ? 1 : 0;
    return up;
  }

 private:
  Clock clock();
  void carry_out(Outputs outputs);
  Outputs take(const RecordedInput& input);
  RecordedInput input_of(InputKind kind);  // at the clock's reading now
  RecordedInput peer_status_input(NodeId peer, bool up);
  void send_to_peer(const Envelope& envelope);
  void set_timer(const TimerRequest& timer);
  void accept();
  void on_accepted(tcp::socket socket);
  Result<std::uint64_t> next_incarnation();
  std::string keys_held_line() const;  // the store's own lines of INFO

  NodeServerOptions options_;
  std::ostream& log_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  std::unique_ptr<StoreNode> node_;
  std::optional<LogFile> log_file_;
  std::optional<LogFile> recording_;  // --record-inputs
  std::uint64_t incarnation_ = 0;
  std::map<NodeId, std::unique_ptr<PeerLink>> links_;
  struct Waiting {
    std::weak_ptr<ClientConnection> connection;
    ClientOp op = ClientOp::get;
  };
  std::unordered_map<std::uint64_t, Waiting> waiting_;
  std::uint64_t next_request_id_ = 1;
  NodeFaults faults_;
  std::int64_t last_now_us_ = 0;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

// RESP replies: a read's value or nil, OK for a write; FAIL when the op certainly did not
// take effect, UNKNOWN when it may have (a timeout without a quorum): never success.
std::string reply_text(ClientOp op, const ClientReply& reply) {
  if (reply.outcome == ReplyOutcome::ok) {
    if (op != ClientOp::get) return resp_simple("OK");
    return reply.value ? resp_bulk(*reply.value) : resp_null_bulk();
  }
  if (reply.outcome == ReplyOutcome::fail) return resp_error("FAIL " + reply.reason + " (certainly not applied)");
  return resp_error("UNKNOWN " + reply.reason + " (the outcome is unknown: it may take effect later, or never)");
}

// --- Server -------------------------------------------------------------------------

Server::Server(const NodeServerOptions& options, std::ostream& log)
    : options_(options), log_(log), acceptor_(io_), signals_(io_, SIGINT, SIGTERM),
      faults_(options.id, options.store.node_count, 0x5eed0000ULL + options.id) {}

void Server::log(const std::string& line) {
  const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started_).count();
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%lld.%03lld", static_cast<long long>(elapsed_ms / 1000),
                static_cast<long long>(elapsed_ms % 1000));
  log_ << "[n" << options_.id << " " << stamp << "s] " << line << std::endl;
}

Clock Server::clock() {
  const auto now = std::chrono::steady_clock::now();
  std::int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(now - started_).count();
  now_us = std::max(now_us, last_now_us_);  // never backwards for the node
  last_now_us_ = now_us;
  const std::int64_t wall_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return Clock{now_us, wall_us + faults_.wall_offset_us(now_us)};
}

Result<std::uint64_t> Server::next_incarnation() {
  const std::string path = options_.data_dir + "/incarnation";
  std::uint64_t last = 0;
  if (std::ifstream in(path); in) {
    if (!(in >> last)) return Status::error(ErrorKind::malformed, path + ": expected one number, the last incarnation");
  }
  // Written and fsync'd before the node runs: an incarnation reused after a power loss
  // would reuse op ids, and a late reply of the old life could pass for a new one's.
  const std::string temporary = path + ".new";
  const std::string text = std::to_string(last + 1) + "\n";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const bool written = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!written) return Status::error(ErrorKind::io, temporary + ": cannot be written: " + std::strerror(errno));
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) return Status::error(ErrorKind::io, path + ": " + error.message());
  const int dir = ::open(options_.data_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);  // the rename itself
    ::close(dir);
  }
  return last + 1;
}

Status Server::start() {
  std::error_code fs_error;
  std::filesystem::create_directories(options_.data_dir, fs_error);
  if (fs_error) return Status::error(ErrorKind::io, "--data " + options_.data_dir + ": " + fs_error.message());
  auto opened = LogFile::open(options_.data_dir + "/node.log");
  if (!opened.is_ok()) return opened.status();
  auto [file, recovery] = std::move(opened).value();
  log_file_.emplace(std::move(file));
  if (recovery.cut_bytes > 0)
    log("log: cut a torn or corrupt tail of " + std::to_string(recovery.cut_bytes) + " bytes (" + recovery.cut_reason +
        "); " + std::to_string(recovery.records.size()) + " intact records kept");
  std::vector<DurableRecord> records;
  for (std::size_t i = 0; i < recovery.records.size(); ++i) {
    auto record = decode_record(recovery.records[i]);
    if (!record.is_ok())
      return Status::error(ErrorKind::malformed, log_file_->path() + ": record " + std::to_string(i) +
                                                     " passed its checksum but does not decode: " +
                                                     record.status().message());
    records.push_back(std::move(record).value());
  }
  if (!options_.record_inputs.empty()) {
    auto recording = LogFile::open(options_.record_inputs);
    if (!recording.is_ok()) return recording.status();
    recording_.emplace(std::move(recording.value().first));
  }
  auto incarnation = next_incarnation();
  if (!incarnation.is_ok()) return incarnation.status();
  incarnation_ = incarnation.value();

  boost::system::error_code error;
  const tcp::endpoint endpoint(asio::ip::make_address(options_.listen.host, error), options_.listen.port);
  if (error) return Status::error(ErrorKind::usage, "--listen host '" + options_.listen.host + "': " + error.message());
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (error)
    return Status::error(ErrorKind::io, "--listen " + options_.listen.host + ":" + std::to_string(options_.listen.port) +
                                            ": " + error.message());

  const bool fresh = incarnation_ == 1 && records.empty();
  // Seeded as replay_recording seeds it (net/input_record.h): by id and incarnation.
  node_ = make_store_node(options_.store, options_.id, node_seed(0, options_.id, fresh ? 0 : incarnation_));
  RecordedInput first = input_of(fresh ? InputKind::start : InputKind::restart);
  first.durable_log = std::move(records);
  first.incarnation = incarnation_;
  carry_out(take(first));
  log(std::string(fresh ? "started" : "restarted") + " (incarnation " + std::to_string(incarnation_) + ", " +
      std::to_string(first.durable_log.size()) + " durable records replayed), listening on " + options_.listen.host + ":" +
      std::to_string(options_.listen.port));
  for (const auto& [peer, address] : options_.peers) links_[peer] = std::make_unique<PeerLink>(*this, peer, address);
  for (auto& [peer, link] : links_) link->start();
  signals_.async_wait([this](const boost::system::error_code&, int signal) {
    log("stopping on signal " + std::to_string(signal));
    io_.stop();
  });
  accept();
  return Status::ok();
}

void Server::carry_out(Outputs outputs) {
  if (!outputs.records.empty()) {  // durable before any message or reply leaves
    std::vector<std::string> encoded;
    encoded.reserve(outputs.records.size());
    for (const DurableRecord& record : outputs.records) encoded.push_back(encode_record(record));
    if (Status s = log_file_->append(encoded); !s.is_ok()) {
      log("fatal: cannot persist " + std::to_string(encoded.size()) + " records: " + s.message() +
          "; exiting as a crash (nothing more may claim durability)");
      std::_Exit(74);  // EX_IOERR, as cli/exit_codes.h
    }
  }
  for (Envelope& envelope : outputs.messages) {
    if (envelope.to == options_.id) {
      asio::post(io_, [this, envelope = std::move(envelope)] { deliver(envelope); });
    } else {
      send_to_peer(envelope);
    }
  }
  for (const TimerRequest& timer : outputs.timers) set_timer(timer);
  for (ClientReply& reply : outputs.replies) {
    const auto found = waiting_.find(reply.request_id);
    if (found == waiting_.end()) continue;
    const std::string text = reply_text(found->second.op, reply);
    const auto connection = found->second.connection.lock();
    waiting_.erase(found);  // before complete(): the connection may submit more
    if (connection) connection->complete(reply.request_id, text);
  }
  node_->recycle(std::move(outputs));
}

void Server::send_to_peer(const Envelope& envelope) {
  const auto link = links_.find(envelope.to);
  if (link == links_.end()) return;
  const NodeFaults::SendDecision decision = faults_.on_send(envelope.to);
  if (decision.drop) return;
  std::string bytes = frame(encode_envelope(envelope));
  if (decision.delay_us == 0) return link->second->send(std::move(bytes));
  auto hold = std::make_shared<asio::steady_timer>(io_, std::chrono::microseconds(decision.delay_us));
  hold->async_wait([hold, peer = link->second.get(), bytes = std::move(bytes)](const boost::system::error_code& error) mutable {
    if (!error) peer->send(std::move(bytes));
  });
}

Result<std::string> Server::apply_fault(const std::vector<std::string>& arguments) {
  std::vector<bool> was_cut;
  for (NodeId peer = 0; peer < options_.store.node_count; ++peer) was_cut.push_back(faults_.is_cut(peer));
  auto applied = faults_.apply(arguments);
  if (!applied.is_ok()) return applied;
  log("fault set: " + applied.value());
  for (const auto& [peer, link] : links_) {
    const bool cut = faults_.is_cut(peer);
    if (cut && !was_cut[peer]) carry_out(take(peer_status_input(peer, false)));
    if (!cut && was_cut[peer] && link->connected()) carry_out(take(peer_status_input(peer, true)));
  }
  return applied;
}

void Server::set_timer(const TimerRequest& timer) {
  auto handle = std::make_shared<asio::steady_timer>(io_);
  handle->expires_at(started_ + std::chrono::microseconds(timer.fire_at_us));
  handle->async_wait([this, handle, id = timer.id](const boost::system::error_code& error) {
    if (error) return;
    RecordedInput input = input_of(InputKind::timer);
    input.timer = id;
    carry_out(take(input));
  });
}

void Server::submit(std::uint64_t request_id, ClientOp op, std::string key, std::string value,
                    std::weak_ptr<ClientConnection> to) {
  waiting_[request_id] = Waiting{std::move(to), op};
  RecordedInput input = input_of(InputKind::client_request);
  input.request = ClientRequest{request_id, op, std::move(key), std::move(value)};
  carry_out(take(input));
}

void Server::deliver(const Envelope& envelope) {
  RecordedInput input = input_of(InputKind::message);
  input.envelope = envelope;
  carry_out(take(input));
}

RecordedInput Server::input_of(InputKind kind) {
  RecordedInput input;
  input.kind = kind;
  input.clock = clock();
  return input;
}

RecordedInput Server::peer_status_input(NodeId peer, bool up) {
  RecordedInput input = input_of(InputKind::peer_status);
  input.peer = peer;
  input.up = up;
  return input;
}

// Every input reaches the node here, and is recorded with what it returned when
// --record-inputs is on (net/input_record.h), before the outputs are carried out.
Outputs Server::take(const RecordedInput& input) {
  Outputs outputs = feed(*node_, input);
  if (recording_) {
    if (Status s = recording_->append({encode_recorded_input(input, encode_outputs(outputs))}); !s.is_ok()) {
      log("fatal: cannot record an input: " + s.message());
      std::_Exit(74);
    }
  }
  return outputs;
}

void Server::peer_status(NodeId peer, bool up) {
  if (up && faults_.is_cut(peer)) return;  // reconnected, but cut: it stays down for the node
  log("peer n" + std::to_string(peer) + (up ? " is up" : " is down"));
  carry_out(take(peer_status_input(peer, up)));
}

// The leaderless store's own copies; the leader-based store's role, term and log.
std::string Server::keys_held_line() const {
  if (options_.store.store == StoreKind::leader) {
    const auto& node = dynamic_cast<const LeaderNode&>(*node_);
    const char* roles[] = {"follower", "candidate", "leader"};
    return "\r\nrole:" + std::string(roles[static_cast<int>(node.role())]) + "\r\nterm:" + std::to_string(node.term()) +
           "\r\nlog_entries:" + std::to_string(node.last_log_index()) +
           "\r\ncommit_index:" + std::to_string(node.commit_index());
  }
  return "\r\nkeys_held:" + std::to_string(as_leaderless(*node_).store().entries().size());
}

std::string Server::status_text() const {
  std::string text = "node:" + std::to_string(options_.id) + "\r\nincarnation:" + std::to_string(incarnation_) +
                     "\r\nnodes:" + std::to_string(options_.store.node_count) +
                     "\r\nn:" + std::to_string(options_.store.replication_factor) +
                     "\r\nr:" + std::to_string(options_.store.read_quorum) +
                     "\r\nw:" + std::to_string(options_.store.write_quorum) +
                     "\r\npeers_up:" + std::to_string(peers_connected()) +
                     "\r\npending_requests:" + std::to_string(node_->pending_requests()) +
                     keys_held_line() +
                     "\r\nlog_bytes:" + std::to_string(log_file_->size_bytes()) +
                     "\r\nfaults:" + faults_.describe() + "\r\n";
  return text;
}

void Server::accept() {
  acceptor_.async_accept([this](const boost::system::error_code& error, tcp::socket socket) {
    if (error) {
      if (error != asio::error::operation_aborted) log("accept failed: " + error.message());
    } else {
      on_accepted(std::move(socket));
    }
    if (acceptor_.is_open()) accept();
  });
}

// Reads the first byte to tell a peer from a client.
class PeerConnection : public std::enable_shared_from_this<PeerConnection> {
 public:
  PeerConnection(Server& server, tcp::socket socket) : server_(server), socket_(std::move(socket)) {}
  void read() {
    socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](const boost::system::error_code& error,
                                                                               std::size_t size) {
      if (error) return;  // the peer went away; its link reconnects from its side
      self->frames_.feed(std::string_view(self->buffer_.data(), size));
      for (;;) {
        auto payload = self->frames_.next();
        if (!payload.is_ok()) return self->close(payload.status().message());
        if (!payload.value()) break;
        auto envelope = decode_envelope(*payload.value());
        if (!envelope.is_ok()) return self->close(envelope.status().message());
        const Envelope& e = envelope.value();
        const NodeServerOptions& options = self->server_.options();
        if (e.to != options.id || e.from >= options.store.node_count || e.from == options.id)
          return self->close("a message from n" + std::to_string(e.from) + " to n" + std::to_string(e.to) +
                             " reached n" + std::to_string(options.id));
        self->server_.deliver(e);
      }
      self->read();
    });
  }

 private:
  void close(const std::string& why) {
    server_.log("closing a peer connection: " + why);
    boost::system::error_code ignored;
    socket_.close(ignored);
  }
  Server& server_;
  tcp::socket socket_;
  FrameReader frames_;
  std::array<char, 64 * 1024> buffer_{};
};

void Server::on_accepted(tcp::socket socket) {
  auto first = std::make_shared<char>();
  auto shared_socket = std::make_shared<tcp::socket>(std::move(socket));
  asio::async_read(*shared_socket, asio::buffer(first.get(), 1),
                   [this, first, shared_socket](const boost::system::error_code& error, std::size_t) {
                     if (error) return;
                     if (*first == kPeerMagic) {
                       std::make_shared<PeerConnection>(*this, std::move(*shared_socket))->read();
                     } else {
                       std::make_shared<ClientConnection>(*this, std::move(*shared_socket), std::string(1, *first))->start();
                     }
                   });
}

// --- PeerLink -------------------------------------------------------------------------

PeerLink::PeerLink(Server& server, NodeId peer, HostPort address)
    : server_(server), peer_(peer), address_(std::move(address)), socket_(server.io()), resolver_(server.io()),
      retry_timer_(server.io()) {}

// A message to a peer with no connection is lost, as the simulator loses messages to a
// node that is down: queueing it for the reconnect would hand the peer, after a restart,
// writes it was never sent while it ran (a hinted handoff the store does not have).
void PeerLink::send(std::string frame_bytes) {
  if (!connected_) return;
  if (queued_bytes_ + frame_bytes.size() > server_.options().peer_queue_bytes_max) {
    if (!dropping_logged_) server_.log("queue to n" + std::to_string(peer_) + " is full: messages to it are lost");
    dropping_logged_ = true;
    return;
  }
  queued_bytes_ += frame_bytes.size();
  queue_.push_back(std::move(frame_bytes));
  if (!writing_) write_next();
}

void PeerLink::connect() {
  const std::uint64_t attempt = ++attempt_;
  resolver_.async_resolve(
      address_.host, std::to_string(address_.port),
      [this, attempt](const boost::system::error_code& error, tcp::resolver::results_type endpoints) {
        if (attempt != attempt_) return;
        if (error) return on_failure(attempt, "resolve: " + error.message());
        asio::async_connect(socket_, endpoints, [this, attempt](const boost::system::error_code& error, const tcp::endpoint&) {
          if (attempt != attempt_) return;
          if (error) return on_failure(attempt, "connect: " + error.message());
          socket_.set_option(tcp::no_delay(true));
          connected_ = true;
          told_down_ = false;
          backoff_ = std::chrono::milliseconds(50);
          queue_.push_front(std::string(1, kPeerMagic));
          queued_bytes_ += 1;
          server_.peer_status(peer_, true);
          watch_for_close(attempt);
          if (!writing_) write_next();
        });
      });
}

// The peer never writes on this link, so a read ends only when the connection does: a
// peer that exits or is killed is seen at once, not at the next message sent to it.
void PeerLink::watch_for_close(std::uint64_t attempt) {
  socket_.async_read_some(asio::buffer(ignored_bytes_), [this, attempt](const boost::system::error_code& error, std::size_t) {
    if (attempt != attempt_) return;
    if (error) return on_failure(attempt, "closed: " + error.message());
    watch_for_close(attempt);
  });
}

void PeerLink::on_failure(std::uint64_t attempt, const std::string& why) {
  if (attempt != attempt_) return;
  ++attempt_;  // what is still pending on this connection reports to nobody
  boost::system::error_code ignored;
  socket_.close(ignored);
  writing_ = false;
  if (connected_ || !told_down_) {
    connected_ = false;
    told_down_ = true;
    server_.log("link to n" + std::to_string(peer_) + " failed: " + why);
    // What was queued for the old connection may or may not have arrived: drop it, as a
    // network that lost the connection would.
    queue_.clear();
    queued_bytes_ = 0;
    server_.peer_status(peer_, false);
  }
  retry_timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, std::chrono::milliseconds(500));
  retry_timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) connect();
  });
}

void PeerLink::write_next() {
  if (queue_.empty() || !connected_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  const std::uint64_t attempt = attempt_;
  asio::async_write(socket_, asio::buffer(queue_.front()), [this, attempt](const boost::system::error_code& error, std::size_t) {
    if (attempt != attempt_) return;
    if (error) return on_failure(attempt, "write: " + error.message());
    queued_bytes_ -= queue_.front().size();
    queue_.pop_front();
    dropping_logged_ = false;
    write_next();
  });
}

// --- ClientConnection -----------------------------------------------------------------

ClientConnection::ClientConnection(Server& server, tcp::socket socket, std::string first_bytes)
    : server_(server), socket_(std::move(socket)), idle_timer_(server.io()) {
  boost::system::error_code error;
  const auto remote = socket_.remote_endpoint(error);
  peer_name_ = error ? "a client" : "client " + remote.address().to_string() + ":" + std::to_string(remote.port());
  parser_.feed(first_bytes);
}

void ClientConnection::start() {
  on_bytes({});
  read();
}

void ClientConnection::read() {
  if (closing_) return;
  if (slots_.size() >= kPendingCommandsMax) {
    reading_paused_ = true;  // flush() reads again once replies went out
    return;
  }
  socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](const boost::system::error_code& error,
                                                                             std::size_t size) {
    // The client closing its end is routine; anything else (a reset, say) is logged, so
    // that a connection the node gives up on always leaves a reason behind.
    if (error) return self->close(error == asio::error::eof ? "" : "read: " + error.message());
    self->on_bytes(std::string_view(self->buffer_.data(), size));
    self->read();
  });
}

void ClientConnection::on_bytes(std::string_view bytes) {
  if (Status s = parser_.feed(bytes); !s.is_ok()) return close(s.message());
  while (slots_.size() < kPendingCommandsMax) {
    auto command = parser_.next();
    if (!command.is_ok()) {
      answer_now(resp_error("ERR " + command.status().message()));
      return close(command.status().message());
    }
    if (!command.value()) break;
    run_command(*command.value());
  }
  if (slots_.size() < kPendingCommandsMax) arm_idle_timer();  // else commands wait in the parser, not a slow client
}

// A partial command held for long (slowloris) closes the connection; idle connections
// with nothing pending are fine.
void ClientConnection::arm_idle_timer() {
  idle_timer_.cancel();
  if (!parser_.holds_partial_command()) return;
  idle_timer_.expires_after(std::chrono::milliseconds(server_.options().client_idle_timeout_ms));
  idle_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
    if (auto self = weak.lock(); self && !error) self->close("a partial command was held too long");
  });
}

void ClientConnection::run_command(const std::vector<std::string>& args) {
  std::string name = args[0];
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto wrong_arity = [&] { answer_now(resp_error("ERR wrong number of arguments for '" + args[0] + "' command")); };
  const auto submit = [&](ClientOp op, std::string value) {
    const std::uint64_t request_id = server_.new_request_id();
    slots_.push_back(Slot{request_id, std::nullopt});
    server_.submit(request_id, op, args[1], std::move(value), weak_from_this());
  };
  if (name == "PING") return args.size() == 1 ? answer_now(resp_simple("PONG")) : answer_now(resp_bulk(args[1]));
  if (name == "GET") return args.size() == 2 ? submit(ClientOp::get, "") : wrong_arity();
  if (name == "SET") return args.size() == 3 ? submit(ClientOp::put, args[2]) : wrong_arity();
  if (name == "DEL") return args.size() == 2 ? submit(ClientOp::del, "") : wrong_arity();
  if (name == "INFO" || name == "QC.STATUS") return answer_now(resp_bulk(server_.status_text()));
  if (name == "QC.FAULT") {
    auto applied = server_.apply_fault(std::vector<std::string>(args.begin() + 1, args.end()));
    return answer_now(applied.is_ok() ? resp_simple("OK " + applied.value()) : resp_error("ERR " + applied.status().message()));
  }
  answer_now(resp_error("ERR unknown command '" + args[0] + "' (this node serves GET, SET, DEL, PING, INFO, QC.STATUS, QC.FAULT)"));
}

void ClientConnection::answer_now(std::string reply) {
  slots_.push_back(Slot{0, std::move(reply)});
  flush();
}

void ClientConnection::complete(std::uint64_t request_id, std::string reply) {
  for (Slot& slot : slots_) {
    if (slot.request_id == request_id) slot.reply = std::move(reply);
  }
  flush();
}

void ClientConnection::flush() {
  while (!slots_.empty() && slots_.front().reply) {
    outgoing_.push_back(std::move(*slots_.front().reply));
    slots_.pop_front();
  }
  if (!writing_) write_next();
  if (reading_paused_ && slots_.size() < kPendingCommandsMax && !closing_) {
    reading_paused_ = false;
    // Later, not from inside the server's handling of a reply: the commands already
    // received first, then the socket.
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->on_bytes({});
      self->read();
    });
  }
}

void ClientConnection::write_next() {
  if (outgoing_.empty()) {
    writing_ = false;
    if (closing_) {
      boost::system::error_code ignored;
      socket_.close(ignored);
    }
    return;
  }
  writing_ = true;
  asio::async_write(socket_, asio::buffer(outgoing_.front()),
                    [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
                      if (error) {
                        self->server_.log("closing " + self->peer_name_ + ": write: " + error.message());
                        boost::system::error_code ignored;
                        self->socket_.close(ignored);
                        return;
                      }
                      self->outgoing_.pop_front();
                      self->write_next();
                    });
}

void ClientConnection::close(const std::string& why) {
  if (closing_) return;
  closing_ = true;
  idle_timer_.cancel();
  if (!why.empty()) server_.log("closing " + peer_name_ + ": " + why);
  if (!writing_) write_next();  // sends what is ready (the error), then closes
}

}  // namespace

Status run_node_server(const NodeServerOptions& options, std::ostream& log) {
  if (Status s = validate(options); !s.is_ok()) return s;
  Server server(options, log);
  if (Status s = server.start(); !s.is_ok()) return s;
  server.run();
  return Status::ok();
}

}  // namespace qc
