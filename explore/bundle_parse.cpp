// Reading a repro bundle back: every field checked, every error naming the field.
#include <algorithm>

#include "common/json_document.h"
#include "explore/bundle.h"
#include "faults/schedule_json.h"
#include "histories/jsonl.h"
#include "sim/config_json.h"

namespace qc {
namespace {

using Json = nlohmann::ordered_json;

class BundleReader {
 public:
  BundleReader(const Json& root, const std::string& source) : root_(root), source_(source) {}

  Status malformed(const std::string& path, const std::string& what) const {
    return Status::error(ErrorKind::malformed, source_ + ": $." + path + ": " + what);
  }

  // The field at `path` (dots separate levels), or a malformed error when it is missing
  // or its JSON type is not `type`.
  Result<const Json*> field(const std::string& path, Json::value_t type, const char* expected) const {
    const Json* node = &root_;
    std::size_t start = 0;
    while (start < path.size()) {
      const std::size_t dot = std::min(path.find('.', start), path.size());
      const std::string name = path.substr(start, dot - start);
      if (!node->is_object() || !node->contains(name)) return malformed(path, "missing; expected " + std::string(expected));
      node = &(*node)[name];
      start = dot + 1;
    }
    const bool unsigned_ok = type == Json::value_t::number_unsigned && node->is_number_unsigned();
    if (node->type() != type && !unsigned_ok) return malformed(path, "expected " + std::string(expected) + ", got " + node->dump());
    return node;
  }

 private:
  const Json& root_;
  std::string source_;
};

Result<PropertyOutcome> outcome_from(const BundleReader& reader, const std::string& name) {
  for (PropertyOutcome outcome : {PropertyOutcome::holds, PropertyOutcome::violated, PropertyOutcome::undecided})
    if (name == to_string(outcome)) return outcome;
  return reader.malformed("verdict.outcome", "\"" + name + "\"; expected holds, violated or undecided");
}

#define QC_BUNDLE_FIELD(var, path, type, expected)                  \
  auto var##_field = reader.field(path, Json::value_t::type, expected); \
  if (!var##_field.is_ok()) return var##_field.status();             \
  const Json& var = *var##_field.value()

Status check_header(const BundleReader& reader, Bundle& bundle) {
  QC_BUNDLE_FIELD(format, "format", string, "the string \"quorumcheck-bundle\"");
  if (format != "quorumcheck-bundle") return reader.malformed("format", "expected \"quorumcheck-bundle\", got " + format.dump());
  QC_BUNDLE_FIELD(version, "format_version", number_unsigned, "a format version number");
  if (version == 1)
    return reader.malformed("format_version", "1: written by quorumcheck 0.1, whose workloads came from the seed "
                                              "and whose faults were placed by time; this version would replay it into "
                                              "a different history, so it is refused. Expected " +
                                              std::to_string(kBundleFormatVersion) + ": run the campaign again");
  if (version != 2 && version != kBundleFormatVersion)
    return reader.malformed("format_version", "expected 2 or " + std::to_string(kBundleFormatVersion) + ", got " + version.dump());
  bundle.format_version = version.get<int>();
  return Status::ok();
}

// Version 2 bundles held each message of a delay burst exactly extra_delay_us; replayed
// now, where each draws its hold, they would give another history.
Status check_replays_alike(const BundleReader& reader, const Bundle& bundle) {
  if (bundle.format_version != 2) return Status::ok();
  for (const FaultEvent& event : bundle.repro.faults.events)
    if (event.kind == FaultKind::delay_burst)
      return reader.malformed("format_version", "2 with a delay burst in $.faults: written when a burst held every "
                                                "message exactly extra_delay_us; this version draws each hold (0 to "
                                                "twice that), so it would replay into a different history and refuses "
                                                "it. Run the campaign again");
  return Status::ok();
}

Status read_case(const BundleReader& reader, const std::string& source, Bundle& bundle) {
  QC_BUNDLE_FIELD(config, "config", object, "the run's config object");
  auto parsed_config = parse_sim_config(config.dump(), source + ": $.config");
  if (!parsed_config.is_ok()) return Status::error(ErrorKind::malformed, parsed_config.status().message());
  bundle.repro.config = parsed_config.value();
  QC_BUNDLE_FIELD(seed, "seed", number_unsigned, "the seed, an unsigned integer");
  if (seed.get<std::uint64_t>() != bundle.repro.config.seed)
    return reader.malformed("seed", seed.dump() + " differs from $.config.seed; expected them equal");
  QC_BUNDLE_FIELD(faults, "faults", object, "the fault schedule object");
  auto parsed_faults = parse_fault_schedule(faults.dump(), source + ": $.faults");
  if (!parsed_faults.is_ok()) return Status::error(ErrorKind::malformed, parsed_faults.status().message());
  bundle.repro.faults = parsed_faults.value();
  Status valid = validate(bundle.repro.faults, static_cast<int>(bundle.repro.config.store.node_count));
  if (!valid.is_ok()) return reader.malformed("faults", valid.message());
  QC_BUNDLE_FIELD(workload, "workload", object, "the workload object {\"clients\": [...]}");
  auto parsed_workload = workload_from_json(workload, source + ": $.workload");
  if (!parsed_workload.is_ok()) return parsed_workload.status();
  bundle.repro.workload = parsed_workload.value();
  return Status::ok();
}

Status read_history(const BundleReader& reader, const std::string& source, Bundle& bundle) {
  QC_BUNDLE_FIELD(hash, "history_fnv1a64", string, "16 hex digits");
  bundle.history_hash = hash.get<std::string>();
  QC_BUNDLE_FIELD(history, "history", array, "an array of history events");
  for (const Json& event : history) bundle.history_jsonl += event.dump() + "\n";
  auto parsed = parse_jsonl(bundle.history_jsonl, source + ": $.history");
  if (!parsed.is_ok()) return Status::error(ErrorKind::malformed, parsed.status().message());
  return Status::ok();
}

Status read_verdict(const BundleReader& reader, Bundle& bundle) {
  QC_BUNDLE_FIELD(property, "property", string, "a property name");
  bundle.property = property.get<std::string>();
  QC_BUNDLE_FIELD(tool, "tool_version", string, "the version that wrote the bundle");
  bundle.tool_version = tool.get<std::string>();
  QC_BUNDLE_FIELD(outcome, "verdict.outcome", string, "holds, violated or undecided");
  auto parsed = outcome_from(reader, outcome.get<std::string>());
  if (!parsed.is_ok()) return parsed.status();
  bundle.verdict.outcome = parsed.value();
  QC_BUNDLE_FIELD(text, "verdict.text", string, "the verdict as text");
  bundle.verdict.text = text.get<std::string>();
  QC_BUNDLE_FIELD(evidence, "verdict.evidence", object, "the evidence object");
  bundle.verdict.evidence = evidence;
  return Status::ok();
}

void read_origin(const Json& root, Bundle& bundle) {  // informational: read what is there
  if (!root.contains("origin") || !root["origin"].is_object()) return;
  const Json& origin = root["origin"];
  const auto count = [&origin](const char* key) {  // a count, or 0 when absent or not one
    auto found = origin.find(key);
    return found != origin.end() && found->is_number_unsigned() ? found->get<std::uint64_t>() : std::uint64_t{0};
  };
  bundle.origin.campaign_seed = count("campaign_seed");
  bundle.origin.case_index = count("case_index");
  bundle.origin.shrink_runs = count("shrink_runs");
  bundle.origin.ops_invoked = count("ops_invoked");
}

}  // namespace

Result<Bundle> parse_bundle(std::string_view text, const std::string& source) {
  auto parsed = parse_json_document(text, source, "a bundle object");
  if (!parsed.is_ok()) return parsed.status();
  const Json& root = parsed.value();
  if (!root.is_object()) return Status::error(ErrorKind::malformed, source + ": expected a bundle object");
  const BundleReader reader(root, source);
  Bundle bundle;
  if (Status s = check_header(reader, bundle); !s.is_ok()) return s;
  if (Status s = read_case(reader, source, bundle); !s.is_ok()) return s;
  if (Status s = check_replays_alike(reader, bundle); !s.is_ok()) return s;
  if (Status s = read_history(reader, source, bundle); !s.is_ok()) return s;
  if (Status s = read_verdict(reader, bundle); !s.is_ok()) return s;
  read_origin(root, bundle);
  return bundle;
}

}  // namespace qc
