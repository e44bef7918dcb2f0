#pragma once
// Porcupine's etcd test logs, recorded by Jepsen: one op a line,
//   INFO  jepsen.util - <process>\t:<type>\t:<f>\t<value>
// with fields split by tabs or spaces. The value is nil, an integer, [from to] for a
// cas, or :timed-out on an :info completion (the outcome is unknown, so it reads as nil).
#include <string>
#include <string_view>

#include "common/status.h"
#include "histories/history.h"

namespace qc {

// The marker that every op line carries; detect_format looks for it too.
inline constexpr std::string_view kJepsenUtilMarker = "jepsen.util -";

// Parses the log without checking the history rules (parse_history does that). Blank
// lines are skipped; any other line without the marker is an error.
// Each event goes to `sink`, in order (parse_history collects them into a History).
Status parse_porcupine_etcd(std::string_view text, const std::string& source, const EventSink& sink);

}  // namespace qc
