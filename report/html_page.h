#pragma once
// One self-contained HTML page: the assets inline and the data as JSON (page_data.h).
#include <string>

#include <nlohmann/json.hpp>

namespace qc {

// data["page"] is "timeline" or "calculator"; the title is escaped for HTML.
std::string html_page(const std::string& title, const nlohmann::json& data);

}  // namespace qc
