#pragma once
#include <CLI/CLI.hpp>

#include "cli/check_command.h"

namespace qc {

// `quorumcheck campaign`: draws cases (workloads, fault schedules, seeds) for one store
// configuration, checks properties on each, shrinks failures and writes repro bundles.
// Exit 0: every property holds within the budget; 1: one is refuted; 2: one is
// undecided (and none refuted); 64: bad options.
CommandHandle add_campaign_command(CLI::App& parent);

}  // namespace qc
