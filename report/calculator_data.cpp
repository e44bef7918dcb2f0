#include "report/calculator_data.h"

#include <cctype>

namespace qc {
namespace {

using nlohmann::json;

// Reads fields of one object, remembering the first error with its path.
class Fields {
 public:
  Fields(const json& object, std::string path) : object_(object), path_(std::move(path)) {}

  const json* get(const char* name, json::value_t type, const char* expected) {
    const auto found = object_.find(name);
    if (found == object_.end()) return fail(std::string(name) + ": missing (expected " + expected + ")");
    const bool numbers = type == json::value_t::number_unsigned && found->is_number();
    if (found->type() != type && !numbers) return fail(std::string(name) + ": expected " + expected);
    return &*found;
  }
  std::uint64_t number(const char* name) {
    const json* value = get(name, json::value_t::number_unsigned, "a whole number");
    if (value == nullptr) return 0;
    // Parsed text gives unsigned for every whole number >= 0; a report made in memory
    // (the quick matrix) may hold the same numbers as signed.
    const bool whole = value->is_number_unsigned() || (value->is_number_integer() && value->get<std::int64_t>() >= 0);
    if (!whole) {
      fail(std::string(name) + ": expected a whole number");
      return 0;
    }
    return value->get<std::uint64_t>();
  }
  std::string text(const char* name) {
    const json* value = get(name, json::value_t::string, "a string");
    return value == nullptr ? std::string() : value->get<std::string>();
  }
  bool flag(const char* name) {
    const json* value = get(name, json::value_t::boolean, "true or false");
    return value != nullptr && value->get<bool>();
  }
  const json& array(const char* name) {
    const json* value = get(name, json::value_t::array, "an array");
    return value == nullptr ? kEmptyArray : *value;
  }
  const json& object(const char* name) {
    const json* value = get(name, json::value_t::object, "an object");
    return value == nullptr ? kEmptyObject : *value;
  }
  const std::string& path() const { return path_; }
  const std::string& error() const { return error_; }

 private:
  const json* fail(const std::string& what) {
    if (error_.empty()) error_ = path_ + "." + what;
    return nullptr;
  }
  inline static const json kEmptyArray = json::array();
  inline static const json kEmptyObject = json::object();
  const json& object_;
  std::string path_;
  std::string error_;
};

// The first error among several readers.
std::string first_error(std::initializer_list<const Fields*> readers) {
  for (const Fields* reader : readers)
    if (!reader->error().empty()) return reader->error();
  return {};
}

Result<json> claim_entry(const json& claim, const std::string& path, const BundleTimeline& timeline_of) {
  if (!claim.is_object()) return Status::error(ErrorKind::malformed, path + ": expected an object");
  Fields fields(claim, path);
  json entry{{"property", fields.text("property")},
             {"description", fields.text("description")},
             {"status", fields.text("status")},
             {"evidence", fields.text("evidence")},
             {"detail", fields.text("detail")},
             {"timeline", nullptr}};
  const std::string bundle = claim.contains("bundle") ? fields.text("bundle") : std::string();
  if (!fields.error().empty()) return Status::error(ErrorKind::malformed, fields.error());
  std::string status = entry["status"];  // claims writes holds / refuted / undecided
  for (char& c : status) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (status != "HOLDS" && status != "REFUTED" && status != "UNDECIDED")
    return Status::error(ErrorKind::malformed, path + ".status: '" + entry["status"].get<std::string>() +
                                                   "': expected holds, refuted or undecided");
  entry["status"] = status;
  if (status == "REFUTED" && !bundle.empty()) entry["timeline"] = timeline_of(bundle);
  return entry;
}

const json& freshness_object(const json& report) {
  static const json kNone = json::object();
  const auto found = report.find("freshness");
  return found != report.end() && found->is_object() ? *found : kNone;
}

// "leaderless" or "leader": the report's store_kind, else its store's "store", else (a
// report from before there were two stores) leaderless.
std::string store_kind(const json& report) {
  if (const auto kind = report.find("store_kind"); kind != report.end() && kind->is_string()) return *kind;
  if (const auto store = report.find("store"); store != report.end() && store->is_object())
    if (const auto kind = store->find("store"); kind != store->end() && kind->is_string()) return *kind;
  return "leaderless";
}

// A leader-based report's Raft figures and modes (its "leader" object) as the page's
// config fields; the leaderless fields are null.
json leader_fields(Fields& fields, const std::string& path, std::string& error) {
  Fields leader(fields.object("leader"), path + ".leader");
  json entry{{"store", "leader"},
             {"nodes", leader.number("nodes")},
             {"n", nullptr}, {"r", nullptr}, {"w", nullptr},
             {"read_repair", nullptr}, {"abd", nullptr}, {"sloppy", nullptr}, {"durability", nullptr},
             {"leader", {{"replication", leader.text("replication")},
                         {"reads", leader.text("reads")},
                         {"majority", leader.number("majority")},
                         {"tolerates_down", leader.number("tolerates_down")},
                         {"election_timeout_min_us", leader.number("election_timeout_min_us")},
                         {"election_timeout_max_us", leader.number("election_timeout_max_us")},
                         {"heartbeat_interval_us", leader.number("heartbeat_interval_us")},
                         {"label", leader.text("label")}}}};
  error = first_error({&fields, &leader});
  return entry;
}

Result<json> config_entry(const json& report, const std::string& path, const BundleTimeline& timeline_of) {
  if (!report.is_object()) return Status::error(ErrorKind::malformed, path + ": expected an object (one claims report)");
  Fields fields(report, path);
  const bool leader = store_kind(report) == "leader";
  std::string leader_error;
  json entry;
  if (leader) {
    entry = leader_fields(fields, path, leader_error);
    if (!leader_error.empty()) return Status::error(ErrorKind::malformed, leader_error);
  }
  static const json kNoQuorums = json::object();  // a leader-based report has none
  Fields quorums(leader ? kNoQuorums : fields.object("quorums"), path + ".quorums");
  Fields store(fields.object("store"), path + ".store");
  if (!leader)
    entry = json{{"store", "leaderless"},
                 {"nodes", quorums.number("nodes")},
                 {"n", quorums.number("n")},
                 {"r", quorums.number("r")},
                 {"w", quorums.number("w")},
                 {"read_repair", store.text("read_repair")},
                 {"abd", store.flag("abd_writers")},
                 {"sloppy", store.flag("sloppy_quorum")},
                 {"durability", store.text("durability")},
                 {"leader", nullptr}};
  entry.update(json{
             {"cases", fields.number("cases_run")},
             {"scope", report.contains("proof_scope") ? json(fields.text("proof_scope")) : json(nullptr)},
             {"faults", json::array()},
             {"claims", json::array()},
             {"freshness", json::array()},
             {"k", json::array()}});
  const json& faults = fields.array("faults");
  Fields freshness(fields.object("freshness"), path + ".freshness");
  const json& points = freshness.array("points");
  const json& claims = fields.array("claims");
  if (std::string error = first_error({&fields, &quorums, &store, &freshness}); !error.empty())
    return Status::error(ErrorKind::malformed, error);
  for (std::size_t i = 0; i < faults.size(); ++i) {
    if (!faults[i].is_object()) return Status::error(ErrorKind::malformed, path + ".faults[" + std::to_string(i) + "]: expected an object");
    Fields fault(faults[i], path + ".faults[" + std::to_string(i) + "]");
    entry["faults"].push_back({{"kind", fault.text("kind")}, {"events", fault.number("events")},
                               {"hit", fault.number("hit")}, {"ops_hit", fault.number("ops_touched")}});
    if (!fault.error().empty()) return Status::error(ErrorKind::malformed, fault.error());
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!points[i].is_object()) return Status::error(ErrorKind::malformed, path + ".freshness.points[" + std::to_string(i) + "]: expected an object");
    Fields point(points[i], path + ".freshness.points[" + std::to_string(i) + "]");
    const std::uint64_t t_us = point.number("t_us");
    entry["freshness"].push_back({{"t_ms", static_cast<double>(t_us) / 1000.0}, {"reads", point.number("reads")},
                                  {"fresh", point.number("fresh_reads")}});
    if (!point.error().empty()) return Status::error(ErrorKind::malformed, point.error());
  }
  const json empty = json::array();
  const json& k_histogram = freshness_object(report).contains("k_histogram") ? freshness.array("k_histogram") : empty;
  for (std::size_t i = 0; i < k_histogram.size(); ++i) {
    if (!k_histogram[i].is_object()) return Status::error(ErrorKind::malformed, path + ".freshness.k_histogram[" + std::to_string(i) + "]: expected an object");
    Fields bucket(k_histogram[i], path + ".freshness.k_histogram[" + std::to_string(i) + "]");
    entry["k"].push_back({{"k", bucket.number("k")}, {"reads", bucket.number("reads")}});
    if (!bucket.error().empty()) return Status::error(ErrorKind::malformed, bucket.error());
  }
  if (!freshness.error().empty()) return Status::error(ErrorKind::malformed, freshness.error());
  for (std::size_t i = 0; i < claims.size(); ++i) {
    auto claim = claim_entry(claims[i], path + ".claims[" + std::to_string(i) + "]", timeline_of);
    if (!claim.is_ok()) return claim.status();
    entry["claims"].push_back(std::move(claim).value());
  }
  if (leader) {
    const std::string& replication = entry["leader"]["replication"].get_ref<const std::string&>();
    const std::string& reads = entry["leader"]["reads"].get_ref<const std::string&>();
    if (replication != "sync" && replication != "async")
      return Status::error(ErrorKind::malformed, path + ".leader.replication: '" + replication + "': expected sync or async");
    if (reads != "read_index" && reads != "follower")
      return Status::error(ErrorKind::malformed, path + ".leader.reads: '" + reads + "': expected read_index or follower");
    if (entry["nodes"] == 0) return Status::error(ErrorKind::malformed, path + ".leader.nodes: expected at least 1");
    return entry;
  }
  if (entry["n"] == 0 || entry["r"] > entry["n"] || entry["w"] > entry["n"] || entry["r"] == 0 || entry["w"] == 0)
    return Status::error(ErrorKind::malformed, path + ".quorums: expected 1 <= R, W <= N");
  return entry;
}

}  // namespace

Result<json> calculator_data(const json& reports, const std::string& source, const std::string& description,
                             const BundleTimeline& timeline_of) {
  const json list = reports.is_array() ? reports : json::array({reports});
  json configs = json::array();
  std::string latency_profile;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto entry = config_entry(list[i], source + ": [" + std::to_string(i) + "]", timeline_of);
    if (!entry.is_ok()) return entry.status();
    configs.push_back(std::move(entry).value());
    const json& freshness = list[i]["freshness"];
    if (latency_profile.empty() && freshness.contains("latency_profile") && freshness["latency_profile"].is_string())
      latency_profile = freshness["latency_profile"];
  }
  if (configs.empty()) return Status::error(ErrorKind::malformed, source + ": no claims report in it");
  return json{{"page", "calculator"},
              {"tool_version", QC_REPORT_TOOL_VERSION},
              {"source", description},
              {"latency_profile", latency_profile},
              {"configs", std::move(configs)}};
}

}  // namespace qc
