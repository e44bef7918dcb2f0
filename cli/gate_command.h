#pragma once
#include <CLI/CLI.hpp>

#include "cli/check_command.h"

namespace qc {

// `quorumcheck gate FILE`: the CI gate (explore/gate.h).
CommandHandle add_gate_command(CLI::App& parent);

}  // namespace qc
