#include "explore/campaign.h"

namespace qc {

ShrinkOutcome shrink_greedily(rc::Shrinkable<Case> failing, const std::function<bool(const Case&)>& still_fails,
                              std::uint64_t runs_max) {
  ShrinkOutcome outcome{std::move(failing), 0};
  bool smaller_found = true;
  while (smaller_found) {
    smaller_found = false;
    auto candidates = outcome.smallest.shrinks();
    while (auto candidate = candidates.next()) {
      if (outcome.runs >= runs_max) return outcome;
      ++outcome.runs;
      // value() may recompute a mapped value; one copy per candidate keeps it cheap.
      const Case smaller = candidate->value();
      if (!still_fails(smaller)) continue;
      outcome.smallest = std::move(*candidate);
      smaller_found = true;  // restart from the new, smaller case's own shrinks
      break;
    }
  }
  return outcome;
}

}  // namespace qc
