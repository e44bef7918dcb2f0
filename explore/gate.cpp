#include "explore/gate.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/json_document.h"
#include "common/markup.h"
#include "common/json_object_reader.h"
#include "explore/latency_profiles.h"
#include "faults/nemesis.h"
#include "sim/config_json.h"

namespace qc {
namespace {

using json = nlohmann::ordered_json;
using json_reading::ObjectReader;

// Settings a configuration inherits from the file's top level and may override.
struct Defaults {
  std::uint64_t seed = 1, cases = 100;
  double budget_s = 0;
  std::string nemesis = "partition,crash", latency = "default";
  std::uint32_t ops_max = 30, clients_max = 4, keys_max = 2;
  std::string strategy = "time";  // sim_config.h's parse_strategy
  std::int64_t strategy_window_us = 0;
};

// A configuration's name is a folder under --out: letters, digits, '.', '_' and '-',
// not "." or "..", so no name can reach outside it.
bool is_safe_name(const std::string& name) {
  if (name.empty() || name.size() > 100 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

void read_defaults(ObjectReader& object, Defaults& d) {
  object.field("seed", d.seed);
  object.field("cases", d.cases, std::uint64_t{1});
  object.field("budget_s", d.budget_s, 0.0);
  object.field("nemesis", d.nemesis);
  object.field("latency", d.latency);
  object.field("ops_max", d.ops_max, 1u);
  object.field("clients_max", d.clients_max, 1u);
  object.field("keys_max", d.keys_max, 1u);
  object.field("strategy", d.strategy);
  object.field("strategy_window_us", d.strategy_window_us, std::int64_t{0});
}

// A configuration's "prove" object; false (with `status` naming the path) when bad.
bool read_proof(const json& node, const std::string& path, GateConfiguration& configuration, Status& status) {
  GateProof proof;
  ObjectReader object(node, path, status);
  if (!object.ok()) return false;
  object.field("workload", proof.workload);
  object.field("crashes", proof.crashes);
  object.field("losses", proof.losses);
  object.field("max_states", proof.max_states, std::uint64_t{1});
  object.field("budget_s", proof.budget_s, 0.0);
  object.reject_unknown();
  if (!object.ok()) return false;
  if (proof.workload.empty()) {
    object.fail(path + ".workload", "missing; expected a workload such as \"c0: write k0; c1: read k0\"");
    return false;
  }
  if (proof.crashes > 8 || proof.losses > 8) {
    object.fail(path, "crashes and losses: expected 0 .. 8 each");
    return false;
  }
  configuration.prove = proof;
  return true;
}

// One configuration: the file's defaults, its own overrides, its store and properties.
// Errors go to `status`, naming the JSON path.
void read_configuration(const json& node, const std::string& path, Defaults d, GateConfiguration& configuration,
                        Status& status) {
  ObjectReader object(node, path, status);
  read_defaults(object, d);
  object.field("name", configuration.name);
  const json* store = object.child("store");
  const json* require = object.child("require");
  const json* prove = object.child("prove");
  object.reject_unknown();
  if (!object.ok()) return;
  if (prove != nullptr && !read_proof(*prove, path + ".prove", configuration, status)) return;
  if (!is_safe_name(configuration.name))
    return object.fail(path + ".name", "found \"" + configuration.name +
                                           "\"; expected 1 to 100 letters, digits, '.', '_' or '-' (not . or ..): "
                                           "it names the configuration's folder under --out");
  CampaignOptions& options = configuration.campaign;
  options.space.base.store.node_count = 5;
  options.space.base.store.read_repair = ReadRepair::async;
  if (store != nullptr) {
    Status read = read_store_settings(*store, path + ".store", options.space.base.store);
    if (!read.is_ok()) {
      status = read;  // names its own path
      return;
    }
  }
  auto network = latency_profile(d.latency);
  if (!network.is_ok()) return object.fail(path + ".latency", network.status().message());
  options.space.base.network = network.value();
  auto kinds = parse_nemesis_list(d.nemesis);
  if (!kinds.is_ok()) return object.fail(path + ".nemesis", kinds.status().message());
  options.space.nemesis = kinds.value();
  SchedulingConfig& scheduling = options.space.base.scheduling;
  const Status strategy = parse_strategy(d.strategy, scheduling);
  if (!strategy.is_ok()) return object.fail(path + ".strategy", "found \"" + d.strategy + "\"; " + strategy.message());
  if (d.strategy_window_us > kLongestDurationUs)
    return object.fail(path + ".strategy_window_us", "expected at most " + std::to_string(kLongestDurationUs) + " (us)");
  scheduling.window_us = d.strategy_window_us;
  options.space.ops = {1, d.ops_max};
  options.space.clients = {1, d.clients_max};
  options.space.keys = {1, d.keys_max};
  options.seed = d.seed;
  options.cases = d.cases;
  options.budget_s = d.budget_s;
  if (require == nullptr || !require->is_array() || require->empty()) {
    return object.fail(path + ".require", "expected a non-empty list of property names (" + property_names() + ")");
  }
  for (std::size_t i = 0; i < require->size(); ++i) {
    const json& name = (*require)[i];
    if (!name.is_string() || !find_property(name.get<std::string>()).is_ok()) {
      return object.fail(path + ".require[" + std::to_string(i) + "]",
                         "found " + name.dump() + "; expected one of " + property_names());
    }
    options.properties.push_back(name.get<std::string>());
  }
}

// The gate file's configurations, or the first error (path and message, no source).
Status read_gate(const json& root, GateSpec& spec) {
  Status status = Status::ok();
  ObjectReader top(root, "$", status);
  if (!top.ok()) return Status::error(ErrorKind::malformed, "$: not a JSON object; expected a gate file");
  Defaults defaults;
  read_defaults(top, defaults);
  const json* list = top.child("configurations");
  top.reject_unknown();
  if (!top.ok()) return status;
  if (list == nullptr || !list->is_array() || list->empty()) {
    top.fail("$.configurations", "expected a non-empty list of configurations");
    return status;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string path = "$.configurations[" + std::to_string(i) + "]";
    GateConfiguration configuration;
    configuration.name = "configuration-" + std::to_string(i);
    read_configuration((*list)[i], path, defaults, configuration, status);
    if (!status.is_ok()) return status;
    for (const GateConfiguration& earlier : spec.configurations)
      if (earlier.name == configuration.name)
        return Status::error(ErrorKind::malformed, path + ".name: \"" + configuration.name +
                                                       "\" names an earlier configuration too; expected distinct names");
    spec.configurations.push_back(std::move(configuration));
  }
  return status;
}

}  // namespace

Result<GateSpec> parse_gate(std::string_view text, const std::string& source) {
  auto parsed = parse_json_document(text, source, "a gate file object");
  if (!parsed.is_ok()) return parsed.status();
  GateSpec spec;
  Status read = read_gate(parsed.value(), spec);
  if (!read.is_ok()) return Status::error(ErrorKind::malformed, source + ": " + read.message());
  return spec;
}

bool GateResult::passed() const {
  for (const GateCaseResult& c : cases) {
    if (c.property.status != ClaimStatus::holds || c.property.cases_checked == 0) return false;
  }
  return !cases.empty();
}

bool GateResult::any_refuted() const {
  for (const GateCaseResult& c : cases) {
    if (c.property.status == ClaimStatus::refuted) return true;
  }
  return false;
}

Result<GateResult> run_gate(const GateSpec& spec, const Shard& shard, const std::string& out_dir,
                            const std::function<void(const std::string&, const CampaignProgress&)>& progress) {
  GateResult result;
  for (const GateConfiguration& configuration : spec.configurations) {
    CampaignOptions options = configuration.campaign;
    options.shard = shard;
    options.out_dir = out_dir.empty() ? "" : (std::filesystem::path(out_dir) / configuration.name).string();
    if (progress) options.progress = [&](const CampaignProgress& p) { progress(configuration.name, p); };
    const auto start = std::chrono::steady_clock::now();
    auto campaign = run_campaign(options);
    if (!campaign.is_ok()) {
      return Status::error(campaign.status().kind(), configuration.name + ": " + campaign.status().message());
    }
    const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.campaign_cases_run += campaign.value().cases_run;
    for (const PropertyResult& property : campaign.value().properties) {
      result.cases.push_back({configuration.name, property, elapsed_s / campaign.value().properties.size()});
    }
  }
  return result;
}

std::string to_junit_xml(const GateResult& result, const Shard& shard) {
  std::size_t failures = 0, errors = 0;
  for (const GateCaseResult& c : result.cases) {
    failures += c.property.status == ClaimStatus::refuted;
    errors += c.property.status == ClaimStatus::undecided || c.property.cases_checked == 0;
  }
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites name=\"quorumcheck gate\">\n";
  xml += "  <testsuite name=\"quorumcheck gate shard " + std::to_string(shard.index) + "/" +
         std::to_string(shard.count) + "\" tests=\"" + std::to_string(result.cases.size()) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\">\n";
  for (const GateCaseResult& c : result.cases) {
    const PropertyResult& p = c.property;
    xml += "    <testcase classname=\"" + markup_escaped(c.configuration) + "\" name=\"" + markup_escaped(p.property) +
           "\" time=\"" + std::to_string(c.elapsed_s) + "\">\n";
    if (p.status == ClaimStatus::refuted && !p.refutations.empty()) {
      const Refutation& r = p.refutations.front();
      xml += "      <failure message=\"refuted in " + std::to_string(p.cases_violated) + " of " +
             std::to_string(p.cases_checked) + " cases\">" +
             markup_escaped("bundle: " + r.bundle_path + "\nreplay: quorumcheck replay " + r.bundle_path + "\n\n" +
                         r.verdict.text) +
             "</failure>\n";
    } else if (p.status == ClaimStatus::undecided) {
      xml += "      <error message=\"undecided\">" + markup_escaped(p.undecided_reason) + "</error>\n";
    } else if (p.cases_checked == 0) {
      xml += "      <error message=\"no case ran\">the time budget ran out before any case ran</error>\n";
    } else {
      xml += "      <system-out>" + markup_escaped("holds for " + std::to_string(p.cases_checked) + " cases") +
             "</system-out>\n";
    }
    xml += "    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace qc
