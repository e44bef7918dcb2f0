#pragma once
#include <CLI/CLI.hpp>

#include "cli/campaign_options.h"
#include "cli/check_command.h"
#include "explore/claims.h"

namespace qc {

// `quorumcheck claims`: the quorum calculator, then HOLDS / REFUTED for each property of
// one configuration, or with --matrix for every (R, W) of N = 1..5.
CommandHandle add_claims_command(CLI::App& parent);

// One configuration's claims options from campaign arguments, with f = replicas_down
// (a usage error beyond N); progress goes to stderr. Also the calculator's quick matrix.
Result<ClaimsOptions> claims_options(const CampaignArguments& arguments, std::uint32_t replicas_down);

}  // namespace qc
