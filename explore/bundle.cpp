#include "explore/bundle.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/input_file.h"
#include "faults/schedule_json.h"
#include "histories/jsonl.h"
#include "impl/hash.h"
#include "sim/config_json.h"

namespace qc {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kFormatName = "quorumcheck-bundle";

Json history_array(const std::string& history_jsonl) {
  Json events = Json::array();
  std::istringstream lines(history_jsonl);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) events.push_back(Json::parse(line));
  return events;
}

Json verdict_json(const PropertyVerdict& verdict) {
  return Json{{"outcome", to_string(verdict.outcome)}, {"text", verdict.text}, {"evidence", verdict.evidence}};
}

Json origin_json(const BundleOrigin& origin) {
  return Json{{"campaign_seed", origin.campaign_seed}, {"case_index", origin.case_index},
              {"shrink_runs", origin.shrink_runs}, {"ops_invoked", origin.ops_invoked}};
}

}  // namespace

const char* explore_tool_version() { return QC_EXPLORE_TOOL_VERSION; }

std::string history_fnv1a64(std::string_view history_jsonl) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(history_jsonl)));
  return hex;
}

Bundle make_bundle(const std::string& property, const Case& repro, const RunResult& run,
                   const PropertyVerdict& verdict, const BundleOrigin& origin) {
  Bundle bundle;
  bundle.property = property;
  bundle.repro = repro;
  bundle.history_jsonl = to_jsonl(run.history);
  bundle.history_hash = history_fnv1a64(bundle.history_jsonl);
  bundle.verdict = verdict;
  bundle.origin = origin;
  return bundle;
}

std::string bundle_to_json(const Bundle& bundle) {
  Json json;
  json["format"] = kFormatName;
  json["format_version"] = bundle.format_version;
  json["tool_version"] = bundle.tool_version;
  json["property"] = bundle.property;
  json["seed"] = bundle.repro.config.seed;
  json["config"] = Json::parse(to_json(bundle.repro.config));
  json["workload"] = workload_to_json(bundle.repro.workload);
  json["faults"] = Json::parse(fault_schedule_to_json(bundle.repro.faults));
  json["history_fnv1a64"] = bundle.history_hash;
  json["history"] = history_array(bundle.history_jsonl);
  json["verdict"] = verdict_json(bundle.verdict);
  json["origin"] = origin_json(bundle.origin);
  return json.dump(2) + "\n";
}

Status write_bundle(const Bundle& bundle, const std::string& path) {
  const std::filesystem::path file(path);
  std::error_code error;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), error);
  std::ofstream out(path, std::ios::binary);
  out << bundle_to_json(bundle);
  if (!out.flush()) return Status::error(ErrorKind::io, path + ": cannot write the bundle; expected a writable path");
  return Status::ok();
}

Result<Bundle> read_bundle(const std::string& path) {
  auto text = read_input_file(path, "the bundle");
  if (!text.is_ok()) return text.status();
  return parse_bundle(text.value(), path);
}

}  // namespace qc
