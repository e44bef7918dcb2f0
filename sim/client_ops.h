#pragma once
// How a workload op becomes a request to the store, and what the history calls it:
// shared by the simulator's clients and the model checker's.
#include "histories/workload.h"
#include "impl/node.h"

namespace qc {

ClientOp client_op(WorkloadOpKind kind);
const char* history_f(ClientOp op);  // "read", "write", "delete": the history's f

}  // namespace qc
