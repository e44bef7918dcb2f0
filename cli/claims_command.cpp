#include "cli/claims_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/campaign_options.h"
#include "cli/exit_codes.h"
#include "cli/output_files.h"
#include "cli/option_checks.h"
#include "explore/claims.h"
#include "modelcheck/claims_proof.h"

namespace qc {
namespace {

struct ProveArguments {  // --prove-*: an exhaustive scope beside the sampled cases
  std::string workload;   // empty: no exhaustive exploration
  std::uint32_t crashes = 0, losses = 0;
  std::uint64_t states_max = 2'000'000;
  double seconds = 60;
};

struct ClaimsArguments {
  CampaignArguments campaign;
  ProveArguments prove;
  std::uint32_t replicas_down = 1;
  bool matrix = false;
  bool json = false;
  std::uint32_t matrix_nodes = 5;
};

int fail_with(const Status& status) {
  std::cerr << "quorumcheck claims: " << status.message() << "\n";
  return exit_code_for(status);
}

// Names where the latencies came from, as build_campaign_options chose them.
std::string latency_label(const CampaignArguments& arguments) {
  std::string label = arguments.config_file.empty() || arguments.latency != "default"
                          ? arguments.latency
                          : "of " + arguments.config_file;
  const auto mean = [](double us) { return std::to_string(static_cast<long long>(us)) + " us"; };
  if (arguments.timing.storage_latency_us) label += ", storage latency mean " + mean(*arguments.timing.storage_latency_us);
  if (arguments.timing.client_latency_us) label += ", client hop mean " + mean(*arguments.timing.client_latency_us);
  return label;
}

// The report is the result, refuted claims included (`gate` turns claims into a verdict);
// but a report from no case at all claims nothing.
int exit_code_of(const ClaimsReport& report) {
  if (report.cases_run > 0) return kExitHolds;
  std::cerr << "quorumcheck claims: UNDECIDED: no case ran, so no claim was tested\n";
  return kExitUndecided;
}

// The sampled claims, then, with --prove-workload, the exhaustive scope's evidence
// merged into each history property's line.
Result<ClaimsReport> claims_report(const ClaimsOptions& options, const ProveArguments& prove,
                                   const std::string& out_dir) {
  if (prove.workload.empty()) {
    if (prove.crashes > 0 || prove.losses > 0)
      return Status::error(ErrorKind::usage, "--prove-crashes and --prove-losses need --prove-workload (the scope to explore)");
    return evaluate_claims(options);
  }
  if (options.campaign.space.base.store.store == StoreKind::leader)
    return Status::error(ErrorKind::usage, "--prove-workload: claims' proof scopes have no election or heartbeat "
                                           "budgets, so claims --store leader samples cases only; explore the Raft "
                                           "store with quorumcheck explore --store leader --elections K");
  auto workload = parse_workload_text(prove.workload);  // before the campaign: a typo costs nothing
  if (!workload.is_ok()) return Status::error(ErrorKind::usage, "--prove-" + workload.status().message().substr(2));
  Scope scope;
  scope.store = options.campaign.space.base.store;
  scope.workload = workload.value();
  if (Status valid = validate(scope); !valid.is_ok()) return Status::error(ErrorKind::usage, "--prove-workload: " + valid.message());
  auto report = evaluate_claims(options);
  if (!report.is_ok()) return report;
  ProofScope proof;
  proof.workload = std::move(workload).value();
  proof.faults.crashes = prove.crashes;
  proof.faults.losses = prove.losses;
  proof.limits.states_max = prove.states_max;
  proof.limits.seconds = prove.seconds;
  std::cerr << "quorumcheck claims: exploring the scope exhaustively, property by property\n";
  const Status proved = prove_within_scope(report.value(), options.campaign.space.base.store, proof,
                                           options.campaign.check_budget, out_dir);
  if (!proved.is_ok()) return proved;
  return report;
}

int one_configuration(const ClaimsArguments& arguments) {
  auto options = claims_options(arguments.campaign, arguments.replicas_down);
  if (!options.is_ok()) return fail_with(options.status());
  auto report = claims_report(options.value(), arguments.prove, arguments.campaign.out_dir);
  if (!report.is_ok()) return fail_with(report.status());
  if (arguments.json) {
    std::cout << to_json(report.value()).dump(2) << "\n";
  } else {
    std::cout << render_text(report.value());
  }
  return exit_code_of(report.value());
}

std::string cell(ClaimStatus status) {
  switch (status) {
    case ClaimStatus::holds: return "holds";
    case ClaimStatus::refuted: return "**REFUTED**";
    case ClaimStatus::undecided: return "undecided";
  }
  return "?";
}

// With an exhaustive scope, which kind of verdict a cell is.
std::string cell(const ClaimsReport& report, const ClaimLine& line) {
  if (report.proof_scope.empty()) return cell(line.status);
  return cell(line.status) + " (" + line.evidence + ")";
}

// The leader-based store's modes the matrix covers, on matrix_nodes nodes: Raft as the
// paper has it, then each of the two shortcuts on its own (async replication with
// read-index reads; sync replication with follower reads). Async with follower reads adds
// nothing: each of its anomalies shows in one of the two.
struct LeaderMode {
  const char* replication;
  const char* reads;
};
constexpr LeaderMode kMatrixLeaderModes[] = {{"sync", "read_index"}, {"async", "read_index"}, {"sync", "follower"}};

// Every (R, W) for N = 1..5 on a cluster of matrix_nodes nodes, then the leader-based
// store's modes: one claims run each. The leader rows have a table of their own (no N, R
// or W in them) below the quorum table.
int matrix(const ClaimsArguments& arguments) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  std::string markdown;
  bool header_written = false;
  int exit_code = kExitHolds;
  for (std::uint32_t n = 1; n <= 5; ++n) {
    for (std::uint32_t r = 1; r <= n; ++r) {
      for (std::uint32_t w = 1; w <= n; ++w) {
        CampaignArguments campaign = arguments.campaign;
        // The quorum table is the leaderless store's, whatever --store said; the leader
        // options then shape only the leader rows.
        campaign.store.store.reset();
        campaign.store.replication.reset();
        campaign.store.reads.reset();
        campaign.store.election_timeout_min_us.reset();
        campaign.store.election_timeout_max_us.reset();
        campaign.store.heartbeat_us.reset();
        campaign.store.nodes = std::max(arguments.matrix_nodes, n);
        campaign.store.n = n;
        campaign.store.r = r;
        campaign.store.w = w;
        const std::string name = "N" + std::to_string(n) + "-R" + std::to_string(r) + "-W" + std::to_string(w);
        campaign.out_dir = (std::filesystem::path(arguments.campaign.out_dir) / name).string();
        auto options = claims_options(campaign, std::min(arguments.replicas_down, n));  // f capped at N
        if (!options.is_ok()) return fail_with(options.status());
        auto report = claims_report(options.value(), arguments.prove, campaign.out_dir);
        if (!report.is_ok()) return fail_with(report.status());
        std::cerr << "quorumcheck claims: " << name << " done\n";
        exit_code = std::max(exit_code, exit_code_of(report.value()));
        if (!header_written) {
          markdown = "| N | R | W | R+W>N |";
          for (const ClaimLine& line : report.value().lines) markdown += " " + line.property + " |";
          markdown += "\n|---|---|---|---|";
          for (std::size_t i = 0; i < report.value().lines.size(); ++i) markdown += "---|";
          markdown += "\n";
          header_written = true;
        }
        markdown += "| " + std::to_string(n) + " | " + std::to_string(r) + " | " + std::to_string(w) + " | " +
                    (r + w > n ? "yes" : "no") + " |";
        for (const ClaimLine& line : report.value().lines) markdown += " " + cell(report.value(), line) + " |";
        markdown += "\n";
        rows.push_back(to_json(report.value()));
      }
    }
  }
  if (!arguments.prove.workload.empty())
    std::cerr << "quorumcheck claims: the leader-based rows are sampled only (claims' proof scopes have no "
                 "election or heartbeat budgets)\n";
  markdown += "\n";
  header_written = false;
  for (const LeaderMode& mode : kMatrixLeaderModes) {
    CampaignArguments campaign = arguments.campaign;
    campaign.store.nodes = arguments.matrix_nodes;
    campaign.store.n.reset();
    campaign.store.r.reset();
    campaign.store.w.reset();
    // The leaderless store's options have no meaning here (validate() refuses them).
    campaign.store.read_repair.reset();
    campaign.store.abd.reset();
    campaign.store.sloppy.reset();
    if (campaign.store.coordinator == "client") campaign.store.coordinator.reset();
    campaign.store.store = "leader";
    campaign.store.replication = mode.replication;
    campaign.store.reads = mode.reads;
    const std::string name = std::string("leader-") + mode.replication + "-" + mode.reads;
    campaign.out_dir = (std::filesystem::path(arguments.campaign.out_dir) / name).string();
    auto options = claims_options(campaign, std::min(arguments.replicas_down, arguments.matrix_nodes));
    if (!options.is_ok()) return fail_with(options.status());
    auto report = claims_report(options.value(), ProveArguments{}, campaign.out_dir);
    if (!report.is_ok()) return fail_with(report.status());
    std::cerr << "quorumcheck claims: " << name << " done\n";
    exit_code = std::max(exit_code, exit_code_of(report.value()));
    const LeaderCalculation& leader = *report.value().leader;
    if (!header_written) {
      markdown += "| leader-based (Raft) | M | majority | replication | reads |";
      for (const ClaimLine& line : report.value().lines) markdown += " " + line.property + " |";
      markdown += "\n|---|---|---|---|---|";
      for (std::size_t i = 0; i < report.value().lines.size(); ++i) markdown += "---|";
      markdown += "\n";
      header_written = true;
    }
    markdown += "| " + leader_label(leader.options) + " | " + std::to_string(leader.nodes) + " | " +
                std::to_string(leader.majority) + " | " + mode.replication + " | " + mode.reads + " |";
    for (const ClaimLine& line : report.value().lines) markdown += " " + cell(report.value(), line) + " |";
    markdown += "\n";
    rows.push_back(to_json(report.value()));
  }
  const std::filesystem::path dir(arguments.campaign.out_dir);
  for (const auto& [name, content] : {std::pair<std::string, std::string>{"claims-matrix.md", markdown},
                                      {"claims-matrix.json", rows.dump(2) + "\n"}})
    if (Status written = write_output_file((dir / name).string(), content, "--out"); !written.is_ok())
      return fail_with(written);
  std::cout << markdown << "\nwritten: " << (dir / "claims-matrix.md").string() << ", "
            << (dir / "claims-matrix.json").string() << "\n";
  return exit_code;
}

}  // namespace

Result<ClaimsOptions> claims_options(const CampaignArguments& arguments, std::uint32_t replicas_down) {
  auto campaign = build_campaign_options(arguments);
  if (!campaign.is_ok()) return campaign.status();
  const std::uint32_t n = campaign.value().space.base.store.replication_factor;
  if (replicas_down > n)
    return Status::error(ErrorKind::usage, "--f " + std::to_string(replicas_down) + ": expected 0 .. N = " +
                                               std::to_string(n) + " (a key has N replicas to take down)");
  ClaimsOptions options;
  options.campaign = campaign.value();
  options.campaign.progress = progress_printer("claims");
  options.replicas_down = replicas_down;
  options.latency_profile = latency_label(arguments);
  return options;
}

CommandHandle add_claims_command(CLI::App& parent) {
  auto a = std::make_shared<ClaimsArguments>();
  a->campaign.latency = "slow-writes";  // slow writes among fast reads expose anomalies
  a->campaign.cases = 2000;
  a->campaign.budget_s = 20;
  a->campaign.out_dir = "quorumcheck-claims";
  CLI::App* app = parent.add_subcommand(
      "claims",
      "Say which guarantees a quorum configuration keeps: the quorum calculator, then for each property "
      "(linearizable, regular, read-your-writes, monotonic-reads, no-lost-writes, convergence, writes and "
      "reads available with --f replicas down) HOLDS with the cases and faults tried, or REFUTED with a "
      "shrunk repro bundle. With --store leader, Raft's majority arithmetic and its modes in place of the quorum "
      "calculator. --matrix does every (R, W) for N = 1..5, then the leader-based store's sync + read_index, "
      "async + read_index and sync + follower modes on --matrix-nodes, and writes claims-matrix.md/.json. "
      "Exit 0 when the report is made; 2 when no case ran (--cases 0, or --budget-s too short for one); "
      "64 bad options; 65 unreadable --config.");
  add_store_options(app, a->campaign.store);
  add_space_options(app, a->campaign);
  add_campaign_run_options(app, a->campaign);
  app->add_option("--f", a->replicas_down, "replicas of a key down for the availability claims (at most N)")
      ->capture_default_str()
      ->check(whole_number(0, kNodeCountMax));
  app->add_flag("--matrix", a->matrix,
               "every (R, W) for N = 1..5, then three leader-based modes; --cases and --budget-s apply to each");
  app->add_option("--matrix-nodes", a->matrix_nodes, "cluster size for the matrix (at least N)")
      ->capture_default_str()
      ->check(whole_number(1, kNodeCountMax));
  app->add_flag("--json", a->json, "print the report as JSON");
  app->add_option("--prove-workload", a->prove.workload,
                  "also explore this small workload exhaustively (as `explore --workload`, e.g. \"c0: write k0; c1: read "
                  "k0, read k0\"): each history property then says whether it held on every schedule of that scope, or "
                  "gives the shortest one that breaks it");
  app->add_option("--prove-crashes", a->prove.crashes, "crashes the exhaustive scope may choose")
      ->capture_default_str()->check(whole_number(0, 8));
  app->add_option("--prove-losses", a->prove.losses, "lost messages the exhaustive scope may choose")
      ->capture_default_str()->check(whole_number(0, 8));
  app->add_option("--prove-max-states", a->prove.states_max, "per property: beyond this many states the scope is INCOMPLETE")
      ->capture_default_str()->check(whole_number(1, UINT64_MAX));
  app->add_option("--prove-budget-s", a->prove.seconds, "per property: wall-clock seconds for the exhaustive search")
      ->capture_default_str()->check(real_number(0, 1e9));
  return CommandHandle{app, [a] { return a->matrix ? matrix(*a) : one_configuration(*a); }};
}

}  // namespace qc
