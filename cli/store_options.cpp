#include "cli/store_options.h"

namespace qc {
namespace {

Status usage(const std::string& message) { return Status::error(ErrorKind::usage, message); }

template <typename T>
void optional_flag(CLI::App* app, const std::string& name, std::optional<T>& target, const std::string& help) {
  app->add_option(name, target, help);
}

}  // namespace

void add_store_options(CLI::App* app, StoreFlags& flags) {
  optional_flag(app, "--nodes", flags.nodes, "cluster size M [5]");
  optional_flag(app, "--n", flags.n, "replicas per key N [3]");
  optional_flag(app, "--r", flags.r, "read quorum R [2]");
  optional_flag(app, "--w", flags.w, "write quorum W [2]");
  optional_flag(app, "--read-repair", flags.read_repair, "none, async or blocking [async]");
  optional_flag(app, "--durability", flags.durability, "durable or volatile [durable]");
  optional_flag(app, "--abd", flags.abd, "writers first read the highest timestamp (true/false) [false]");
  optional_flag(app, "--sloppy", flags.sloppy, "sloppy quorum with hinted handoff (true/false) [false]");
  optional_flag(app, "--anti-entropy", flags.anti_entropy, "Merkle anti-entropy (true/false) [true]");
}

Status apply_store_flags(const StoreFlags& flags, Config& store) {
  if (flags.nodes) store.node_count = *flags.nodes;
  if (flags.n) store.replication_factor = *flags.n;
  if (flags.r) store.read_quorum = *flags.r;
  if (flags.w) store.write_quorum = *flags.w;
  if (flags.read_repair) {
    const auto mode = find_named(kReadRepairNames, *flags.read_repair);
    if (!mode) return usage("--read-repair " + *flags.read_repair + ": expected none, async or blocking");
    store.read_repair = *mode;
  }
  if (flags.durability) {
    const auto durability = find_named(kDurabilityNames, *flags.durability);
    if (!durability) return usage("--durability " + *flags.durability + ": expected durable or volatile");
    store.durability = *durability;
  }
  if (flags.abd) store.abd_writers = *flags.abd;
  if (flags.sloppy) store.sloppy_quorum = *flags.sloppy;
  if (flags.anti_entropy) store.anti_entropy = *flags.anti_entropy;
  return Status::ok();
}

}  // namespace qc
