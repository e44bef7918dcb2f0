// Properties of the register checkers: linearizable histories pass every check; a read
// mutated to return a superseded write fails the regular check; on arbitrary histories
// the checkers agree with a brute-force reading of the definitions.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <limits>
#include <set>

#include "checker/lost_writes.h"
#include "checker/regular.h"
#include "checker/sessions.h"
#include "checker/staleness.h"
#include "register_generators.h"

namespace qc {
namespace {

std::vector<Operation> paired(const History& history) {
  auto operations = pair_operations(history);
  RC_ASSERT(operations.is_ok());
  return operations.value();
}

RC_GTEST_PROP(RegisterProperties, LinearizableHistoriesPassEveryCheck, ()) {
  const test::RegisterRun run = *test::widened_sequential_register(40);
  const std::vector<Operation> operations = paired(run.history);
  const RegularResult regular = check_regular(operations);
  RC_ASSERT(regular.regular());
  RC_ASSERT(check_sessions(operations).violations.empty());
  const StalenessReport staleness = measure_staleness(operations);
  RC_ASSERT(staleness.stale_reads == 0u);
  RC_ASSERT(staleness.reads_unexplained == 0u);
  for (const ReadStaleness& read : staleness.per_read) RC_ASSERT(read.k == 0u);
  const LostWritesResult lost = check_lost_writes(operations, run.final_state);
  RC_ASSERT(lost.none_lost());
  RC_ASSERT(lost.keys_unchecked == 0u);
  RC_TAG(regular.reads_checked > 5 ? "many reads" : "few reads");
}

// Writes (not deletes: nil is ambiguous) that some write acknowledged before `read`
// began supersedes.
std::vector<std::size_t> superseded_before(const std::vector<Operation>& ops, const Operation& read) {
  std::vector<std::size_t> found;
  for (std::size_t w = 0; w < ops.size(); ++w) {
    const Operation& old = ops[w];
    if (old.f != "write" || old.outcome != Outcome::ok || old.key != read.key) continue;
    for (const Operation& newer : ops) {
      const bool writes = (newer.f == "write" || newer.f == "delete") && newer.outcome == Outcome::ok;
      if (writes && newer.key == read.key && old.return_index < newer.call_index &&
          newer.return_index < read.call_index) {
        found.push_back(w);
        break;
      }
    }
  }
  return found;
}

// Every way to mutate one read of a linearizable history into a read of a superseded
// write is caught, with the evidence naming that read, that write and a true superseder.
RC_GTEST_PROP(RegisterProperties, ReadMutatedToASupersededWriteFailsTheRegularCheck, ()) {
  const test::RegisterRun run = *test::widened_sequential_register(40);
  const std::vector<Operation> original = paired(run.history);
  std::size_t mutations = 0;
  for (std::size_t read = 0; read < original.size(); ++read) {
    if (original[read].f != "read" || original[read].outcome != Outcome::ok) continue;
    for (std::size_t write : superseded_before(original, original[read])) {
      std::vector<Operation> operations = original;
      operations[read].output = operations[write].input;
      const RegularResult result = check_regular(operations);
      RC_ASSERT(result.violations.size() == 1u);
      const RegularViolation& violation = result.violations[0];
      RC_ASSERT(violation.read == static_cast<std::int32_t>(read));
      RC_ASSERT(violation.kind == RegularViolationKind::superseded);
      RC_ASSERT(violation.write == static_cast<std::int32_t>(write));
      const Operation& newer = operations[static_cast<std::size_t>(violation.superseded_by)];
      RC_ASSERT(newer.outcome == Outcome::ok);
      RC_ASSERT(operations[write].return_index < newer.call_index);
      RC_ASSERT(newer.return_index < operations[read].call_index);
      RC_ASSERT(measure_staleness(operations).stale_reads == 1u);
      ++mutations;
    }
  }
  RC_CLASSIFY(mutations == 0, "nothing superseded to mutate");
  RC_CLASSIFY(mutations >= 10, "10 or more mutations");
}

// The definitions read literally off the operations, for each ok read: the least k over
// the writes its value may name (nullopt: no possible write), and whether it has any.
struct Literal {
  std::optional<std::uint32_t> least_k;
  bool named_any = false;
};

Literal literal_reading(const std::vector<Operation>& ops, const Operation& read) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  struct Span { std::int64_t call, ret; };
  std::vector<Span> named;
  if (read.output.is_nil()) named.push_back({kMin, kMin});  // the initial state
  for (const Operation& w : ops) {
    const bool writes = (w.f == "write" || w.f == "delete") && w.outcome != Outcome::fail;
    const Value written = w.f == "delete" ? Value() : w.input;
    if (!writes || w.key != read.key || written != read.output) continue;
    named.push_back({w.call_index, w.outcome == Outcome::ok ? w.return_index : kNeverReturned});
  }
  Literal literal{std::nullopt, !named.empty()};
  for (const Span& c : named) {
    if (c.call > read.return_index) continue;
    std::uint32_t k = 0;
    for (const Operation& w : ops) {
      const bool acknowledged = (w.f == "write" || w.f == "delete") && w.outcome == Outcome::ok;
      k += acknowledged && w.key == read.key && c.ret < w.call_index && w.return_index < read.call_index;
    }
    if (!literal.least_k || k < *literal.least_k) literal.least_k = k;
  }
  return literal;
}

RC_GTEST_PROP(RegisterProperties, RegularAndStalenessAgreeWithTheLiteralDefinitions, ()) {
  const std::vector<Operation> operations = paired(*test::random_register_history(30));
  std::map<std::int32_t, RegularViolationKind> reported;
  for (const RegularViolation& v : check_regular(operations).violations) reported[v.read] = v.kind;
  std::map<std::int32_t, std::uint32_t> measured_k;
  std::size_t stale_reads = 0;
  for (const ReadStaleness& read : measure_staleness(operations).per_read) measured_k[read.read] = read.k;
  for (std::size_t r = 0; r < operations.size(); ++r) {
    const Operation& read = operations[r];
    if (read.f != "read" || read.outcome != Outcome::ok) continue;
    const auto id = static_cast<std::int32_t>(r);
    const Literal literal = literal_reading(operations, read);
    RC_ASSERT(measured_k.count(id) == (literal.least_k ? 1u : 0u));
    if (!literal.least_k) {
      RC_ASSERT(reported.count(id) == 1u);
      RC_ASSERT(reported[id] == (literal.named_any ? RegularViolationKind::value_from_future
                                                   : RegularViolationKind::unwritten_value));
      continue;
    }
    RC_ASSERT(measured_k[id] == *literal.least_k);
    RC_ASSERT(reported.count(id) == (*literal.least_k > 0 ? 1u : 0u));
    stale_reads += *literal.least_k > 0;
  }
  RC_CLASSIFY(stale_reads > 0, "has stale reads");
  RC_CLASSIFY(!reported.empty(), "not regular");
}

}  // namespace
}  // namespace qc
