#include "explore/property.h"

#include <algorithm>

#include "explore/properties_history.h"

namespace qc {

const char* to_string(PropertyOutcome outcome) {
  switch (outcome) {
    case PropertyOutcome::holds: return "holds";
    case PropertyOutcome::violated: return "violated";
    case PropertyOutcome::undecided: return "undecided";
  }
  return "undecided";
}

namespace {

using PropertyCheck = std::function<PropertyVerdict(const Case&, const RunResult&, const CheckBudget&)>;

// A run cut short by its virtual-time limit has an unfinished history and unsettled
// replicas: no property is judged on it.
PropertyCheck unless_out_of_time(PropertyCheck check) {
  return [check = std::move(check)](const Case& test_case, const RunResult& run, const CheckBudget& budget) {
    if (!run.stats.out_of_virtual_time) return check(test_case, run, budget);
    PropertyVerdict verdict;
    verdict.outcome = PropertyOutcome::undecided;
    verdict.text = "the run reached its virtual-time limit (virtual_time_us_max = " +
                   std::to_string(test_case.config.virtual_time_us_max) + " us) before it ended";
    return verdict;
  };
}

}  // namespace

const std::vector<Property>& all_properties() {
  static const std::vector<Property> properties = [] {
    // Linearizable survives extension: a linearization of the longer history, cut after
    // the last op the shorter one completed, linearizes the shorter one (the ops it left
    // pending may be dropped; the new ops all come after that point).
    std::vector<Property> listed = {
      {"linearizable", "every key's history is linearizable as a register (Wing-Gong-Lowe / zones)",
       check_linearizable, false, true},
      {"regular", "every read returns a write not superseded before it began, or a concurrent one",
       check_regular_property},
      {"read-your-writes", "a process's reads return its own acknowledged writes or newer",
       check_read_your_writes},
      {"monotonic-reads", "a process's reads never return a write older than one it read before",
       check_monotonic_reads},
      {"no-lost-writes", "every acknowledged write is in the final state or superseded there",
       check_no_lost_writes, true},
      {"convergence", "after the final heal and quiescence all N replicas of every key agree",
       check_convergence, true},
    };
    for (Property& property : listed) property.check = unless_out_of_time(std::move(property.check));
    return listed;
  }();
  return properties;
}

std::string property_names() {
  std::string names;
  for (const Property& property : all_properties()) names += (names.empty() ? "" : ", ") + property.name;
  return names;
}

Result<const Property*> find_property(const std::string& name) {
  for (const Property& property : all_properties())
    if (property.name == name) return &property;
  return Status::error(ErrorKind::usage, "unknown property \"" + name + "\"; expected one of " + property_names());
}

Result<std::vector<const Property*>> parse_property_list(const std::string& csv) {
  std::vector<const Property*> chosen;
  std::size_t start = 0;
  while (start <= csv.size()) {
    const std::size_t comma = std::min(csv.find(',', start), csv.size());
    std::string name = csv.substr(start, comma - start);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    auto property = find_property(name);
    if (!property.is_ok()) return property.status();
    if (std::find(chosen.begin(), chosen.end(), property.value()) == chosen.end()) chosen.push_back(property.value());
    start = comma + 1;
  }
  return chosen;
}

}  // namespace qc
