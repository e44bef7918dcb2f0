#pragma once
// The one way the tool reads an input file (histories, config.json, workload.json,
// faults.json, gate files, bundles): errors name the file and what was expected, a
// directory is refused, and a FIFO (a pipe, `<(...)`) is read when a writer sends data
// within kFifoWaitMs, refused otherwise, instead of blocking for ever.
#include <string>

#include "common/status.h"

namespace qc {

inline constexpr int kFifoWaitMs = 30'000;

// The whole file. `what` names the file's role in messages ("the history file").
Result<std::string> read_input_file(const std::string& path, const std::string& what,
                                    int fifo_wait_ms = kFifoWaitMs);

}  // namespace qc
