#pragma once
#include <CLI/CLI.hpp>

#include "cli/check_command.h"

namespace qc {

// `quorumcheck replay BUNDLE`: runs a repro bundle again from its own contents, compares
// the history's hash and checks the bundle's property. Exit 1: the failure reproduces;
// 3: it no longer does (different history, or the property now holds); 2: undecided;
// 65: an unreadable or malformed bundle.
CommandHandle add_replay_command(CLI::App& parent);

}  // namespace qc
