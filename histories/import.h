#pragma once
// Reading histories in any format we know (FORMAT.md): our JSON Lines, Knossos/Jepsen
// EDN (also Porcupine's kv logs), and Porcupine's etcd logs. Every importer ends with
// qc::validate, so the history rules hold whatever the source format.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "histories/history.h"

namespace qc {

enum class HistoryFormat { automatic, jsonl, edn, porcupine_etcd };

// Accepts: auto, jsonl, edn, knossos, jepsen, porcupine-kv (aliases of edn), porcupine-etcd.
std::optional<HistoryFormat> history_format_from_string(const std::string& name);
const char* to_string(HistoryFormat format);

// Guesses from the first content that is not blank or a `;` comment. Never returns
// automatic; falls back to jsonl, whose parser then says what it expected.
HistoryFormat detect_format(std::string_view text);

// Errors (ErrorKind::malformed) name `source`, the line and what was expected.
Result<History> parse_history(std::string_view text, const std::string& source, HistoryFormat format);

// The same, handing each event to `sink` as it is read (the history rules are not
// checked: an OperationPairer among the sinks does that).
Status parse_history(std::string_view text, const std::string& source, HistoryFormat format,
                     const EventSink& sink);

// Reads the file at `path` (ErrorKind::io if it cannot) and parses it; `path` is the source.
Result<History> load_history(const std::string& path, HistoryFormat format);

// Reads the file at `path` straight into operations (pair_operations' result), without
// holding its events: what `check` does with a history of millions of events.
Result<std::vector<Operation>> load_operations(const std::string& path, HistoryFormat format);

}  // namespace qc
