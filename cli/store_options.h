#pragma once
// The store's flags, shared by `quorumcheck run` and `quorumcheck campaign`:
// --nodes --n --r --w --read-repair --durability --abd --sloppy --anti-entropy.
// Each applies only when given, on top of a base Config (defaults or a --config file).
#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "common/status.h"
#include "impl/config.h"

namespace qc {

struct StoreFlags {
  std::optional<std::uint32_t> nodes, n, r, w;
  std::optional<std::string> read_repair, durability;
  std::optional<bool> abd, sloppy, anti_entropy;
};

void add_store_options(CLI::App* app, StoreFlags& flags);

// Usage errors name the flag and the values it takes; the result is not validated.
Status apply_store_flags(const StoreFlags& flags, Config& store);

}  // namespace qc
