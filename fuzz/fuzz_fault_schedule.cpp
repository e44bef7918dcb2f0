// libFuzzer target: fault schedules (faults.json), as `run --faults` reads them: the
// parser, then validate() against cluster sizes from the smallest to the largest the
// CLI allows (31 nodes). A schedule that parses must write back out.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "faults/schedule.h"
#include "faults/schedule_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto schedule = qc::parse_fault_schedule(text, "fuzz-faults.json");
  if (!schedule.is_ok()) return 0;
  for (int node_count : {1, 2, 3, 5, 31}) (void)qc::validate(schedule.value(), node_count);
  (void)qc::fault_schedule_to_json(schedule.value());
  return 0;
}
