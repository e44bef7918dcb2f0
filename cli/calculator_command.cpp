#include "cli/calculator_command.h"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/claims_command.h"
#include "cli/exit_codes.h"
#include "cli/html_output.h"
#include "cli/option_checks.h"
#include "cli/output_files.h"
#include "common/input_file.h"
#include "common/json_document.h"
#include "report/calculator_data.h"
#include "report/html_page.h"

namespace qc {
namespace {

struct CalculatorArguments {
  std::string out = "quorumcheck-calculator.html";
  std::string from;                 // claims reports; empty: run the quick matrix
  std::string latency = "slow-writes";  // the quick matrix's latency profile, as claims' default
  std::uint64_t cases = 1000;       // per configuration of the quick matrix
  std::uint64_t seed = 1;
  std::string bundles;              // where the quick matrix's bundles go
};

int fail_with(const Status& status) {
  std::cerr << "quorumcheck calculator: " << status.message() << "\n";
  return exit_code_for(status);
}

// The store variants the quick matrix covers: the default store, and ABD writers with
// blocking read repair (the linearizable recipe).
struct Variant {
  const char* read_repair;
  bool abd;
};
constexpr Variant kVariants[] = {{"async", false}, {"blocking", true}};
constexpr std::uint32_t kQuickMaxN = 3;

// The leader-based store's modes, on kQuickMaxN nodes: Raft (sync, read-index reads), and
// each of its two shortcuts on its own.
struct LeaderVariant {
  const char* replication;
  const char* reads;
};
constexpr LeaderVariant kLeaderVariants[] = {{"sync", "read_index"}, {"async", "read_index"}, {"sync", "follower"}};

// Every (R, W) for N = 1..3 on 3 nodes, for each variant, then the leader-based modes on
// 3 nodes: one claims run each.
Result<nlohmann::json> quick_matrix(const CalculatorArguments& a) {
  nlohmann::json reports = nlohmann::json::array();
  std::size_t total = std::size(kLeaderVariants), done = 0;
  for (std::uint32_t n = 1; n <= kQuickMaxN; ++n) total += n * n * std::size(kVariants);
  const auto started = std::chrono::steady_clock::now();
  // One claims run of `campaign` into reports, with a line of progress.
  const auto run_one = [&](CampaignArguments campaign, const std::string& name, std::uint32_t replicas_down) -> Status {
    campaign.latency = a.latency;
    campaign.cases = a.cases;
    campaign.seed = a.seed;
    campaign.out_dir = (std::filesystem::path(a.bundles) / name).string();
    auto options = claims_options(campaign, replicas_down);
    if (!options.is_ok()) return options.status();
    options.value().campaign.progress = nullptr;  // one line per configuration instead
    auto report = evaluate_claims(options.value());
    if (!report.is_ok()) return report.status();
    reports.push_back(nlohmann::json(to_json(report.value())));  // ordered_json to json
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "quorumcheck calculator: " << ++done << " of " << total << " configurations (" << name << ", "
              << report.value().cases_run << " cases), " << static_cast<int>(seconds) << " s\n";
    return Status::ok();
  };
  for (const Variant& variant : kVariants) {
    for (std::uint32_t n = 1; n <= kQuickMaxN; ++n) {
      for (std::uint32_t r = 1; r <= n; ++r) {
        for (std::uint32_t w = 1; w <= n; ++w) {
          CampaignArguments campaign;
          campaign.store.nodes = kQuickMaxN;
          campaign.store.n = n;
          campaign.store.r = r;
          campaign.store.w = w;
          campaign.store.read_repair = variant.read_repair;
          campaign.store.abd = variant.abd;
          const std::string name = "N" + std::to_string(n) + "-R" + std::to_string(r) + "-W" + std::to_string(w) + "-" +
                                   variant.read_repair + (variant.abd ? "-abd" : "");
          if (Status done_one = run_one(campaign, name, std::min<std::uint32_t>(1, n)); !done_one.is_ok()) return done_one;
        }
      }
    }
  }
  for (const LeaderVariant& variant : kLeaderVariants) {
    CampaignArguments campaign;
    campaign.store.nodes = kQuickMaxN;
    campaign.store.store = "leader";
    campaign.store.replication = variant.replication;
    campaign.store.reads = variant.reads;
    const std::string name = std::string("leader-") + variant.replication + "-" + variant.reads;
    if (Status done_one = run_one(campaign, name, 1); !done_one.is_ok()) return done_one;
  }
  return reports;
}

// A bundle path as claims wrote it (relative to where claims ran), else beside --from.
std::string locate_bundle(const std::string& path, const std::string& from) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (from.empty() || fs::exists(path, error)) return path;
  const fs::path dir = fs::path(from).parent_path();
  const fs::path given(path);
  for (const fs::path& candidate : {dir / given, dir / given.parent_path().filename() / given.filename(), dir / given.filename()})
    if (fs::exists(candidate, error)) return candidate.string();
  return path;
}

int run(const CalculatorArguments& a) {
  nlohmann::json reports;
  std::string description;
  if (!a.from.empty()) {
    auto text = read_input_file(a.from, "--from");
    if (!text.is_ok()) return fail_with(text.status());
    // The project's one JSON reader: nesting beyond its depth limit is refused before
    // parsing (a deep enough document exhausted the stack), and errors name line and column.
    auto parsed = parse_json_document(text.value(), a.from,
                                      "claims --matrix's claims-matrix.json or claims --json's output");
    if (!parsed.is_ok()) return fail_with(parsed.status());
    reports = nlohmann::json(parsed.value());
    description = a.from + ": " + std::to_string(reports.is_array() ? reports.size() : 1) + " configurations";
  } else {
    std::cerr << "quorumcheck calculator: no --from, so running a quick matrix: N = 1.." << kQuickMaxN
              << " on " << kQuickMaxN << " nodes, every R and W, async read repair and ABD + blocking read repair, then the leader-based "
                 "store (Raft) sync + read-index, async + read-index and sync + follower reads, "
              << a.cases << " cases each (bundles in " << a.bundles << ")\n";
    auto matrix = quick_matrix(a);
    if (!matrix.is_ok()) return fail_with(matrix.status());
    reports = std::move(matrix).value();
    description = "a quick matrix run by quorumcheck calculator: " + std::to_string(a.cases) +
                  " sampled cases per configuration, seed " + std::to_string(a.seed) + ", N = 1.." +
                  std::to_string(kQuickMaxN) + " on " + std::to_string(kQuickMaxN) +
                  " nodes and three leader-based (Raft) modes (for more, run claims --matrix and pass --from)";
  }
  auto data = calculator_data(reports, a.from.empty() ? "the quick matrix" : a.from, description,
                              [&](const std::string& path) { return bundle_timeline(locate_bundle(path, a.from)); });
  if (!data.is_ok()) return fail_with(data.status());
  if (Status written = write_output_file(a.out, html_page("quorumcheck quorum calculator", data.value()), "--out");
      !written.is_ok())
    return fail_with(written);
  std::cout << "calculator: " << a.out << " (" << data.value()["configs"].size() << " configurations; open it in a "
            << "browser, it needs no network)\n";
  return kExitHolds;
}

}  // namespace

CommandHandle add_calculator_command(CLI::App& parent) {
  auto a = std::make_shared<CalculatorArguments>();
  CLI::App* app = parent.add_subcommand(
      "calculator",
      "Write the interactive quorum calculator: one self-contained HTML page (no network) where N, R, W and the "
      "store options (or a leader-based mode: Raft sync or async replication, read-index or follower reads) show "
      "the arithmetic beside what the harness measured for that setting: each claim "
      "HOLDS (with the cases and faults tried) or REFUTED with its counterexample drawn as a timeline, and the "
      "staleness curve. Data from --from (claims --matrix's claims-matrix.json), else a quick matrix run here "
      "(N = 1..3 and three leader-based modes on 3 nodes). Exit 0 written, 64 bad options, 65 unreadable --from.");
  app->add_option("--out", a->out, "the HTML file to write")->capture_default_str();
  app->add_option("--from", a->from, "claims reports: claims --matrix's claims-matrix.json, or claims --json's output");
  app->add_option("--latency", a->latency, "the quick matrix's latency profile (as claims --latency)")
      ->capture_default_str();
  app->add_option("--cases", a->cases, "the quick matrix's sampled cases per configuration")
      ->capture_default_str()
      ->check(whole_number(1, 1'000'000));
  app->add_option("--seed", a->seed, "the quick matrix's campaign seed")->capture_default_str();
  app->add_option("--bundles", a->bundles, "where the quick matrix writes its repro bundles [<out>-bundles]");
  return CommandHandle{app, [a, app] {
                         if (!a->from.empty() && (app->count("--latency") || app->count("--cases") || app->count("--seed")))
                           return fail_with(Status::error(ErrorKind::usage, "--latency, --cases and --seed shape the quick "
                                                                            "matrix; with --from the data is already made"));
                         if (a->bundles.empty())
                           a->bundles = std::filesystem::path(a->out).replace_extension().string() + "-bundles";
                         return run(*a);
                       }};
}

}  // namespace qc
