#pragma once
// SimConfig as JSON: config.json in run output directories and repro bundles.
// to_json writes every field in a fixed order, so equal configs give equal bytes.
// parse_sim_config reads it back; a field left out keeps its default, an unknown field
// is an error (a typo must not silently change a run). Errors are ErrorKind::malformed
// and name the JSON path and what was expected, e.g.
//   "config.json: $.network.loss_probability: expected a number in [0, 1], got 2".
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "sim/sim_config.h"

namespace qc {

inline constexpr int kSimConfigFormatVersion = 1;

std::string to_json(const SimConfig& config);  // pretty, ends with '\n'

// `source` names the input in messages. The result is also checked with validate().
Result<SimConfig> parse_sim_config(std::string_view text, const std::string& source);

// The store's settings as config.json writes them under "store" (every field, fixed order).
nlohmann::ordered_json store_to_json(const Config& store);

// The store's settings as config.json spells them under "store" (node_count,
// replication_factor, read_quorum, write_quorum, read_repair, ...), read on top of
// `store`: the one reader of that object, used by config.json, bundles and gate files.
// Errors name `path` (e.g. "$.configurations[0].store"); the result is not validated.
Status read_store_settings(const nlohmann::ordered_json& object, const std::string& path, Config& store);

}  // namespace qc
