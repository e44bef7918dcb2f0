// Cases until a planted bug is first caught, per scheduling strategy (issue 9, README
// "Scheduling strategies"): each planted bug's tuned campaign (explore/planted_campaigns.h)
// runs under the time order, random and PCT, for seeds 1 .. S, and stops at the first
// refuted case. Prints a Markdown table: per bug and strategy, how many seeds found it
// within the campaign's cases, and the median and worst first-failing case (1-based)
// over those that did.
//
// Run: build/bench/strategy_comparison [seeds=10] [window_us=2000]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "explore/planted_campaigns.h"

namespace qc {
namespace {

struct NamedStrategy {
  const char* name;
  SchedulingConfig scheduling;
};

std::vector<NamedStrategy> strategies(std::int64_t window_us) {
  SchedulingConfig time_order, random, pct;
  random.strategy = SchedulingStrategy::random;
  random.window_us = window_us;
  pct.strategy = SchedulingStrategy::pct;
  pct.window_us = window_us;
  pct.pct_depth = 3;
  return {{"time", time_order}, {"random", random}, {"pct:3", pct}};
}

// The 1-based index of the first case that refutes the property, or 0 when none does.
std::uint64_t first_failing_case(const PlantedCampaign& planted, const SchedulingConfig& scheduling,
                                 std::uint64_t seed) {
  CampaignOptions options = planted_campaign_options(planted, true);
  options.seed = seed;
  options.space.base.scheduling = scheduling;
  options.shrink_runs_max = 0;
  options.failures_shrunk_max = 1;
  options.stop_at_first_failure = true;
  auto result = run_campaign(options);
  if (!result.is_ok()) {
    std::fprintf(stderr, "%s: %s\n", planted.name, result.status().message().c_str());
    std::exit(70);
  }
  const PropertyResult& property = result.value().properties.at(0);
  return property.refutations.empty() ? 0 : property.refutations[0].case_index + 1;
}

std::string summary(std::vector<std::uint64_t> found, std::uint64_t seeds, std::uint64_t cases) {
  if (found.empty()) return "0/" + std::to_string(seeds) + " within " + std::to_string(cases);
  std::sort(found.begin(), found.end());
  return std::to_string(found.size()) + "/" + std::to_string(seeds) + "; median " +
         std::to_string(found[(found.size() - 1) / 2]) + ", worst " + std::to_string(found.back());
}

}  // namespace
}  // namespace qc

int main(int argc, char** argv) {
  using namespace qc;
  const std::uint64_t seeds = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10;
  const std::int64_t window_us = argc > 2 ? std::strtoll(argv[2], nullptr, 10) : 2000;
  if (seeds == 0 || window_us < 0) {
    std::fprintf(stderr, "usage: strategy_comparison [seeds >= 1] [window_us >= 0]\n");
    return 64;
  }
  const auto kinds = strategies(window_us);
  std::printf("| bug (campaign cases) |");
  for (const NamedStrategy& s : kinds) std::printf(" %s |", s.name);
  std::printf("\n|---|");
  for (std::size_t i = 0; i < kinds.size(); ++i) std::printf("---|");
  std::printf("\n");
  for (const PlantedCampaign& planted : planted_campaigns()) {
    const std::uint64_t cases = planted_campaign_options(planted, true).cases;
    std::printf("| %s (%llu) |", planted.name, static_cast<unsigned long long>(cases));
    for (const NamedStrategy& s : kinds) {
      std::vector<std::uint64_t> found;
      for (std::uint64_t seed = 1; seed <= seeds; ++seed)
        if (const std::uint64_t first = first_failing_case(planted, s.scheduling, seed); first > 0) found.push_back(first);
      std::printf(" %s |", summary(found, seeds, cases).c_str());
      std::fflush(stdout);
    }
    std::printf("\n");
  }
  return 0;
}
