#pragma once
#include <CLI/CLI.hpp>

#include "cli/check_command.h"

namespace qc {

// `quorumcheck node`: one node of the store as a real server (net/node_server.h).
CommandHandle add_node_command(CLI::App& parent);

}  // namespace qc
