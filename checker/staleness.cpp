#include "checker/staleness.h"

#include <algorithm>
#include <cmath>

#include "common/assert.h"

namespace qc {
namespace {

// Which write the read saw, given the benefit of the doubt: the possible write with the
// fewest newer acknowledged writes (ties: the one invoked last).
std::optional<ReadStaleness> measure_read(const KeyOperations& group, const Operation& read,
                                          std::int32_t position) {
  std::optional<ReadStaleness> best;
  for (std::int32_t write : group.writes_named_by(read.output)) {
    if (group.writes[write].call_index > read.return_index) continue;  // not yet invoked
    const auto newer = group.superseders(write, read.call_index);
    if (best && newer.size() > best->k) continue;
    best = ReadStaleness{};
    best->key = group.key;
    best->read = position;
    best->write = group.writes[write].op;
    best->k = static_cast<std::uint32_t>(newer.size());
    if (newer.empty()) continue;
    const RegisterWrite& newest = group.writes[newer.front()];
    best->newest_superseder = newest.op;
    if (read.call_time && newest.return_time) best->t_us = *read.call_time - *newest.return_time;
  }
  return best;
}

void find_last_acknowledged(const KeyOperations& group, const Operation& read, ReadStaleness& measured) {
  const RegisterWrite* last = nullptr;
  for (std::int32_t w : group.acknowledged_by_return) {  // ascending return index
    if (group.writes[w].return_index >= read.call_index) break;
    last = &group.writes[w];
  }
  if (last == nullptr) return;
  measured.last_acknowledged = last->op;
  if (read.call_time && last->return_time) {
    measured.gap_us = std::max<std::int64_t>(0, *read.call_time - *last->return_time);
  }
}

// Index of the bucket [thresholds[i], thresholds[i+1]) holding `value`.
std::size_t bucket_of(const std::vector<std::int64_t>& thresholds, std::int64_t value) {
  auto above = std::upper_bound(thresholds.begin(), thresholds.end(), value);
  return above == thresholds.begin() ? 0 : static_cast<std::size_t>(above - thresholds.begin() - 1);
}

std::optional<std::int64_t> nearest_rank(const std::vector<std::int64_t>& sorted, double percent) {
  if (sorted.empty()) return std::nullopt;
  const auto rank = static_cast<std::size_t>(std::ceil(percent / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

void summarize_t(StalenessReport& report) {
  std::vector<std::int64_t> t_values;
  report.t_histogram.assign(report.thresholds_us.size(), 0);
  for (const ReadStaleness& read : report.per_read) {
    if (!read.t_us) continue;
    t_values.push_back(*read.t_us);
    ++report.t_histogram[bucket_of(report.thresholds_us, *read.t_us)];
  }
  std::sort(t_values.begin(), t_values.end());
  report.t_us_p50 = nearest_rank(t_values, 50);
  report.t_us_p90 = nearest_rank(t_values, 90);
  report.t_us_p99 = nearest_rank(t_values, 99);
  report.t_us_max = nearest_rank(t_values, 100);
}

void summarize_visibility(StalenessReport& report) {
  const auto& thresholds = report.thresholds_us;
  report.visibility.assign(thresholds.size(), VisibilityPoint{});
  for (std::size_t i = 0; i < thresholds.size(); ++i) {
    report.visibility[i].t_us = thresholds[i];
    if (i + 1 < thresholds.size()) report.visibility[i].t_us_below = thresholds[i + 1];
  }
  for (const ReadStaleness& read : report.per_read) {
    if (!read.gap_us) continue;
    const bool fresh = read.k == 0;
    const std::size_t bucket = bucket_of(thresholds, *read.gap_us);
    report.visibility[bucket].reads += 1;
    report.visibility[bucket].fresh_reads += fresh;
    for (std::size_t i = 0; i <= bucket; ++i) {
      report.visibility[i].reads_at_least += 1;
      report.visibility[i].fresh_reads_at_least += fresh;
    }
  }
}

std::optional<double> ratio(std::size_t part, std::size_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

nlohmann::ordered_json optional_json(const auto& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

std::string format_us(std::int64_t t_us) {
  if (t_us >= 1'000'000 && t_us % 1'000'000 == 0) return std::to_string(t_us / 1'000'000) + " s";
  if (t_us >= 1'000 && t_us % 1'000 == 0) return std::to_string(t_us / 1'000) + " ms";
  return std::to_string(t_us) + " us";
}

}  // namespace

std::optional<double> VisibilityPoint::probability_fresh() const { return ratio(fresh_reads, reads); }

std::optional<double> VisibilityPoint::probability_fresh_at_least() const {
  return ratio(fresh_reads_at_least, reads_at_least);
}

std::vector<std::int64_t> default_visibility_thresholds_us() {
  std::vector<std::int64_t> thresholds{0};
  for (std::int64_t decade = 100; decade <= 10'000'000; decade *= 10) {
    for (std::int64_t step : {1, 2, 5}) {
      if (decade * step <= 10'000'000) thresholds.push_back(decade * step);
    }
  }
  return thresholds;
}

StalenessReport measure_staleness(const std::vector<Operation>& operations, const StalenessOptions& options) {
  QC_ASSERT(!options.thresholds_us.empty() && options.thresholds_us.front() == 0);
  QC_ASSERT(std::is_sorted(options.thresholds_us.begin(), options.thresholds_us.end()));
  StalenessReport report;
  report.thresholds_us = options.thresholds_us;
  for (const KeyOperations& group : group_by_key(operations)) {
    ++report.keys;
    for (std::int32_t position : group.reads) {
      ++report.reads;
      auto measured = measure_read(group, operations[position], position);
      if (!measured) {
        ++report.reads_unexplained;
        continue;
      }
      find_last_acknowledged(group, operations[position], *measured);
      ++report.k_histogram[measured->k];
      report.stale_reads += measured->k > 0;
      report.per_read.push_back(std::move(*measured));
    }
  }
  report.stale_fraction = ratio(report.stale_reads, report.per_read.size()).value_or(0);
  summarize_t(report);
  summarize_visibility(report);
  return report;
}

nlohmann::ordered_json to_json(const StalenessReport& report, bool include_reads) {
  nlohmann::ordered_json json;
  json["keys"] = report.keys;
  json["reads"] = report.reads;
  json["reads_unexplained"] = report.reads_unexplained;
  json["stale_reads"] = report.stale_reads;
  json["stale_fraction"] = report.stale_fraction;
  json["k_histogram"] = nlohmann::ordered_json::object();
  for (const auto& [k, count] : report.k_histogram) json["k_histogram"][std::to_string(k)] = count;
  json["t_us"] = {{"p50", optional_json(report.t_us_p50)}, {"p90", optional_json(report.t_us_p90)},
                  {"p99", optional_json(report.t_us_p99)}, {"max", optional_json(report.t_us_max)}};
  json["t_histogram"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < report.thresholds_us.size(); ++i) {
    json["t_histogram"].push_back({{"t_us", report.thresholds_us[i]}, {"stale_reads", report.t_histogram[i]}});
  }
  json["t_visibility"] = nlohmann::ordered_json::array();
  for (const VisibilityPoint& point : report.visibility) {
    json["t_visibility"].push_back({{"t_us", point.t_us}, {"t_us_below", optional_json(point.t_us_below)},
                                    {"reads", point.reads}, {"fresh_reads", point.fresh_reads},
                                    {"probability_fresh", optional_json(point.probability_fresh())},
                                    {"reads_at_least", point.reads_at_least},
                                    {"fresh_reads_at_least", point.fresh_reads_at_least},
                                    {"probability_fresh_at_least", optional_json(point.probability_fresh_at_least())}});
  }
  if (!include_reads) return json;
  json["stale"] = nlohmann::ordered_json::array();
  for (const ReadStaleness& read : report.per_read) {
    if (read.k == 0) continue;
    json["stale"].push_back({{"key", optional_json(read.key)}, {"read", read.read}, {"write", read.write},
                             {"k", read.k}, {"newest_superseder", read.newest_superseder},
                             {"t_us", optional_json(read.t_us)}});
  }
  return json;
}

std::string render_staleness_text(const StalenessReport& report) {
  std::string text = "staleness: " + std::to_string(report.stale_reads) + " of " +
                     std::to_string(report.per_read.size()) + " reads stale (k > 0) on " +
                     std::to_string(report.keys) + " keys";
  if (report.reads_unexplained > 0) text += "; " + std::to_string(report.reads_unexplained) + " reads unexplained";
  text += "\n  k:";
  for (const auto& [k, count] : report.k_histogram) text += " " + std::to_string(k) + "=" + std::to_string(count);
  if (report.t_us_max) {
    text += "\n  t: p50 " + format_us(*report.t_us_p50) + ", p90 " + format_us(*report.t_us_p90) + ", p99 " +
            format_us(*report.t_us_p99) + ", max " + format_us(*report.t_us_max);
  }
  text += "\n  P(fresh | read starts >= t after the last acknowledged write):";
  for (const VisibilityPoint& point : report.visibility) {
    auto probability = point.probability_fresh_at_least();
    if (!probability) break;  // later thresholds have no reads either
    text += " " + format_us(point.t_us) + "=" + std::to_string(*probability).substr(0, 5);
  }
  return text + "\n";
}

}  // namespace qc
