// nemesis_kinds, parse_nemesis_list and validate(NemesisOptions), declared in nemesis.h.
#include <algorithm>
#include <array>

#include "faults/nemesis.h"

namespace qc {
namespace {

using std::string_view_literals::operator""sv;

constexpr std::array kKinds{"partition"sv, "crash"sv, "pause"sv, "clock"sv, "loss"sv, "delay"sv};

std::string kind_names() {
  std::string names;
  for (std::string_view kind : kKinds) names += (names.empty() ? "" : ", ") + std::string(kind);
  return names;
}

std::string valid_names() { return "none, " + kind_names() + ", all"; }

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

Status usage(const std::string& what) { return Status::error(ErrorKind::usage, what); }

}  // namespace

std::span<const std::string_view> nemesis_kinds() { return kKinds; }

Result<std::vector<std::string>> parse_nemesis_list(const std::string& csv) {
  std::array<bool, kKinds.size()> chosen{};
  bool none = false;
  std::size_t names = 0;
  std::string_view rest = csv;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view name = trimmed(rest.substr(0, comma));
    ++names;
    const auto known = std::ranges::find(kKinds, name);
    if (name == "none") {
      none = true;
    } else if (name == "all") {
      chosen.fill(true);
    } else if (known != kKinds.end()) {
      chosen[static_cast<std::size_t>(known - kKinds.begin())] = true;
    } else {
      return usage("--nemesis: \"" + std::string(name) +
                   "\" is not a nemesis; expected a comma-separated list of " + valid_names());
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (none && names > 1)
    return usage(
        "--nemesis: \"none\" cannot be combined with other nemeses; expected \"none\" alone");
  std::vector<std::string> kinds;
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    if (chosen[i]) kinds.emplace_back(kKinds[i]);
  }
  return kinds;
}

}  // namespace qc
