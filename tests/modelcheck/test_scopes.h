#pragma once
// Scopes and helpers the exploration tests share: a scope from its shape and workload
// text, a property list, one exploration with a test's time limit, and each planted
// bug at the smallest scope found to show it.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "modelcheck/explorer.h"

namespace qc::test {

// `scope` with `workload` parsed into it, checked to be a valid scope.
inline Scope with_workload(Scope scope, const std::string& workload) {
  auto parsed = parse_workload_text(workload);
  EXPECT_TRUE(parsed.is_ok()) << parsed.status().message();
  scope.workload = parsed.value();
  EXPECT_TRUE(validate(scope).is_ok()) << validate(scope).message();
  return scope;
}

inline Scope scope_of(std::uint32_t nodes, std::uint32_t n, std::uint32_t r, std::uint32_t w, const std::string& workload) {
  Scope scope;
  scope.store.node_count = nodes;
  scope.store.replication_factor = n;
  scope.store.read_quorum = r;
  scope.store.write_quorum = w;
  return with_workload(scope, workload);
}

// N = 3 of 3 nodes, R = W = 2, ABD writers with blocking read repair: the scopes where
// the correct leaderless store is linearizable.
inline Scope abd_scope(const std::string& workload) {
  Scope scope = scope_of(3, 3, 2, 2, workload);
  scope.store.read_repair = ReadRepair::blocking;
  scope.store.abd_writers = true;
  return scope;
}

// The leader-based store (Raft) on `nodes` nodes, sync replication and ReadIndex reads,
// with budgets of election timeouts and heartbeats; clients send to nodes 0, 1, ...
inline Scope leader_scope(std::uint32_t nodes, const std::string& workload, std::uint32_t elections,
                          std::uint32_t heartbeats) {
  Scope scope;
  scope.store.store = StoreKind::leader;
  scope.store.node_count = nodes;
  scope.store.replication_factor = nodes;
  scope.store.read_quorum = scope.store.write_quorum = 1;  // not used by this store; valid for any N
  scope.periodic.elections = elections;
  scope.periodic.heartbeats = heartbeats;
  return with_workload(scope, workload);
}

// Leader scopes of the tests (README, "Model checking"), all on 3 nodes with sync
// replication and ReadIndex reads. One election: the correct store holds linearizable
// with a write and a read (and no-lost-writes with a crash) on every schedule. Two
// elections (a second leader can take over with the write in its log but not yet known
// committed), one client at n1: the planted leader_reads_unconfirmed is refuted, the new
// leader answering the read from its applied state before its own term commits. The
// correct store in that scope does not finish in minutes (over 12 M states in 120 s).
inline Scope leader_one_election_scope() { return leader_scope(3, "c0: write k0, read k0", 1, 0); }
inline Scope leader_two_elections_scope() {
  Scope scope = leader_scope(3, "c0: write k0, read k0", 2, 0);
  scope.coordinators = {1};
  return scope;
}
inline constexpr std::size_t kUnconfirmedReadSteps = 13;

// A scope with the properties a soundness comparison checks on it, named for messages.
struct NamedScope {
  const char* name;
  Scope scope;
  std::string properties;
};

inline std::vector<const Property*> properties(const std::string& names) {
  auto parsed = parse_property_list(names);
  EXPECT_TRUE(parsed.is_ok());
  return parsed.value();
}

inline ExploreResult run(const Scope& scope, const std::string& names, ExploreLimits limits = {}) {
  limits.seconds = 120;
  return explore(scope, properties(names), limits, CheckBudget{});
}

// Each planted bug at the smallest scope found to show it (README, "Model checking"),
// and the correct store in the same scope. lww_tie_break_by_arrival is out of reach:
// it needs one coordinator to stamp two writes alike, and under logical time a node's
// clock moves with every input.
struct PlantedScope {
  const char* bug;
  Scope scope;
  const char* property;
};

inline std::vector<PlantedScope> planted_scopes() {
  std::vector<PlantedScope> scopes;
  Scope one = scope_of(1, 1, 1, 1, "write k0");
  one.faults.crashes = 1;
  scopes.push_back({"ack_before_store", one, "no-lost-writes"});
  Scope abd = abd_scope("write k0, read k0");
  scopes.push_back({"read_returns_first_reply", abd, "linearizable"});
  Scope repair = scope_of(2, 2, 2, 1, "write k0, write k0, read k0, read k0");
  repair.store.read_repair = ReadRepair::blocking;
  scopes.push_back({"read_repair_writes_stale", repair, "linearizable"});
  Scope ae = scope_of(3, 3, 1, 1, "write k43");  // k43: the first key of the ring's last range
  ae.store.read_repair = ReadRepair::none;
  ae.faults.losses = 1;
  scopes.push_back({"anti_entropy_skips_last_range", ae, "convergence"});
  Scope hints = scope_of(2, 1, 1, 1, "write k0");
  hints.store.sloppy_quorum = true;
  hints.faults.partitions = 1;
  hints.faults.crashes = 1;
  scopes.push_back({"hints_dropped_on_restart", hints, "no-lost-writes"});
  return scopes;
}

}  // namespace qc::test
