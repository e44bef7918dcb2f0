#pragma once
// How stale reads are, in the terms of Bailis, Venkataraman, Franklin, Hellerstein and
// Stoica, "Probabilistically Bounded Staleness for Practical Partial Quorums", VLDB 2012
// (k-staleness and t-visibility), measured on a history rather than predicted.
// Vocabulary in checker/write_order.h (per key; newer/older by event index).
//
// Per ok read r, whose value names write w (of several, the one giving the least k;
// writes invoked after r returned cannot be it; a read with no possible write is
// "unexplained", see regular.h, and left out of every figure):
// - k: how many writes newer than w were acknowledged before r began. k = 0 means r is
//   not stale: no acknowledged write superseded what it returned (PBS's k-staleness:
//   the read returns one of the k newest versions; here k + 1 in PBS's count).
// - t_us: when k > 0, how long before r began the most recently acknowledged of those
//   newer writes was acknowledged: r.call_time - w'.return_time. Absent when k = 0 or
//   the history has no times.
// - gap_us (for t-visibility): w_last is the write to the key acknowledged most recently
//   before r began (none if the key was not written yet: r is left out of the curve);
//   gap_us = r.call_time - w_last.return_time, clamped at 0.
//
// t-visibility curve (PBS's P(consistent read | the read starts t after the write
// commits), estimated): r is fresh when k = 0, i.e. it returns w_last, a write newer
// than w_last, or a write concurrent with w_last that no acknowledged write superseded.
// For thresholds t_0 = 0 < t_1 < ... each point gives, over reads with gap_us in
// [t_i, t_{i+1}) (the last bucket is open-ended), reads and fresh reads, and the same
// over reads with gap_us >= t_i (cumulative, PBS's "at least t after"). Times are in
// the recorder's unit, microseconds for our simulator.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "checker/write_order.h"
#include "histories/history.h"

namespace qc {

struct ReadStaleness {
  std::optional<std::string> key;
  std::int32_t read = kNoOp;         // positions in the operations vector
  std::int32_t write = kNoOp;        // the write its value names; kInitialState for nil
  std::uint32_t k = 0;
  std::int32_t newest_superseder = kNoOp;  // k > 0: the newer write acknowledged last
  std::optional<std::int64_t> t_us;
  std::int32_t last_acknowledged = kNoOp;  // w_last, kNoOp when none
  std::optional<std::int64_t> gap_us;
};

struct VisibilityPoint {
  std::int64_t t_us = 0;                    // the bucket's lower bound
  std::optional<std::int64_t> t_us_below;   // its upper bound; absent for the last
  std::size_t reads = 0, fresh_reads = 0;   // gap in [t_us, t_us_below)
  std::size_t reads_at_least = 0, fresh_reads_at_least = 0;  // gap >= t_us
  std::optional<double> probability_fresh() const;           // absent with no reads
  std::optional<double> probability_fresh_at_least() const;
};

// 0, 100 us, then 1-2-5 log-spaced up to 10 s.
std::vector<std::int64_t> default_visibility_thresholds_us();

struct StalenessOptions {
  std::vector<std::int64_t> thresholds_us = default_visibility_thresholds_us();  // ascending, from 0
};

struct StalenessReport {
  std::size_t keys = 0;
  std::size_t reads = 0;               // ok reads
  std::size_t reads_unexplained = 0;   // no possible write: left out below
  std::size_t stale_reads = 0;         // k > 0
  double stale_fraction = 0;           // stale_reads / explained reads (0 when none)
  std::map<std::uint32_t, std::size_t> k_histogram;  // k -> reads
  std::vector<std::int64_t> thresholds_us;
  std::vector<std::size_t> t_histogram;  // stale reads with t_us in [threshold i, i+1)
  std::optional<std::int64_t> t_us_p50, t_us_p90, t_us_p99, t_us_max;  // nearest rank
  std::vector<VisibilityPoint> visibility;  // one per threshold
  std::vector<ReadStaleness> per_read;      // explained reads, by key then invocation
};

StalenessReport measure_staleness(const std::vector<Operation>& operations,
                                  const StalenessOptions& options = {});

// Summary for files; with `include_reads`, the stale reads too.
nlohmann::ordered_json to_json(const StalenessReport& report, bool include_reads = false);

// A few lines for people: counts, k and t distributions, the curve.
std::string render_staleness_text(const StalenessReport& report);

}  // namespace qc
