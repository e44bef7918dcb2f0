#pragma once
#include <CLI/CLI.hpp>

#include "cli/check_command.h"

namespace qc {

// `quorumcheck downtime`: write and read downtime when the node that matters (the
// leader, or any one node of a leaderless store) crashes or is cut off, measured with
// probe clients over many seeds against a fault-free baseline (explore/downtime.h).
CommandHandle add_downtime_command(CLI::App& parent);

}  // namespace qc
