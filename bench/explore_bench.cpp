// Exhaustive exploration (modelcheck/explorer.h): states per second, and how the state
// count grows with clients, ops and faults, with and without reduction. Each benchmark
// explores one scope once (Iterations(1)) and reports its figures as counters:
// states, transitions, complete executions, states per second, and complete (1 when
// the scope was explored to the end, 0 when the state budget of 5M ran out first).
// With and without forgetting (modelcheck/forgetting.cpp) and lost messages taken as
// late deliveries (modelcheck/explorer.h), both in "full" alone.
// Scopes: N = 3 of 3 nodes, R = W = 2, linearizable; async read repair, or ABD writers
// with blocking repair (abd_...); the last one is the target scope, 2 clients x
// 2 ops with a crash and a lost message.
// BM_TargetScope explores that target scope to the end, within the explorer's default
// budgets (50 M states), so it takes minutes: filter it out, or in alone.
// Run: taskset -c 1 build/bench/explore_bench --benchmark_filter=BM_Explore
//      taskset -c 1 build/bench/explore_bench --benchmark_filter=BM_TargetScope
#include <benchmark/benchmark.h>

#include "modelcheck/explorer.h"

namespace qc {
namespace {

// full: the defaults (forgetting, losses as late deliveries, two passes, sleep sets,
// state hashing); before: as
// the explorer was before forgetting (one pass, sleep sets, state hashing); then state
// hashing alone, and none (every path).
enum class Reduction { full, before, hashing_only, none };

struct BenchScope {
  const char* workload;
  bool abd;
  std::uint32_t crashes, losses;
};

const BenchScope kScopes[] = {
    {"c0: write k0", false, 0, 0},
    {"c0: write k0; c1: read k0", false, 0, 0},
    {"c0: write k0, read k0; c1: read k0", false, 0, 0},
    {"c0: write k0; c1: read k0, read k0", false, 0, 0},
    {"c0: write k0; c1: read k0", true, 0, 0},
    {"c0: write k0; c1: read k0", true, 1, 0},
    {"c0: write k0; c1: read k0", true, 0, 1},
    {"c0: write k0; c1: read k0", true, 1, 1},
    {"c0: write k0; c1: write k0", true, 0, 0},
    {"c0: write k0, read k0; c1: write k0, read k0", true, 1, 1},
    {"c0: write k0, read k0; c1: write k0, read k0", true, 0, 0},
};

Scope scope_of(const BenchScope& b) {
  Scope scope;
  scope.store.node_count = 3;
  scope.store.replication_factor = 3;
  scope.store.read_repair = b.abd ? ReadRepair::blocking : ReadRepair::async;
  scope.store.abd_writers = b.abd;
  scope.workload = parse_workload_text(b.workload).value();
  scope.faults.crashes = b.crashes;
  scope.faults.losses = b.losses;
  return scope;
}

void report(benchmark::State& state, const ExploreResult& result) {
  const ExploreFigures& f = result.figures;
  state.counters["states"] = static_cast<double>(f.states);
  state.counters["transitions"] = static_cast<double>(f.transitions);
  state.counters["executions"] = static_cast<double>(f.complete_executions);
  state.counters["states_per_s"] = benchmark::Counter(static_cast<double>(f.states), benchmark::Counter::kIsRate);
  state.counters["complete"] = result.outcome == ExploreOutcome::incomplete ? 0 : 1;
}

void BM_Explore(benchmark::State& state) {
  const BenchScope& b = kScopes[state.range(0)];
  const auto reduction = static_cast<Reduction>(state.range(1));
  ExploreLimits limits;
  limits.states_max = 5'000'000;
  limits.seconds = 0;
  limits.state_caching = reduction != Reduction::none;
  limits.sleep_sets = reduction == Reduction::full || reduction == Reduction::before;
  limits.forgetting = reduction == Reduction::full;
  limits.two_passes = reduction == Reduction::full;
  limits.losses_as_delays = reduction == Reduction::full;
  const auto properties = parse_property_list("linearizable").value();
  ExploreResult result;
  for (auto _ : state) result = explore(scope_of(b), properties, limits, CheckBudget{});
  report(state, result);
  state.SetLabel(std::string(b.abd ? "abd " : "async ") + b.workload + (b.crashes ? " +crash" : "") +
                 (b.losses ? " +loss" : "") +
                 (reduction == Reduction::full           ? " [forget+delay+hash+sleep]"
                  : reduction == Reduction::before       ? " [hash+sleep]"
                  : reduction == Reduction::hashing_only ? " [hash]"
                                                         : " [none]"));
}

void scopes(benchmark::internal::Benchmark* bench) {
  for (int i = 0; i < static_cast<int>(std::size(kScopes)); ++i) {
    bench->Args({i, static_cast<int>(Reduction::full)});
    bench->Args({i, static_cast<int>(Reduction::before)});
    bench->Args({i, static_cast<int>(Reduction::hashing_only)});
    if (i < 3) bench->Args({i, static_cast<int>(Reduction::none)});  // every path: tiny scopes only
  }
}

BENCHMARK(BM_Explore)->Apply(scopes)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The target: 2 clients x 2 ops, a crash and a lost message, every reduction,
// the explorer's default budgets.
void BM_TargetScope(benchmark::State& state) {
  const BenchScope& b = kScopes[9];
  const auto properties = parse_property_list("linearizable").value();
  ExploreResult result;
  for (auto _ : state) result = explore(scope_of(b), properties, ExploreLimits{}, CheckBudget{});
  state.SetLabel(std::string("abd ") + b.workload + " +crash +loss [defaults]");
  report(state, result);
}

BENCHMARK(BM_TargetScope)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace qc

BENCHMARK_MAIN();
