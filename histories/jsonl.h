#pragma once
// quorumcheck's own history format: JSON Lines, one event per line (FORMAT.md).
#include <string>
#include <string_view>

#include "common/status.h"
#include "histories/history.h"

namespace qc {

// Parses JSON Lines; blank lines are skipped. Errors name `source`, the line and what
// was expected. A line without "index" gets the index after the line before it.
Result<History> parse_jsonl(std::string_view text, const std::string& source);
// The same, handing each event to `sink` instead of keeping them.
Status parse_jsonl(std::string_view text, const std::string& source, const EventSink& sink);

// One line per event, ending in '\n'; fields in a fixed order, so equal histories give
// equal bytes.
std::string to_jsonl(const History& history);
std::string event_to_json_line(const Event& event);

}  // namespace qc
