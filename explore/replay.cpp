#include "explore/bundle.h"
#include "histories/jsonl.h"

namespace qc {

Result<Replay> replay_bundle(const Bundle& bundle, const CheckBudget& budget) {
  auto property = find_property(bundle.property);
  if (!property.is_ok()) return property.status();
  Replay replay;
  replay.run = run_case(bundle.repro);
  replay.history_hash = history_fnv1a64(to_jsonl(replay.run.history));
  replay.same_history = replay.history_hash == bundle.history_hash;
  replay.verdict = property.value()->check(bundle.repro, replay.run, budget);
  return replay;
}

}  // namespace qc
