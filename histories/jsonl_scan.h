#pragma once
// The fast path of the JSON Lines reader. Almost every line of a history is a flat
// object of plain ASCII strings, integers, null and lists: scan_plain_event reads such a
// line straight into an Event, without building a JSON document. Anything else (an
// escape, a non-ASCII byte, a number with a fraction, a boolean, an object, a duplicate
// field, a value of the wrong kind, a syntax error) makes it return false, and the
// caller reads the line with the general reader (parse_jsonl_event), which gives the
// same Event or the error message. Tests and the fuzz target check that both agree.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "histories/history.h"

namespace qc {

// On true, `event` holds the line's fields (index and line are left as they were) and
// `has_index` says whether the line named its "index".
bool scan_plain_event(std::string_view line, Event& event, bool& has_index);

// The general reader of one line, numbered `line_number` in `source`: the same fields, or
// an error naming the line.
Status parse_jsonl_event(std::string_view line, const std::string& source, std::int64_t line_number,
                         Event& event, bool& has_index);

}  // namespace qc
