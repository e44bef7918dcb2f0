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

}  // namespace qc
