#include "explore/gate.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <limits>

#include <nlohmann/json.hpp>

#include "common/json_document.h"
#include "explore/latency_profiles.h"
#include "faults/nemesis.h"
#include "sim/config_json.h"

namespace qc {
namespace {

using json = nlohmann::ordered_json;

// Reads one gate file with errors that name the file and the JSON path.
class GateReader {
 public:
  explicit GateReader(std::string source) : source_(std::move(source)) {}

  Status fail(const std::string& path, const std::string& what) {
    if (error_.is_ok()) error_ = Status::error(ErrorKind::malformed, source_ + ": " + path + ": " + what);
    return error_;
  }
  const Status& error() const { return error_; }

  // Every key of `node` must be one of `known`: a typo ("budget_S", "requires") would
  // otherwise leave a setting at its default without a word.
  void known_keys(const json& node, const std::string& path, const std::vector<std::string>& known) {
    for (const auto& [key, value] : node.items()) {
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string expected;
      for (const std::string& name : known) expected += (expected.empty() ? "" : ", ") + name;
      fail(path + "." + key, "unknown setting; expected one of " + expected);
      return;
    }
  }

  template <typename T>
  void number(const json& node, const std::string& path, const char* key, T& out, T min_value) {
    auto found = node.find(key);
    if (found == node.end()) return;
    if (!found->is_number() || (found->is_number_float() && !std::is_floating_point_v<T>) ||
        !(found->get<double>() >= static_cast<double>(min_value)) ||
        found->get<double>() > static_cast<double>(std::numeric_limits<T>::max())) {
      fail(path + "." + key, "found " + found->dump() + "; expected a number from " + std::to_string(min_value) +
                                 " to " + std::to_string(std::numeric_limits<T>::max()));
      return;
    }
    out = found->get<T>();
  }

  void text(const json& node, const std::string& path, const char* key, std::string& out) {
    auto found = node.find(key);
    if (found == node.end()) return;
    if (!found->is_string()) {
      fail(path + "." + key, "found " + found->dump() + "; expected a string");
      return;
    }
    out = found->get<std::string>();
  }

  // The store object as config.json spells it (sim/config_json.h): one reader, one
  // spelling for config files, bundles and gate files.
  void store(const json& node, const std::string& path, Config& store) {
    if (!error_.is_ok()) return;
    Status read = read_store_settings(node, path, store);
    if (!read.is_ok()) error_ = Status::error(ErrorKind::malformed, source_ + ": " + read.message());
  }

 private:
  std::string source_;
  Status error_ = Status::ok();
};

// Settings a configuration inherits from the file's top level and may override.
struct Defaults {
  std::uint64_t seed = 1, cases = 100;
  double budget_s = 0;
  std::string nemesis = "partition,crash", latency = "default";
  std::uint32_t ops_max = 30, clients_max = 4, keys_max = 2;
};

const std::vector<std::string> kDefaultKeys = {"seed", "cases", "budget_s", "nemesis", "latency",
                                               "ops_max", "clients_max", "keys_max"};

// A configuration's name is a folder under --out: letters, digits, '.', '_' and '-',
// not "." or "..", so no name can reach outside it.
bool is_safe_name(const std::string& name) {
  if (name.empty() || name.size() > 100 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

void read_defaults(GateReader& reader, const json& node, const std::string& path, Defaults& d) {
  reader.number(node, path, "seed", d.seed, std::uint64_t{0});
  reader.number(node, path, "cases", d.cases, std::uint64_t{1});
  reader.number(node, path, "budget_s", d.budget_s, 0.0);
  reader.text(node, path, "nemesis", d.nemesis);
  reader.text(node, path, "latency", d.latency);
  reader.number(node, path, "ops_max", d.ops_max, 1u);
  reader.number(node, path, "clients_max", d.clients_max, 1u);
  reader.number(node, path, "keys_max", d.keys_max, 1u);
}

Status build_campaign(GateReader& reader, const json& node, const std::string& path, Defaults d,
                      GateConfiguration& configuration) {
  read_defaults(reader, node, path, d);
  CampaignOptions& options = configuration.campaign;
  options.space.base.store.node_count = 5;
  options.space.base.store.read_repair = ReadRepair::async;
  if (auto store = node.find("store"); store != node.end()) reader.store(*store, path + ".store", options.space.base.store);
  auto network = latency_profile(d.latency);
  if (!network.is_ok()) return reader.fail(path + ".latency", network.status().message());
  options.space.base.network = network.value();
  auto kinds = parse_nemesis_list(d.nemesis);
  if (!kinds.is_ok()) return reader.fail(path + ".nemesis", kinds.status().message());
  options.space.nemesis = kinds.value();
  options.space.ops = {1, d.ops_max};
  options.space.clients = {1, d.clients_max};
  options.space.keys = {1, d.keys_max};
  options.seed = d.seed;
  options.cases = d.cases;
  options.budget_s = d.budget_s;
  auto require = node.find("require");
  if (require == node.end() || !require->is_array() || require->empty()) {
    return reader.fail(path + ".require", "expected a non-empty list of property names (" + property_names() + ")");
  }
  for (std::size_t i = 0; i < require->size(); ++i) {
    const json& name = (*require)[i];
    if (!name.is_string() || !find_property(name.get<std::string>()).is_ok()) {
      return reader.fail(path + ".require[" + std::to_string(i) + "]",
                         "found " + name.dump() + "; expected one of " + property_names());
    }
    options.properties.push_back(name.get<std::string>());
  }
  return reader.error();
}

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

Result<GateSpec> parse_gate(std::string_view text, const std::string& source) {
  auto parsed = parse_json_document(text, source, "a gate file object");
  if (!parsed.is_ok()) return parsed.status();
  const json& root = parsed.value();
  GateReader reader(source);
  if (!root.is_object()) return reader.fail("$", "not a JSON object; expected a gate file");
  Defaults defaults;
  std::vector<std::string> top_keys = kDefaultKeys;
  top_keys.push_back("configurations");
  reader.known_keys(root, "$", top_keys);
  read_defaults(reader, root, "$", defaults);
  auto list = root.find("configurations");
  if (list == root.end() || !list->is_array() || list->empty()) {
    return reader.fail("$.configurations", "expected a non-empty list of configurations");
  }
  GateSpec spec;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string path = "$.configurations[" + std::to_string(i) + "]";
    const json& node = (*list)[i];
    GateConfiguration configuration;
    configuration.name = "configuration-" + std::to_string(i);
    if (!node.is_object()) return reader.fail(path, "expected an object");
    std::vector<std::string> keys = kDefaultKeys;
    keys.insert(keys.end(), {"name", "store", "require"});
    reader.known_keys(node, path, keys);
    reader.text(node, path, "name", configuration.name);
    if (!is_safe_name(configuration.name))
      return reader.fail(path + ".name", "found \"" + configuration.name +
                                             "\"; expected 1 to 100 letters, digits, '.', '_' or '-' (not . or ..): "
                                             "it names the configuration's folder under --out");
    for (const GateConfiguration& earlier : spec.configurations)
      if (earlier.name == configuration.name)
        return reader.fail(path + ".name", "\"" + configuration.name +
                                               "\" names an earlier configuration too; expected distinct names");
    Status built = build_campaign(reader, node, path, defaults, configuration);
    if (!built.is_ok()) return built;
    spec.configurations.push_back(std::move(configuration));
  }
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
    xml += "    <testcase classname=\"" + xml_escaped(c.configuration) + "\" name=\"" + xml_escaped(p.property) +
           "\" time=\"" + std::to_string(c.elapsed_s) + "\">\n";
    if (p.status == ClaimStatus::refuted && !p.refutations.empty()) {
      const Refutation& r = p.refutations.front();
      xml += "      <failure message=\"refuted in " + std::to_string(p.cases_violated) + " of " +
             std::to_string(p.cases_checked) + " cases\">" +
             xml_escaped("bundle: " + r.bundle_path + "\nreplay: quorumcheck replay " + r.bundle_path + "\n\n" +
                         r.verdict.text) +
             "</failure>\n";
    } else if (p.status == ClaimStatus::undecided) {
      xml += "      <error message=\"undecided\">" + xml_escaped(p.undecided_reason) + "</error>\n";
    } else if (p.cases_checked == 0) {
      xml += "      <error message=\"no case ran\">the time budget ran out before any case ran</error>\n";
    } else {
      xml += "      <system-out>" + xml_escaped("holds for " + std::to_string(p.cases_checked) + " cases") +
             "</system-out>\n";
    }
    xml += "    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace qc
