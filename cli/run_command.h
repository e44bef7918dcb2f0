#pragma once
#include <CLI/CLI.hpp>

#include "cli/check_command.h"

namespace qc {

// `quorumcheck run`: simulates the store under a workload and a fault schedule, writes
// the run's files, checks the history and prints the verdict with the replay command.
CommandHandle add_run_command(CLI::App& parent);

}  // namespace qc
