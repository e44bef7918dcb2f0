#pragma once
// `replay` trusts nothing in a bundle: before it runs the case again, the bundle must
// agree with itself. Its hash must look like one (16 lowercase hex digits, as
// history_fnv1a64 writes), the stored history must have that hash, and the recorded
// verdict must be the property's verdict on the stored history. A disagreement means the
// file was edited or damaged after it was written: malformed input (exit 65), never a
// failure that "no longer reproduces" (exit 3), which is about the code, not the file.
#include <string>

#include "common/status.h"
#include "explore/bundle.h"

namespace qc {

// Status::ok() or ErrorKind::malformed naming `source`, the field and what disagreed.
// Properties decided by the nodes' end state too (Property::needs_end_state) cannot be
// re-checked on a history alone; for them the replayed run is the only judge. A re-check
// that runs out of `budget` proves nothing either way and passes.
Status verify_bundle(const Bundle& bundle, const std::string& source, const CheckBudget& budget);

}  // namespace qc
