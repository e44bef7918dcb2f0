#pragma once
// Synthetic register histories that are linearizable by construction, for benchmarks
// and tests: processes run reads and writes on random keys, each op takes effect at a
// random instant inside its interval, and some writes time out (info), having taken
// effect or not. Written values are unique. Deterministic for a seed.
#include <cstdint>

#include "histories/history.h"

namespace qc {

struct SyntheticHistoryOptions {
  std::int64_t operations = 10000;
  int keys = 1000;
  int processes = 20;
  double read_fraction = 0.5;
  double info_fraction = 0.02;  // of writes: the client timed out
  std::uint64_t seed = 1;
};

History generate_register_history(const SyntheticHistoryOptions& options);

// A kv history in Porcupine's kv log format (EDN, one op map per line: get, put and
// append on string keys), linearizable by construction: each op takes effect when it
// completes. With the defaults, the shape of Porcupine's kv test data scaled to a
// million ops (two million events): 1000 keys, 20 clients; about 145 MB. Deterministic
// for a seed.
struct KvHistoryOptions {
  std::int64_t events = 2'000'000;  // invocations and completions
  int keys = 1000;
  int processes = 20;
  std::uint64_t seed = 1;
};

std::string generate_porcupine_kv_text(const KvHistoryOptions& options);

}  // namespace qc
