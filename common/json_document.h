#pragma once
// The one way the tool reads a JSON document (config.json, faults.json, workload.json,
// gate files, bundles, and each line of a JSONL history), so that a rule fixed here holds
// for every input: syntax errors name the line and column and what was expected, nesting
// deeper than kJsonDepthMax is refused before parsing (no stack exhaustion), and integers
// are read only when they fit (json_int64), never wrapped.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace qc {

// Deeper than any input of ours needs (a bundle nests about 6 levels).
inline constexpr int kJsonDepthMax = 64;

// Parses `text`, a whole document. Errors are ErrorKind::malformed and read
// "SOURCE:LINE:COLUMN: ..."; `expected` names what the document should be ("a fault
// schedule object"). `first_line` numbers the text's first line (a JSONL line passes
// its own number).
Result<nlohmann::ordered_json> parse_json_document(std::string_view text, const std::string& source,
                                                  const std::string& expected, std::int64_t first_line = 1);

// The value as a signed 64-bit integer; absent for anything else, including unsigned
// integers above 2^63 - 1 (nlohmann keeps those apart, and get<std::int64_t> would wrap
// them to negative numbers).
template <typename Json>
std::optional<std::int64_t> json_int64(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto u = value.template get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (value.is_number_integer()) return value.template get<std::int64_t>();
  return std::nullopt;
}

}  // namespace qc
