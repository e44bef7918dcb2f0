#pragma once
// Where commands write (--out folders, --junit files, the run's files): failures are
// usage errors (exit 64) that name the flag and the path, since the path came from the
// command line; nothing is reported as written that was not.
#include <string>

#include "common/status.h"

namespace qc {

// Creates `dir` and its parents if needed; an error when that fails or `dir` is a file.
Status prepare_output_dir(const std::string& dir, const std::string& flag);

// An error when `path` names a directory: a file name is expected there. Callers check
// it before long work, so that the run does not end on it.
Status refuse_directory(const std::string& path, const std::string& flag);

// Writes `content` to `path` whole, replacing it; an error when `path` is a directory or
// cannot be written (no permission, a full disk).
Status write_output_file(const std::string& path, const std::string& content, const std::string& flag);

}  // namespace qc
