#pragma once
// The data behind quorumcheck's HTML pages. A page is one self-contained HTML file
// (report/html_page.h): inline CSS and JS (report/assets/), and the page's data as one
// JSON object in <script type="application/json" id="qc-data"> ('<' escaped as \u003c).
// The JS builds everything inside <main id="app"> from that data; nothing in a page is
// fixed but the code. The two shapes, with every field:
//
// Timeline (page "timeline"; `check --html`, `run --html`, `replay --html`):
//   {"page": "timeline", "title": "examples/new-old-inversion.jsonl",
//    "tool_version": "0.2.0",
//    "verdict": {"outcome": "linearizable" | "not linearizable" | "unknown" | "not checked",
//                "summary": "one line, as the CLI printed it"},
//    "time_unit": "us" | "event",   // "event": the history has no times, so an op spans
//                                   // its invocation's and completion's event indexes
//    "time_end": 12345,             // the end of the axis (the last time or index + 1)
//    "processes": [0, 1, 2],        // one lane each, in this order
//    "ops": [[process, start, end, f, key, input, output, outcome, line], ...]
//        // position i is op i (the ids the evidence uses); end is null for an op that
//        // never completed (info or open: the bar runs to time_end, marked as such);
//        // f "read" | "write" | "delete" | ...; key, input and output are strings or
//        // null (input: the written value; output: the value read); outcome "ok" |
//        // "fail" | "info" | "open"; line: the invocation's line in the history file
//    "ops_total": 100000,           // ops in the history; more than "ops" when cut
//    "omitted": null | "what was left out and why (e.g. ops after the first 200,000)",
//    "faults": [{"kind": "partition" | "crash" | "pause" | "clock-bump" | "clock-strobe" |
//                        "loss-burst" | "delay-burst" | "heal" | "restart" | "resume",
//                "start": t, "end": t | null, "label": "partition on links 0->1 ..."}],
//        // shaded over the time axis from start to end (end null: to time_end)
//    "violation": null | {
//        "key": "k0" | null,
//        "explanation": "text (zone check) or empty",
//        "involved": [op ids],      // the ops that show it (zone check)
//        "prefix": [op ids],        // the longest linearizable prefix, in order
//        "state": "the model state after the prefix",
//        "blocking": op id | null,  // the op that cannot follow the prefix
//        "candidates": [op ids]},   // the other ops tried after the prefix
//    "stale_reads": [{"read": op id, "superseded_by": op id, "k": 1}],
//        // reads that returned a value older than an acknowledged write (at most 1000)
//    "convergence": null | [{"key": "k0", "replicas": [0, 1, 2],
//                            "spans": [{"start": t, "end": t | null,
//                                       "repaired_by": "anti-entropy" | "hinted handoff" |
//                                                      "read repair" | "writes" | "",
//                                       "anti_entropy_bytes": 1234}]}]
//        // `run` only: per key, when its running replicas held different versions and
//        // what brought them back (sim/convergence_trace.h); null when not measured
//   }
//
// Calculator (page "calculator"; `quorumcheck calculator`):
//   {"page": "calculator", "tool_version": "0.2.0",
//    "source": "what the data is: claims-matrix.json of ..., or a quick matrix run here",
//    "latency_profile": "slow-writes",
//    "configs": [{
//        "store": "leaderless" | "leader",  // which store; claims reports from before
//                                           // there were two stores are leaderless
//        "nodes": 5, "n": 3, "r": 2, "w": 2,   // n, r, w: null for the leader-based store
//        "read_repair": "async", "abd": false, "sloppy": false, "durability": "durable",
//            // the leaderless store's options: null for the leader-based store
//        "leader": null | {             // the leader-based store's (Raft) figures and modes
//            "replication": "sync" | "async", "reads": "read_index" | "follower",
//            "majority": 2,             // nodes / 2 + 1 commit a write
//            "tolerates_down": 1,       // floor((nodes - 1) / 2)
//            "election_timeout_min_us": 150000, "election_timeout_max_us": 300000,
//            "heartbeat_interval_us": 50000,
//            "label": "leader-based (Raft), sync, read-index reads"},
//        "cases": 2000,                 // sampled cases run for this configuration
//        "faults": [{"kind": "partition", "events": 275, "hit": 267, "ops_hit": 1348}],
//        "scope": null | "the scope explored exhaustively",
//        "claims": [{"property": "linearizable", "description": "...",
//                    "status": "HOLDS" | "REFUTED" | "UNDECIDED",
//                    "evidence": "sampled" | "exhaustive within scope + sampled" | "one run",
//                    "detail": "cases and faults tried, or the refutation",
//                    "timeline": null | {a timeline object as above, without "page"}}],
//        "freshness": [{"t_ms": 0, "reads": 8152, "fresh": 5697}],
//        "k": [{"k": 0, "reads": 7000}, {"k": 1, "reads": 40}]}]}
//            // PBS k-staleness over every case: how many acknowledged newer writes a
//            // read missed (0: fresh); empty when the data predates it
//   The page computes the quorum arithmetic from N, R and W itself; the measured claims
//   come only from "configs" (a setting without data says it was not measured). A
//   leader-based config is a choice of its own (by its label), never an N/R/W setting;
//   the page shows its majority arithmetic from "leader".
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checker/staleness.h"
#include "checker/verdict.h"
#include "histories/history.h"

namespace qc {

// When one key's replicas differed (sim/convergence_trace.h, as plain data here).
struct DivergenceLane {
  struct Span {
    std::int64_t start = 0;
    std::optional<std::int64_t> end;
    std::string repaired_by;
    std::uint64_t anti_entropy_bytes = 0;
  };
  std::string key;
  std::vector<std::uint32_t> replicas;
  std::vector<Span> spans;
};

// A fault as a span of the time axis (in the history's time unit).
struct FaultSpan {
  std::string kind;
  std::int64_t start = 0;
  std::optional<std::int64_t> end;
  std::string label;
};

inline constexpr std::size_t kTimelineMaxOps = 200'000;

struct TimelineInput {
  std::string title;
  std::vector<Operation> operations;          // pair_operations' list
  const CheckResult* check = nullptr;         // absent: "not checked"
  std::string summary;                        // the verdict line as printed
  std::vector<FaultSpan> faults;
  std::vector<ReadStaleness> staleness;       // stale reads drawn when k > 0
  std::size_t max_ops = kTimelineMaxOps;      // ops beyond this many are left out, and the page says so
  std::optional<std::vector<DivergenceLane>> convergence = std::nullopt;  // a run's; absent: not measured
};

nlohmann::json timeline_data(const TimelineInput& input);

}  // namespace qc
