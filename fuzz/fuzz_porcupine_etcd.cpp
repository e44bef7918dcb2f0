// libFuzzer target: Porcupine's etcd logs, as `check --format porcupine-etcd` reads them:
// parse_history (log reader, history rules), then pairing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "histories/history.h"
#include "histories/import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto history = qc::parse_history(text, "fuzz.log", qc::HistoryFormat::porcupine_etcd);
  if (history.is_ok()) (void)qc::pair_operations(history.value());
  return 0;
}
