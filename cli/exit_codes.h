#pragma once
// quorumcheck's exit codes (DESIGN.md, "Errors and exit codes"); README.md lists them.
#include "checker/verdict.h"
#include "common/status.h"

namespace qc {

enum ExitCode : int {
  kExitHolds = 0,       // the property holds
  kExitViolated = 1,    // the property is violated
  kExitUndecided = 2,   // a search budget ran out
  kExitNoLongerReproduces = 3,  // `replay`: the bundle's failure no longer happens
  kExitUsage = 64,      // bad command line or configuration
  kExitMalformed = 65,  // input that cannot be read or does not parse
  kExitInternal = 70,   // an unexpected exception: a bug of ours (EX_SOFTWARE)
  kExitIo = 74,         // `node`, `cluster`: a port, data directory or log cannot be used (EX_IOERR)
};

inline int exit_code_for(const Status& status) {
  return status.kind() == ErrorKind::usage ? kExitUsage : kExitMalformed;
}

// A checker's verdict as the exit code of the command that printed it.
inline int exit_code_for(Verdict verdict) {
  switch (verdict) {
    case Verdict::linearizable: return kExitHolds;
    case Verdict::not_linearizable: return kExitViolated;
    case Verdict::unknown: return kExitUndecided;
  }
  return kExitUndecided;
}

}  // namespace qc
