#include "sim/fault_impact.h"

#include <algorithm>
#include <optional>

namespace qc {
namespace {

std::size_t kind_order(const std::string& name) {
  const auto kinds = all_fault_kinds();
  for (std::size_t i = 0; i < kinds.size(); ++i)
    if (name == to_string(kinds[i])) return i;
  return kinds.size();
}

}  // namespace

bool is_recovery(FaultKind kind) {
  return kind == FaultKind::heal || kind == FaultKind::restart || kind == FaultKind::resume;
}

std::vector<FaultKindTally> tally_by_kind(const std::vector<FaultImpact>& impacts) {
  std::vector<FaultKindTally> tallies;
  for (FaultKind kind : all_fault_kinds()) {
    if (is_recovery(kind)) continue;
    FaultKindTally tally;
    tally.kind = to_string(kind);
    for (const FaultImpact& impact : impacts) {
      if (impact.kind != kind) continue;
      ++tally.events;
      tally.fired += impact.fired ? 1 : 0;
      tally.hit += impact.ops_touched > 0 ? 1 : 0;
      tally.ops_touched += impact.ops_touched;
    }
    if (tally.events > 0) tallies.push_back(std::move(tally));
  }
  return tallies;
}

void add_tallies(std::vector<FaultKindTally>& into, const std::vector<FaultKindTally>& more) {
  for (const FaultKindTally& tally : more) {
    auto found = std::find_if(into.begin(), into.end(), [&](const FaultKindTally& t) { return t.kind == tally.kind; });
    if (found == into.end()) {
      into.push_back(tally);
      continue;
    }
    found->events += tally.events;
    found->fired += tally.fired;
    found->hit += tally.hit;
    found->ops_touched += tally.ops_touched;
  }
  std::stable_sort(into.begin(), into.end(),
                   [](const FaultKindTally& a, const FaultKindTally& b) { return kind_order(a.kind) < kind_order(b.kind); });
}

std::vector<std::string> kinds_that_hit(const std::vector<FaultKindTally>& tallies) {
  std::vector<std::string> kinds;
  for (const FaultKindTally& tally : tallies)
    if (tally.hit > 0) kinds.push_back(tally.kind);
  return kinds;
}

std::vector<std::string> kinds_that_missed(const std::vector<FaultKindTally>& tallies) {
  std::vector<std::string> kinds;
  for (const FaultKindTally& tally : tallies)
    if (tally.hit == 0) kinds.push_back(tally.kind);
  return kinds;
}

std::string describe_tallies(const std::vector<FaultKindTally>& tallies) {
  std::string text;
  for (const FaultKindTally& tally : tallies) {
    if (!text.empty()) text += ", ";
    text += tally.kind + " " + std::to_string(tally.hit) + "/" + std::to_string(tally.fired) + " hit";
    if (tally.ops_touched > 0) text += " (" + std::to_string(tally.ops_touched) + " ops)";
    if (tally.fired < tally.events) text += ", " + std::to_string(tally.events - tally.fired) + " never reached";
  }
  return text.empty() ? "none" : text;
}

}  // namespace qc
