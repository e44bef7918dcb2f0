// libFuzzer target: Knossos/Jepsen EDN histories (also Porcupine's kv logs), as
// `check --format edn` reads them: parse_history (EDN reader, importer, history rules),
// then pairing. Each top-level form the fast path (scan_plain_edn_op) accepts is also
// read by the EDN reader and event_from_edn: both must agree, and end at the same byte.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "histories/edn_ops.h"
#include "histories/history.h"
#include "histories/import.h"

namespace {

void check_fast_path_agrees(std::string_view text) {
  qc::edn::Reader reader(text, "fuzz.edn");
  while (true) {
    auto more = reader.at_form();
    if (!more.is_ok() || !more.value()) return;
    const std::string_view rest = reader.rest();
    qc::Event fast;
    fast.line = reader.line();
    const std::size_t used = qc::scan_plain_edn_op(rest, fast);
    auto form = reader.next();
    if (!form.is_ok()) {
      if (used > 0) std::abort();  // the fast path accepted what the reader rejects
      return;
    }
    if (used == 0) continue;
    if (reader.rest().data() != rest.data() + used) std::abort();
    qc::Event general;
    if (!qc::event_from_edn("fuzz.edn", *form.value(), general).is_ok()) std::abort();
    if (!(fast == general)) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_fast_path_agrees(text);
  auto history = qc::parse_history(text, "fuzz.edn", qc::HistoryFormat::edn);
  if (history.is_ok()) (void)qc::pair_operations(history.value());
  return 0;
}
