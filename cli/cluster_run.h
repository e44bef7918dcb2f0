#pragma once
// `quorumcheck cluster`'s engine: M real node processes (`quorumcheck node`) on
// 127.0.0.1, one thread per client process issuing its workload ops over RESP with a
// timeout, each op to the coordinator and after the think time the simulator would choose
// (sim/op_routing.h), faults applied by the same rule as the simulator (an event with at_op = K
// fires just before op K is invoked; a restarted node is waited for, up to 10 s, until
// it answers and sees its peers, as a restart in the simulator is immediate; the final
// heal after the last op), the history
// recorded with the real monotonic time in microseconds since the cluster started.
// Every fault kind of faults/schedule.h is applied: crash (kill -9, restart from the
// log), pause (SIGSTOP/SIGCONT), and the network and clock faults through each node's
// QC.FAULT admin command (cluster_link_faults.h). Every process started is killed when
// the run ends, on failure and on Ctrl-C too.
#include <atomic>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "common/status.h"
#include "faults/schedule.h"
#include "histories/history.h"
#include "histories/workload.h"
#include "impl/config.h"
#include "sim/fault_impact.h"
#include "sim/latency.h"

namespace qc {

struct ClusterSetup {
  Config store;
  Workload workload;
  FaultSchedule schedule;
  std::string binary;       // the quorumcheck executable that runs `node`
  std::string config_file;  // config.json with `store`, passed to every node
  std::string data_dir;  // per node: data_dir/nI (its log), data_dir/nI.log (its stderr)
  std::int64_t client_timeout_ms = 1'000;  // a request without a reply by then is info
  LatencyDistribution think_time;          // each client waits this long between ops
  std::uint64_t seed = 1;                  // of each op's think time and coordinator, as in the simulator
  std::int64_t quiescence_ms = 1'000;      // after the final heal, before nodes stop
  const std::atomic<bool>* interrupted = nullptr;  // Ctrl-C: stop issuing ops
};

struct AppliedFault {
  std::int64_t at_op = 0;
  std::int64_t time_us = 0;  // on the history's clock
  std::string what;          // "crash n1", "final heal: restart n1"
  std::int64_t writes_in_flight = 0;  // writes and deletes invoked, not yet completed
};

struct ClusterResult {
  History history;
  std::vector<AppliedFault> faults;
  std::vector<FaultImpact> fault_impacts;  // per schedule event: fired and when, on the history's clock
  std::int64_t ops_invoked = 0;
  bool interrupted = false;
};

// Runs the whole thing; an error when the nodes do not come up (naming the node and
// where its log is).
Result<ClusterResult> run_cluster(const ClusterSetup& setup, std::ostream& progress);

}  // namespace qc
