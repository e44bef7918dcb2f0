// libFuzzer target: repro bundles, as `quorumcheck replay` reads them: parse_bundle, then
// verify_bundle (hash format, stored hash, the recorded verdict re-checked on the stored
// history; no simulation). A fuzzer cannot forge an FNV-1a hash, so a bundle that parses
// is verified a second time with its hash recomputed, to reach the history re-check.
// The search budget is small and counted in steps, so a hard history ends undecided
// quickly and the same input always takes the same path.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "explore/bundle.h"
#include "explore/bundle_verify.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bundle = qc::parse_bundle(text, "fuzz-bundle.json");
  if (!bundle.is_ok()) return 0;
  qc::CheckBudget budget;
  budget.search = qc::SearchLimits{0, 64ULL << 20, 20'000};
  (void)qc::verify_bundle(bundle.value(), "fuzz-bundle.json", budget);
  qc::Bundle rehashed = bundle.value();
  rehashed.history_hash = qc::history_fnv1a64(rehashed.history_jsonl);
  (void)qc::verify_bundle(rehashed, "fuzz-bundle.json", budget);
  (void)qc::bundle_to_json(bundle.value());
  return 0;
}
