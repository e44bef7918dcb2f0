#pragma once
// Jepsen's op maps ({:process 0, :type :invoke, :f :read, :value nil}) as history
// Events. event_from_edn reads any op map the EDN reader produced. scan_plain_edn_op is
// the fast path for the common line: a flat map on one line of keyword keys and plain
// values (nil, integers, ASCII strings and keywords without escapes, vectors of these);
// for anything else it returns 0 and the caller reads the form with the EDN reader and
// event_from_edn, which give the same Event or the error. Tests and the EDN fuzz target
// check that both agree.
#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"
#include "histories/edn.h"
#include "histories/history.h"

namespace qc {

// "SOURCE:LINE: what", LINE being where `op` starts.
Status edn_op_error(const std::string& source, const edn::Node& op, const std::string& what);

// Fills `event` from op map `op` (index is left as it was). Errors name the op's line.
Status event_from_edn(const std::string& source, const edn::Node& op, Event& event);

// The length of the plain op map at the start of `text`, its fields in `event` (index
// and line are left as they were), or 0 when the general reader must judge it.
std::size_t scan_plain_edn_op(std::string_view text, Event& event);

}  // namespace qc
