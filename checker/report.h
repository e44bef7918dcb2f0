#pragma once
// Renders a check's verdict for people (text) and for programs (JSON).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checker/verdict.h"
#include "histories/history.h"

namespace qc {

// `operations` is the list the result's op ids point into.
std::string render_text(const std::string& source, const std::string& model,
                        const CheckResult& result, const std::vector<Operation>& operations);

nlohmann::ordered_json render_json(const std::string& source, const std::string& model,
                                   const CheckResult& result,
                                   const std::vector<Operation>& operations);

}  // namespace qc
