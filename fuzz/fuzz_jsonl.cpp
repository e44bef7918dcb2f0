// libFuzzer target: quorumcheck's JSON Lines histories, as `check --format jsonl` reads
// them (parse_jsonl, the history rules, then pairing). Bad input must come back as a
// Status, never crash, hang or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "histories/history.h"
#include "histories/jsonl.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto history = qc::parse_jsonl(text, "fuzz.jsonl");
  if (!history.is_ok()) return 0;
  (void)qc::validate(history.value());
  (void)qc::pair_operations(history.value());
  return 0;
}
