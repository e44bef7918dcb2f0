#pragma once
// An exact, O(n log n) linearizability check for a read/write register whose writes all
// write distinct values (Gibbons & Korach, "Testing shared memories", 1997; restated by
// Golab, Li and Shah, 2011). With distinct values each read names the write it saw, so
// ops fall into clusters (a write and its reads). A cluster's zone runs from the
// earliest return among its ops to the latest call: when that return comes first the
// zone is "forward" and the value must stay current all through it. The history is
// linearizable exactly when no read returns before its write is called, no two forward
// zones overlap, and no backward zone lies inside a forward zone.
//
// Our store's histories write unique values, so this decides them however many
// timed-out writes they hold, where the general search can blow up.
#include <optional>
#include <vector>

#include "checker/models.h"
#include "checker/wgl_search.h"

namespace qc {

// `ops` and `inputs` are one key's kept ops (open reads already left out). Returns
// nothing when the key does not qualify: a cas or a delete, or a value written twice
// (or written and also the initial value); the caller then runs the general search.
std::optional<PartitionOutcome> check_by_zones(const RegisterModel& model,
                                               const std::vector<const Operation*>& ops,
                                               const std::vector<const RegisterModel::Input*>& inputs);

}  // namespace qc
