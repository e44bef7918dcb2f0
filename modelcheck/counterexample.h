#pragma once
// An exhaustive counterexample as a file that replays it step by step: the scope, the
// list of choices (steps) the explorer made, the history they produced with its hash,
// and the verdict. `quorumcheck replay` recognises it by its format name and plays the
// steps again, requiring each to be enabled where it is taken and the same history,
// byte for byte.
//
//   {"format": "quorumcheck-counterexample", "format_version": 1, "tool_version": "…",
//    "property": "linearizable", "scope": {...modelcheck/scope.h's JSON...},
//    "steps": [{"kind": "invoke", "client": 0, "description": "client 0 invokes …"},
//              {"kind": "deliver", "node": 1, "message": "9f…", "description": "…"}, ...],
//    "history_fnv1a64": "…", "history": [{event}, ...],
//    "verdict": {"outcome": "violated", "text": "…", "evidence": {...}}}
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "modelcheck/explorer.h"

namespace qc {

inline constexpr int kCounterexampleFormatVersion = 1;

struct CounterexampleFile {
  int format_version = kCounterexampleFormatVersion;
  std::string tool_version;
  std::string property;
  Scope scope;
  std::vector<Step> steps;
  std::vector<std::string> descriptions;
  std::string history_jsonl;
  std::string history_hash;
  PropertyVerdict verdict;
};

CounterexampleFile make_counterexample_file(const Scope& scope, const Counterexample& example);
std::string counterexample_to_json(const CounterexampleFile& file);  // pretty, ends with '\n'
// True when the text's top-level "format" names a counterexample (a cheap look, before
// choosing a parser).
bool looks_like_counterexample(std::string_view text);
// Errors are ErrorKind::malformed and name `source` and the field.
Result<CounterexampleFile> parse_counterexample(std::string_view text, const std::string& source);

struct CounterexampleReplay {
  std::vector<std::string> descriptions;  // the steps as replayed
  std::string history_hash;
  bool same_history = false;
  PropertyVerdict verdict;  // the property's verdict on the replayed execution
  bool reproduces() const { return same_history && verdict.outcome == PropertyOutcome::violated; }
};
// Usage error for a property this build does not know; malformed when a step is not
// enabled where the file takes it.
Result<CounterexampleReplay> replay_counterexample(const CounterexampleFile& file, const CheckBudget& budget);

}  // namespace qc
