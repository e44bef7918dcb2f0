// libFuzzer target: the simulator's config.json, as `run --config` reads it
// (parse_sim_config also runs validate()). A config that parses must write back out.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/config_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = qc::parse_sim_config(text, "fuzz-config.json");
  if (config.is_ok()) (void)qc::to_json(config.value());
  return 0;
}
