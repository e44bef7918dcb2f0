// libFuzzer target: quorumcheck's JSON Lines histories, as `check --format jsonl` reads
// them (parse_jsonl, the history rules, then pairing). Bad input must come back as a
// Status, never crash, hang or trip a sanitizer. Each line is also read by the fast path
// and by the general reader alone: when the fast path accepts a line, both must agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "histories/history.h"
#include "histories/jsonl.h"
#include "histories/jsonl_scan.h"

namespace {

void check_fast_path_agrees(std::string_view line) {
  qc::Event fast, general;
  bool fast_index = false, general_index = false;
  if (!qc::scan_plain_event(line, fast, fast_index)) return;
  if (!qc::parse_jsonl_event(line, "fuzz.jsonl", 1, general, general_index).is_ok()) std::abort();
  general.line = 0;
  if (!(fast == general) || fast_index != general_index) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    check_fast_path_agrees(text.substr(start, end - start));
    start = end + 1;
  }
  auto history = qc::parse_jsonl(text, "fuzz.jsonl");
  if (!history.is_ok()) return 0;
  (void)qc::validate(history.value());
  (void)qc::pair_operations(history.value());
  return 0;
}
