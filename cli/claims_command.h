#pragma once
#include <CLI/CLI.hpp>

#include "cli/check_command.h"

namespace qc {

// `quorumcheck claims`: the quorum calculator, then HOLDS / REFUTED for each property of
// one configuration, or with --matrix for every (R, W) of N = 1..5.
CommandHandle add_claims_command(CLI::App& parent);

}  // namespace qc
