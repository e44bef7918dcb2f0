#pragma once
// A property is a named claim about a run that a campaign checks on every case. Adding
// one is a one-place change: append it to the list in property.cpp's all_properties().
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checker/search_budget.h"
#include "common/status.h"
#include "explore/case.h"
#include "sim/simulator.h"

namespace qc {

enum class PropertyOutcome : std::uint8_t { holds, violated, undecided };

const char* to_string(PropertyOutcome outcome);

struct PropertyVerdict {
  PropertyOutcome outcome = PropertyOutcome::holds;
  std::string text;                // for people: one line, or the evidence as text
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();  // for programs
};

// Limits for checkers that search; a run out budget gives `undecided`. Step limits are
// deterministic, so prefer them: a verdict in a bundle must replay the same.
struct CheckBudget {
  SearchLimits search{0, 1ULL << 30, 20'000'000};
  bool use_zones = true;  // the linearizability checker's exact zone check
};

struct Property {
  std::string name;         // as in --properties
  std::string description;  // one line, for help texts and reports
  // Must be deterministic: same case and run, same verdict.
  std::function<PropertyVerdict(const Case&, const RunResult&, const CheckBudget&)> check;
  // True when the verdict also reads the nodes' end state (RunResult::final_nodes or
  // stats), so a history alone, such as a bundle's, cannot decide it.
  bool needs_end_state = false;
  // True when a history that violates it still does with events appended after it:
  // ops it left pending completing, and new ops invoked once every op it completed had
  // completed. Exhaustive exploration then explores a lost message as one delivered
  // after the end instead (modelcheck/explorer.h).
  bool violations_survive_extension = false;
};

// Every property quorumcheck knows, in a fixed order.
const std::vector<Property>& all_properties();

// The property of that name, or a usage error listing the known names.
Result<const Property*> find_property(const std::string& name);

// "linearizable,convergence": each name once, in the order given; usage errors name the
// unknown entry and list the known names.
Result<std::vector<const Property*>> parse_property_list(const std::string& csv);

std::string property_names();  // "linearizable, convergence"

// The built-in properties' checks (properties_builtin.cpp).
PropertyVerdict check_linearizable(const Case&, const RunResult& run, const CheckBudget& budget);
PropertyVerdict check_convergence(const Case&, const RunResult& run, const CheckBudget&);

}  // namespace qc
