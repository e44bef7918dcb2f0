#pragma once
// Decides whether a history is linearizable with respect to a model: splits it by key
// (P-compositionality), drops `fail` ops and open ops that can never be observed, and
// runs the Wing–Gong–Lowe search on each key within the budget.
#include <string>
#include <vector>

#include "checker/model.h"
#include "checker/search_budget.h"
#include "checker/verdict.h"
#include "common/status.h"
#include "histories/history.h"

namespace qc {

struct CheckOptions {
  std::string model = "cas-register";  // one of kModelNames
  ModelOptions model_options;
  SearchLimits limits;
  // Registers whose writes are all distinct go to the exact zone check (zones.h); off,
  // every key goes to the general search (to compare the two).
  bool use_zones = true;
  // Every key is checked and every violation reported; off, the check ends at the
  // first key proved not linearizable (keys are tried in rounds, cheap ones first).
  bool all_keys = false;
};

// Errors: an unknown model (ErrorKind::usage); an op the model does not know or a value
// of the wrong shape (ErrorKind::malformed, naming the line).
Result<CheckResult> check_linearizability(const std::vector<Operation>& operations,
                                          const CheckOptions& options);

}  // namespace qc
