#pragma once
#include <CLI/CLI.hpp>

#include "cli/check_command.h"

namespace qc {

// `quorumcheck calculator`: the interactive quorum calculator as one self-contained HTML
// page (report/), from claims reports (`claims --matrix`'s claims-matrix.json) or from a
// quick matrix it runs itself.
CommandHandle add_calculator_command(CLI::App& parent);

}  // namespace qc
