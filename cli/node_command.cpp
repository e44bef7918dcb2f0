#include "cli/node_command.h"

#include <iostream>
#include <memory>

#include "cli/exit_codes.h"
#include "cli/store_options.h"
#include "common/input_file.h"
#include "sim/config_json.h"
#include "net/node_server.h"

namespace qc {
namespace {

struct NodeArguments {
  StoreFlags store;
  std::string config_file;
  std::uint32_t id = 0;
  std::string listen;
  std::vector<std::string> peers;
  std::string data_dir;
  std::string record_inputs;
  std::int64_t client_idle_timeout_ms = NodeServerOptions{}.client_idle_timeout_ms;
};

// "1=127.0.0.1:7001" -> (1, address)
Status add_peer(const std::string& text, NodeServerOptions& options) {
  const auto equals = text.find('=');
  const std::string id_text = equals == std::string::npos ? "" : text.substr(0, equals);
  if (id_text.empty() || id_text.size() > 4 || id_text.find_first_not_of("0123456789") != std::string::npos)
    return Status::error(ErrorKind::usage, "--peers entry '" + text + "': expected ID=HOST:PORT, e.g. 1=127.0.0.1:7001");
  auto address = parse_host_port(text.substr(equals + 1), "--peers entry for node " + id_text);
  if (!address.is_ok()) return address.status();
  const auto id = static_cast<NodeId>(std::stoul(id_text));
  if (!options.peers.emplace(id, address.value()).second)
    return Status::error(ErrorKind::usage, "--peers names node " + id_text + " twice");
  return Status::ok();
}

Result<NodeServerOptions> build_options(const NodeArguments& a) {
  NodeServerOptions options;
  options.id = a.id;
  options.data_dir = a.data_dir;
  options.record_inputs = a.record_inputs;
  options.client_idle_timeout_ms = a.client_idle_timeout_ms;
  auto listen = parse_host_port(a.listen, "--listen");
  if (!listen.is_ok()) return listen.status();
  options.listen = listen.value();
  for (const std::string& peer : a.peers) {
    if (Status s = add_peer(peer, options); !s.is_ok()) return s;
  }
  if (!a.config_file.empty()) {  // the store exactly as a run's config.json has it
    auto text = read_input_file(a.config_file, "the --config file");
    if (!text.is_ok()) return text.status();
    auto config = parse_sim_config(text.value(), a.config_file);
    if (!config.is_ok()) return config.status();
    options.store = config.value().store;
    if (Status s = apply_store_flags(a.store, options.store); !s.is_ok()) return s;
    return options;
  }
  // The cluster is this node and its peers unless --nodes says otherwise (then validate
  // finds the mismatch); N follows the cluster size unless given, as in `run`.
  options.store.node_count = static_cast<std::uint32_t>(options.peers.size() + 1);
  options.store.replication_factor = std::min<std::uint32_t>(options.store.replication_factor, options.store.node_count);
  options.store.read_quorum = std::min(options.store.read_quorum, options.store.replication_factor);
  options.store.write_quorum = std::min(options.store.write_quorum, options.store.replication_factor);
  if (Status s = apply_store_flags(a.store, options.store); !s.is_ok()) return s;
  return options;
}

int run_node(const NodeArguments& a) {
  auto options = build_options(a);
  if (options.is_ok()) {
    if (Status s = validate(options.value()); !s.is_ok()) options = s;
  }
  if (!options.is_ok()) {
    std::cerr << "quorumcheck node: " << options.status().message() << "\n";
    return exit_code_for(options.status());
  }
  const Status status = run_node_server(options.value(), std::cerr);
  if (status.is_ok()) return 0;
  std::cerr << "quorumcheck node: " << status.message() << "\n";
  return status.kind() == ErrorKind::io ? kExitIo : exit_code_for(status);
}

}  // namespace

CommandHandle add_node_command(CLI::App& parent) {
  auto a = std::make_shared<NodeArguments>();
  CLI::App* app = parent.add_subcommand(
      "node",
      "Run one node of the store as a real server (README, \"Real network\"): peers over TCP, clients over RESP2 "
      "(redis-cli works: GET, SET, DEL, PING, INFO, QC.STATUS), durable records in an fsync'd log in --data, "
      "rebuilt from it on restart. Runs until SIGINT or SIGTERM (exit 0). Exit 64 bad options, 65 a log or "
      "incarnation file that is not ours, 74 the port, the data directory or the log cannot be used.");
  add_store_options(app, a->store);
  app->add_option("--config", a->config_file, "take the store from this config.json (a run's); flags apply on top");
  app->add_option("--id", a->id, "this node's id, 0 to M-1")->required();
  app->add_option("--listen", a->listen, "HOST:PORT for peers and clients alike")->required();
  app->add_option("--peers", a->peers, "every other node as ID=HOST:PORT, comma-separated")->delimiter(',');
  app->add_option("--data", a->data_dir, "directory for the durable log (created if missing)")->required();
  app->add_option("--record-inputs", a->record_inputs,
                  "append every input the node takes, and the outputs it returned, to this file (for replay into an "
                  "in-process node: the same node, provably)");
  app->add_option("--client-idle-timeout-ms", a->client_idle_timeout_ms,
                  "close a client that holds a partial command this long")
      ->capture_default_str();
  return CommandHandle{app, [a] { return run_node(*a); }};
}

}  // namespace qc
