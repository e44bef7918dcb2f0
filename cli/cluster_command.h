#pragma once
#include <CLI/CLI.hpp>

#include "cli/check_command.h"

namespace qc {

// `quorumcheck cluster`: the workload and faults against real node processes (cluster_run.h).
CommandHandle add_cluster_command(CLI::App& parent);

}  // namespace qc
