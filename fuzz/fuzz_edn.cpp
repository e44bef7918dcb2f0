// libFuzzer target: Knossos/Jepsen EDN histories (also Porcupine's kv logs), as
// `check --format edn` reads them: parse_history (EDN reader, importer, history rules),
// then pairing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "histories/history.h"
#include "histories/import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto history = qc::parse_history(text, "fuzz.edn", qc::HistoryFormat::edn);
  if (history.is_ok()) (void)qc::pair_operations(history.value());
  return 0;
}
