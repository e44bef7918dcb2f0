#include "explore/bundle_verify.h"

#include <algorithm>

#include "histories/jsonl.h"

namespace qc {
namespace {

Status malformed(const std::string& source, const std::string& what) {
  return Status::error(ErrorKind::malformed, source + ": " + what);
}

Status check_hash_format(const Bundle& bundle, const std::string& source) {
  const std::string& hash = bundle.history_hash;
  const bool hex = std::all_of(hash.begin(), hash.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  if (hash.size() == 16 && hex) return Status::ok();
  return malformed(source, "$.history_fnv1a64: \"" + hash + "\" is not a history hash; expected 16 lowercase hex digits");
}

Status check_history_hash(const Bundle& bundle, const std::string& source) {
  const std::string stored = history_fnv1a64(bundle.history_jsonl);
  if (stored == bundle.history_hash) return Status::ok();
  return malformed(source, "$.history_fnv1a64 is " + bundle.history_hash + " but the stored $.history hashes to " +
                               stored + "; expected them equal (the history or its hash was changed)");
}

Status check_recorded_verdict(const Bundle& bundle, const std::string& source, const CheckBudget& budget) {
  auto property = find_property(bundle.property);
  if (!property.is_ok()) return malformed(source, "$.property: " + property.status().message());
  if (property.value()->needs_end_state) return Status::ok();
  RunResult stored;
  auto history = parse_jsonl(bundle.history_jsonl, source + ": $.history");
  if (!history.is_ok()) return Status::error(ErrorKind::malformed, history.status().message());
  stored.history = std::move(history).value();
  // The checkers take the simulator's word that ops pair up; a stored history must earn it.
  if (auto paired = pair_operations(stored.history); !paired.is_ok())
    return Status::error(ErrorKind::malformed, paired.status().message());  // names file and line
  const PropertyVerdict recheck = property.value()->check(bundle.repro, stored, budget);
  const PropertyOutcome recorded = bundle.verdict.outcome;
  const bool both_decided = recheck.outcome != PropertyOutcome::undecided && recorded != PropertyOutcome::undecided;
  if (!both_decided || recheck.outcome == recorded) return Status::ok();
  return malformed(source, "$.verdict.outcome is \"" + std::string(to_string(recorded)) + "\" but " + bundle.property +
                               " " + (recheck.outcome == PropertyOutcome::holds ? "holds" : "is violated") +
                               " on the stored $.history; expected the recorded verdict to be the property's "
                               "verdict on the stored history");
}

}  // namespace

Status verify_bundle(const Bundle& bundle, const std::string& source, const CheckBudget& budget) {
  if (Status s = check_hash_format(bundle, source); !s.is_ok()) return s;
  if (Status s = check_history_hash(bundle, source); !s.is_ok()) return s;
  return check_recorded_verdict(bundle, source, budget);
}

}  // namespace qc
