#pragma once
// Reads the fields of a JSON object (from common/json_document.h) into settings: it
// remembers the JSON path, keeps the first error, checks types and ranges, and rejects
// fields nobody asked for (a typo must not leave a setting at its default). Used for
// config.json's store, workload, network and storage, and for gate files.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_document.h"
#include "common/status.h"

namespace qc::json_reading {

using Json = nlohmann::ordered_json;

class ObjectReader {
 public:
  ObjectReader(const Json& object, std::string path, Status& status)
      : object_(object), path_(std::move(path)), status_(status) {
    if (!object_.is_object()) fail(path_, "expected an object, got " + object_.dump());
  }

  // Reads an optional field; absent leaves `out` as it was.
  template <typename T>
  void field(const char* name, T& out) {
    const Json* value = find(name);
    if (value != nullptr) read(*value, path_ + "." + name, out);
  }
  // The same, for a number that must be at least `least`.
  template <typename T>
  void field(const char* name, T& out, T least) {
    const Json* value = find(name);
    if (value == nullptr) return;
    read(*value, path_ + "." + name, out);
    if (ok() && out < least) fail(path_ + "." + name, "expected at least " + Json(least).dump() + ", got " + value->dump());
  }
  template <typename E>
  void enumeration(const char* name, E& out, const std::vector<std::pair<const char*, E>>& names) {
    const Json* value = find(name);
    if (value == nullptr) return;
    std::string expected;
    for (const auto& [text, e] : names) {
      if (value->is_string() && value->get<std::string>() == text) {
        out = e;
        return;
      }
      expected += (expected.empty() ? "" : ", ") + std::string(text);
    }
    fail(path_ + "." + name, "expected one of " + expected + ", got " + value->dump());
  }
  // The child object, or nullptr when absent (or on error).
  const Json* child(const char* name) { return find(name); }
  std::string path_of(const char* name) const { return path_ + "." + name; }

  // Call after reading every known field: anything else is a typo.
  void reject_unknown() {
    if (!status_.is_ok() || !object_.is_object()) return;
    for (const auto& [key, value] : object_.items())
      if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
        std::string expected;
        for (const std::string& name : known_) expected += (expected.empty() ? "" : ", ") + name;
        fail(path_ + "." + key, "is not a known field; expected one of " + expected);
        return;
      }
  }
  bool ok() const { return status_.is_ok(); }
  void fail(const std::string& path, const std::string& message) {
    if (status_.is_ok()) status_ = Status::error(ErrorKind::malformed, path + ": " + message);
  }

 private:
  const Json* find(const char* name) {
    if (std::find(known_.begin(), known_.end(), name) == known_.end()) known_.emplace_back(name);
    if (!status_.is_ok() || !object_.is_object()) return nullptr;
    auto it = object_.find(name);
    return it == object_.end() ? nullptr : &*it;
  }
  void read(const Json& value, const std::string& path, bool& out) {
    if (!value.is_boolean()) return fail(path, "expected true or false, got " + value.dump());
    out = value.get<bool>();
  }
  void read(const Json& value, const std::string& path, std::string& out) {
    if (!value.is_string()) return fail(path, "expected a string, got " + value.dump());
    out = value.get<std::string>();
  }
  void read(const Json& value, const std::string& path, double& out) {
    if (!value.is_number()) return fail(path, "expected a number, got " + value.dump());
    out = value.get<double>();
  }
  template <typename T>
    requires std::is_integral_v<T>
  void read(const Json& value, const std::string& path, T& out) {
    const std::optional<std::int64_t> signed_value = json_int64(value);
    const bool fits = std::is_signed_v<T>
                          ? (signed_value && *signed_value >= std::numeric_limits<T>::min() &&
                             *signed_value <= std::numeric_limits<T>::max())
                          : (value.is_number_unsigned() &&
                             value.template get<std::uint64_t>() <= std::numeric_limits<T>::max());
    if (!fits)
      return fail(path, std::string("expected ") + (std::is_signed_v<T> ? "an" : "a non-negative") +
                            " integer in range, got " + value.dump());
    out = value.get<T>();
  }
  template <typename T>
  void read(const Json& value, const std::string& path, std::vector<T>& out) {
    if (!value.is_array()) return fail(path, "expected an array, got " + value.dump());
    out.assign(value.size(), T{});
    for (std::size_t i = 0; i < value.size(); ++i)
      read(value[i], path + "[" + std::to_string(i) + "]", out[i]);
  }

  const Json& object_;
  std::string path_;
  Status& status_;
  std::vector<std::string> known_;  // the fields asked for, in the order asked
};

}  // namespace qc::json_reading
