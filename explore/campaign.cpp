#include "explore/campaign.h"

#include <chrono>
#include <set>
#include <sstream>

#include "explore/bundle.h"
#include "histories/jsonl.h"
#include "impl/hash.h"

namespace qc {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// One property's running tally over the campaign.
struct PropertyTally {
  const Property* property;
  PropertyResult result;
};

class CampaignRun {
 public:
  CampaignRun(const CampaignOptions& options, std::vector<const Property*> properties)
      : options_(options), generator_(case_generator(options.space)), start_(Clock::now()) {
    for (const Property* property : properties) {
      PropertyResult result;
      result.property = property->name;
      tallies_.push_back(PropertyTally{property, std::move(result)});
    }
  }

  Status run() {
    const std::uint64_t first = options_.shard.index, step = options_.shard.count;
    // Counted, not looped over: a campaign of 2^64 - 1 cases must start at once.
    result_.cases_planned = options_.cases > first ? (options_.cases - 1 - first) / step + 1 : 0;
    for (std::uint64_t k = 0; k < result_.cases_planned; ++k) {  // case first + k * step, no overflow
      if (out_of_time() || !run_one(first + k * step)) {  // before the case, or during it
        result_.budget_exhausted = true;
        break;
      }
      report_progress();
      if (options_.stop_at_first_failure && failures_ > 0) break;
    }
    report_progress();
    return write_bundles();
  }

  CampaignResult finish() {
    result_.elapsed_s = seconds_since(start_);
    for (PropertyTally& tally : tallies_) {
      PropertyResult& r = tally.result;
      r.fault_kinds_tried = kinds_that_hit(result_.fault_tallies);
      r.status = r.cases_violated > 0 ? ClaimStatus::refuted
                 : r.cases_undecided > 0 ? ClaimStatus::undecided : ClaimStatus::holds;
      if (r.cases_checked == 0) {  // holding for no case at all is no verdict
        r.status = ClaimStatus::undecided;
        r.undecided_reason = why_no_case_ran();
      }
      result_.properties.push_back(std::move(r));
    }
    return std::move(result_);
  }

 private:
  std::string why_no_case_ran() const {
    if (options_.cases == 0) return "no case ran: 0 cases were asked for";
    if (result_.cases_planned == 0)
      return "no case ran: none of the " + std::to_string(options_.cases) + " cases falls on shard " +
             std::to_string(options_.shard.index) + "/" + std::to_string(options_.shard.count);
    std::ostringstream budget;
    budget << options_.budget_s;
    return "no case ran: the wall-clock budget of " + budget.str() + " s ran out before the first case finished";
  }

  bool out_of_time() const { return options_.budget_s > 0 && seconds_since(start_) >= options_.budget_s; }

  // False when the wall-clock budget ran out during the case: it counts for nothing.
  bool run_one(std::uint64_t index) {
    rc::Shrinkable<Case> drawn = generator_(rc::Random(case_seed(options_.seed, index)), case_size(index));
    const Case test_case = drawn.value();
    const std::optional<RunResult> finished = run_case_while(test_case, [this] { return !out_of_time(); });
    if (!finished) return false;
    const RunResult& run = *finished;
    if (options_.observe_case) options_.observe_case(test_case, run);
    CaseRecord record{index, history_fnv1a64(to_jsonl(run.history)), {}};
    add_tallies(result_.fault_tallies, tally_by_kind(run.fault_impacts));
    for (PropertyTally& tally : tallies_) {
      const PropertyVerdict verdict = tally.property->check(test_case, run, options_.check_budget);
      PropertyResult& r = tally.result;
      ++r.cases_checked;
      if (verdict.outcome == PropertyOutcome::undecided && r.cases_undecided++ == 0) r.undecided_reason = verdict.text;
      if (verdict.outcome != PropertyOutcome::violated) continue;
      record.violated.push_back(tally.property->name);
      // The first few failures are shrunk; the smallest is kept.
      if (r.cases_violated++ >= options_.failures_shrunk_max) continue;
      Refutation refutation = refute(*tally.property, drawn, index, count_invoked_ops(run.history));
      if (r.refutations.empty()) r.refutations.push_back(std::move(refutation));
      else if (refutation.ops_after_shrink < r.refutations.front().ops_after_shrink)
        r.refutations.front() = std::move(refutation);
    }
    failures_ += !record.violated.empty();
    result_.cases.push_back(std::move(record));
    ++result_.cases_run;
    return true;
  }

  Refutation refute(const Property& property, const rc::Shrinkable<Case>& failing, std::uint64_t index,
                    std::size_t ops_before) {
    // A property of the history alone is judged on a run stopped once its history is
    // final: the same history, without the quiet period (half a small case's events).
    const auto still_fails = [&](const Case& candidate) {
      const RunResult run = property.needs_end_state ? run_case(candidate) : run_case_for_history(candidate);
      return property.check(candidate, run, options_.check_budget).outcome == PropertyOutcome::violated;
    };
    // Bounded by runs, not seconds: the same case shrinks to the same bundle on any machine.
    ShrinkOutcome shrunk = shrink_greedily(failing, still_fails, options_.shrink_runs_max);
    Refutation refutation;
    refutation.case_index = index;
    refutation.shrunk = shrunk.smallest.value();
    refutation.shrink_runs = shrunk.runs;
    const RunResult run = run_case(refutation.shrunk);
    refutation.verdict = property.check(refutation.shrunk, run, options_.check_budget);
    refutation.ops_before_shrink = ops_before;
    refutation.ops_after_shrink = count_invoked_ops(run.history);
    return refutation;
  }

  // Writes the kept refutation of each property as a bundle (none without out_dir).
  Status write_bundles() {
    if (options_.out_dir.empty()) return Status::ok();
    for (PropertyTally& tally : tallies_) {
      for (Refutation& refutation : tally.result.refutations) {
        const RunResult run = run_case(refutation.shrunk);
        const BundleOrigin origin{options_.seed, refutation.case_index, refutation.shrink_runs,
                                  refutation.ops_after_shrink};
        refutation.bundle_path = options_.out_dir + "/" + tally.property->name + "-seed" +
                                 std::to_string(options_.seed) + "-case" + std::to_string(refutation.case_index) +
                                 ".json";
        Status written = write_bundle(make_bundle(tally.property->name, refutation.shrunk, run, refutation.verdict,
                                                  origin), refutation.bundle_path);
        if (!written.is_ok()) return written;
      }
    }
    return Status::ok();
  }

  void report_progress() const {
    if (!options_.progress) return;
    const double elapsed_s = seconds_since(start_);
    options_.progress(CampaignProgress{result_.cases_run, result_.cases_planned, failures_,
                                       elapsed_s > 0 ? static_cast<double>(result_.cases_run) / elapsed_s : 0,
                                       elapsed_s});
  }

  const CampaignOptions& options_;
  rc::Gen<Case> generator_;
  Clock::time_point start_;
  std::vector<PropertyTally> tallies_;
  CampaignResult result_;
  std::uint64_t failures_ = 0;
};

}  // namespace

const char* to_string(ClaimStatus status) {
  switch (status) {
    case ClaimStatus::holds: return "holds";
    case ClaimStatus::refuted: return "refuted";
    case ClaimStatus::undecided: return "undecided";
  }
  return "undecided";
}

Result<Shard> parse_shard(const std::string& text) {
  Shard shard;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> shard.index >> slash >> shard.count) || slash != '/' || !in.eof() || shard.count == 0 ||
      shard.index >= shard.count)
    return Status::error(ErrorKind::usage, "--shard " + text + ": expected I/K with 0 <= I < K, such as 0/4");
  return shard;
}

std::uint64_t case_seed(std::uint64_t campaign_seed, std::uint64_t case_index) {
  return hash_combine(mix64(campaign_seed), case_index);
}

int case_size(std::uint64_t case_index) {
  // A sawtooth, 10, 15, ... 100, then again: small cases come early and keep coming,
  // and small failures shrink furthest.
  return static_cast<int>(10 + 5 * (case_index % 19));
}

Result<CampaignResult> run_campaign(const CampaignOptions& options) {
  if (Status s = validate(options.space); !s.is_ok()) return s;
  if (options.shard.count == 0 || options.shard.index >= options.shard.count)
    return Status::error(ErrorKind::usage, "shard " + std::to_string(options.shard.index) + "/" +
                                               std::to_string(options.shard.count) + ": expected 0 <= I < K");
  if (options.properties.empty()) return Status::error(ErrorKind::usage, "no properties; expected one of " + property_names());
  std::vector<const Property*> properties;
  for (const std::string& name : options.properties) {
    auto property = find_property(name);
    if (!property.is_ok()) return property.status();
    properties.push_back(property.value());
  }
  CampaignRun campaign(options, properties);
  if (Status s = campaign.run(); !s.is_ok()) return s;
  return campaign.finish();
}

}  // namespace qc
