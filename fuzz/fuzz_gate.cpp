// libFuzzer target: the CI gate file, as `quorumcheck gate FILE` reads it (parse only:
// running the campaigns is not parsing).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "explore/gate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)qc::parse_gate(text, "fuzz-gate.json");
  return 0;
}
