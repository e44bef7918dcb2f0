#pragma once
// The calculator page's data (page_data.h, "calculator") from claims reports in the form
// `quorumcheck claims --json` prints and `claims --matrix` writes (claims-matrix.json:
// an array of them). Each report becomes one config; a refuted claim's bundle becomes
// its timeline through `timeline_of`.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace qc {

// The timeline object of a bundle (page_data.h's form), or null when it cannot be had
// (the bundle moved, say: the page then says so).
using BundleTimeline = std::function<nlohmann::json(const std::string& bundle_path)>;

// Errors (ErrorKind::malformed) name `source` and the field: "m.json: [2].claims[0].status:
// expected a string".
Result<nlohmann::json> calculator_data(const nlohmann::json& reports, const std::string& source,
                                       const std::string& description, const BundleTimeline& timeline_of);

}  // namespace qc
