#pragma once
#include <CLI/CLI.hpp>

#include "cli/check_command.h"

namespace qc {

// `quorumcheck explore`: every schedule of one small scope (modelcheck/), HOLDS
// EXHAUSTIVELY, REFUTED with the shortest counterexample, or INCOMPLETE.
CommandHandle add_explore_command(CLI::App& parent);

}  // namespace qc
