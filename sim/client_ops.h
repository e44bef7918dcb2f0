#pragma once
// How a workload op becomes a request to the store, and what the history calls it:
// shared by the simulator's clients and the model checker's.
#include <optional>
#include <string>

#include "histories/history.h"
#include "histories/workload.h"
#include "impl/node.h"

namespace qc {

ClientOp client_op(WorkloadOpKind kind);
const char* history_f(ClientOp op);  // "read", "write", "delete": the history's f

// The value the history records for `request` at its invocation, or at a completion
// without a reply: what a put writes, nothing for reads and deletes.
Value written_value(const ClientRequest& request);
// ... and at the completion `reply` brings: a read's value when it succeeded.
Value completion_value(const ClientRequest& request, const ClientReply& reply);

// The history event of a client's request (an invocation or a completion) at `index`.
Event client_event(std::int64_t index, std::int64_t time, std::int64_t process, EventType type,
                   const ClientRequest& request, Value value, std::optional<std::string> error);

}  // namespace qc
