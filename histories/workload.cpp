#include "histories/workload.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "common/assert.h"

namespace qc {
namespace {

using Json = nlohmann::ordered_json;

const std::pair<const char*, WorkloadOpKind> kKinds[] = {
    {"read", WorkloadOpKind::read}, {"write", WorkloadOpKind::write}, {"delete", WorkloadOpKind::del}};

WorkloadOpKind draw_kind(const OpWeights& weights, Prng& prng) {
  const std::uint64_t total = std::uint64_t{weights.read} + weights.write + weights.del;
  const std::uint64_t point = prng.below(total);
  if (point < weights.read) return WorkloadOpKind::read;
  if (point < std::uint64_t{weights.read} + weights.write) return WorkloadOpKind::write;
  return WorkloadOpKind::del;
}

std::string op_path(std::size_t client, std::size_t index) {
  return "client " + std::to_string(client) + " op " + std::to_string(index);
}

Status usage(const std::string& message) { return Status::error(ErrorKind::usage, message); }

// One op from its JSON form; the first problem goes to `error`.
WorkloadOp op_from_json(const Json& json, const std::string& path, std::string& error) {
  WorkloadOp op;
  if (!json.is_object()) {
    std::string shown = json.dump();
    if (shown.size() > 60) shown = shown.substr(0, 60) + "...";
    error = path + ": expected an object {\"id\", \"f\", \"key\"[, \"value\"]}, got " + shown;
    return op;
  }
  for (const auto& [name, value] : json.items())
    if (name != "id" && name != "f" && name != "key" && name != "value") {
      error = path + "." + name + ": is not a known field; expected id, f, key, value";
      return op;
    }
  const auto id = json.find("id");
  if (id == json.end() || !id->is_number_unsigned() ||
      id->get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max()) {
    error = path + ".id: expected an integer in 0..4294967295";
    return op;
  }
  op.id = id->get<std::uint32_t>();
  const auto f = json.find("f");
  const auto kind = f != json.end() && f->is_string()
                        ? std::find_if(std::begin(kKinds), std::end(kKinds),
                                       [&](const auto& k) { return f->get<std::string>() == k.first; })
                        : std::end(kKinds);
  if (kind == std::end(kKinds)) {
    error = path + ".f: expected \"read\", \"write\" or \"delete\"";
    return op;
  }
  op.kind = kind->second;
  const auto key = json.find("key");
  if (key == json.end() || !key->is_string()) {
    error = path + ".key: expected a string";
    return op;
  }
  op.key = key->get<std::string>();
  if (const auto value = json.find("value"); value != json.end()) {
    if (!value->is_string()) {
      error = path + ".value: expected a string";
      return op;
    }
    op.value = value->get<std::string>();
  }
  return op;
}

}  // namespace

const char* history_f(WorkloadOpKind kind) {
  switch (kind) {
    case WorkloadOpKind::read: return "read";
    case WorkloadOpKind::write: return "write";
    case WorkloadOpKind::del: return "delete";
  }
  return "unknown";
}

std::size_t op_count(const Workload& workload) {
  std::size_t count = 0;
  for (const auto& ops : workload.clients) count += ops.size();
  return count;
}

std::vector<std::string> keys_of(const Workload& workload) {
  std::set<std::string> keys;
  for (const auto& ops : workload.clients)
    for (const WorkloadOp& op : ops) keys.insert(op.key);
  return {keys.begin(), keys.end()};
}

std::string workload_key(std::uint32_t index) { return "k" + std::to_string(index); }

std::string write_value(std::uint32_t id) { return "v" + std::to_string(id); }

Workload generate_workload(const WorkloadShape& shape, Prng& prng) {
  QC_ASSERT(shape.clients >= 1 && shape.keys >= 1);
  QC_ASSERT(std::uint64_t{shape.weights.read} + shape.weights.write + shape.weights.del > 0);
  Workload workload;
  workload.clients.resize(shape.clients);
  std::uint32_t next_id = 0;
  for (std::uint32_t c = 0; c < shape.clients; ++c) {
    const std::uint32_t count = shape.ops / shape.clients + (c < shape.ops % shape.clients ? 1 : 0);
    std::vector<WorkloadOp>& ops = workload.clients[c];
    ops.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      WorkloadOp op;
      op.id = next_id++;
      const bool final_read = count - i <= shape.final_reads;
      op.kind = final_read ? WorkloadOpKind::read : draw_kind(shape.weights, prng);
      op.key = workload_key(static_cast<std::uint32_t>(prng.below(shape.keys)));
      if (op.kind == WorkloadOpKind::write) op.value = write_value(op.id);
      ops.push_back(std::move(op));
    }
  }
  return workload;
}

Status validate(const Workload& workload) {
  std::map<std::string, std::string> writer_of_value;
  std::set<std::uint32_t> ids;
  for (std::size_t c = 0; c < workload.clients.size(); ++c) {
    for (std::size_t i = 0; i < workload.clients[c].size(); ++i) {
      const WorkloadOp& op = workload.clients[c][i];
      const std::string where = op_path(c, i);
      if (op.key.empty()) return usage(where + ": the key is empty; expected a key name");
      if (!ids.insert(op.id).second)
        return usage(where + ": id " + std::to_string(op.id) + " is used twice; expected unique ids");
      const bool is_write = op.kind == WorkloadOpKind::write;
      if (is_write && op.value.empty()) return usage(where + ": a write without a value; expected a unique value");
      if (!is_write && !op.value.empty())
        return usage(where + ": a " + history_f(op.kind) + " with a value; expected none");
      if (is_write) {
        auto [it, fresh] = writer_of_value.emplace(op.value, where);
        if (!fresh)
          return usage(where + ": value \"" + op.value + "\" is also written by " + it->second +
                       "; expected unique write values");
      }
    }
  }
  return Status::ok();
}

Json workload_to_json(const Workload& workload) {
  Json clients = Json::array();
  for (const auto& ops : workload.clients) {
    Json list = Json::array();
    for (const WorkloadOp& op : ops) {
      Json j{{"id", op.id}, {"f", history_f(op.kind)}, {"key", op.key}};
      if (op.kind == WorkloadOpKind::write) j["value"] = op.value;
      list.push_back(std::move(j));
    }
    clients.push_back(std::move(list));
  }
  return Json{{"clients", std::move(clients)}};
}

Result<Workload> workload_from_json(const Json& json, const std::string& path) {
  const auto malformed = [](const std::string& message) { return Status::error(ErrorKind::malformed, message); };
  if (!json.is_object() || !json.contains("clients") || json.size() != 1)
    return malformed(path + ": expected an object with one field, \"clients\": a list of op lists");
  const Json& clients = json["clients"];
  if (!clients.is_array()) return malformed(path + ".clients: expected an array of op lists");
  Workload workload;
  for (std::size_t c = 0; c < clients.size(); ++c) {
    const std::string client_path = path + ".clients[" + std::to_string(c) + "]";
    if (!clients[c].is_array()) return malformed(client_path + ": expected an array of ops");
    std::vector<WorkloadOp>& ops = workload.clients.emplace_back();
    for (std::size_t i = 0; i < clients[c].size(); ++i) {
      std::string error;
      ops.push_back(op_from_json(clients[c][i], client_path + "[" + std::to_string(i) + "]", error));
      if (!error.empty()) return malformed(error);
    }
  }
  if (Status s = validate(workload); !s.is_ok()) return malformed(path + ": " + s.message());
  return workload;
}

}  // namespace qc
