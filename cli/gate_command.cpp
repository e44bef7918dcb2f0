#include "cli/gate_command.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/campaign_options.h"
#include "cli/exit_codes.h"
#include "cli/html_output.h"
#include "cli/output_files.h"
#include "cli/run_setup.h"
#include "explore/gate.h"
#include "modelcheck/claims_proof.h"

namespace qc {
namespace {

struct GateArguments {
  std::string file;
  std::string shard = "0/1";
  std::string out_dir = "quorumcheck-gate";
  std::string junit;  // default: OUT/junit-shard-I-of-K.xml
};

int fail_with(const Status& status) {
  std::cerr << "quorumcheck gate: " << status.message() << "\n";
  return exit_code_for(status);
}

// `scheduling`: the configuration's, named after a sampled verdict unless the time order.
void print_case(const GateCaseResult& c, const SchedulingConfig& scheduling) {
  const PropertyResult& p = c.property;
  const std::string order =
      scheduling.strategy == SchedulingStrategy::time_order ? "" : " (scheduling: " + describe(scheduling) + ")";
  std::cout << "  " << c.configuration << " / " << p.property << ": ";
  const bool exhaustive = p.property.ends_with("(exhaustive within scope)");
  if (exhaustive && p.status == ClaimStatus::refuted && !p.refutations.empty()) {
    const Refutation& r = p.refutations.front();
    std::cout << "REFUTED by a schedule of " << r.ops_after_shrink << " steps; replay: quorumcheck replay "
              << r.bundle_path << "\n";
    print_page_beside(r.bundle_path, "    ");
  } else if (p.status == ClaimStatus::refuted && !p.refutations.empty()) {
    const Refutation& r = p.refutations.front();
    std::cout << "REFUTED in " << p.cases_violated << " of " << p.cases_checked << " cases" << order
              << "; replay: quorumcheck replay "
              << r.bundle_path << "\n";
    if (!r.bundle_path.empty()) print_page_beside(r.bundle_path, "    ");
  } else if (p.status == ClaimStatus::undecided) {
    std::cout << "UNDECIDED: " << p.undecided_reason << "\n";
  } else if (p.cases_checked == 0) {
    std::cout << "NOT RUN: the time budget ran out before any case\n";
  } else if (exhaustive) {
    std::cout << "holds on every schedule of the scope (" << p.cases_checked << " complete executions)\n";
  } else {
    std::cout << "holds for " << p.cases_checked << " cases" << order << "\n";
  }
}

// The scopes of the configurations' "prove" objects, checked before any campaign runs.
Result<std::vector<std::optional<Scope>>> proof_scopes(const GateSpec& spec, const std::string& file) {
  std::vector<std::optional<Scope>> scopes;
  for (const GateConfiguration& configuration : spec.configurations) {
    if (!configuration.prove) {
      scopes.emplace_back();
      continue;
    }
    const std::string where = file + ": configuration " + configuration.name + ": prove: ";
    auto workload = parse_workload_text(configuration.prove->workload);
    if (!workload.is_ok()) return Status::error(ErrorKind::malformed, where + workload.status().message().substr(2));
    Scope scope;
    scope.store = configuration.campaign.space.base.store;
    scope.workload = std::move(workload).value();
    scope.faults.crashes = configuration.prove->crashes;
    scope.faults.losses = configuration.prove->losses;
    if (Status valid = validate(scope); !valid.is_ok()) return Status::error(ErrorKind::malformed, where + valid.message());
    scopes.push_back(std::move(scope));
  }
  return scopes;
}

// Shard 0 explores each configuration's scope, one test case per required property.
Status add_proofs(const GateSpec& spec, const std::vector<std::optional<Scope>>& scopes, const std::string& out_dir,
                  GateResult& result) {
  for (std::size_t i = 0; i < spec.configurations.size(); ++i) {
    if (!scopes[i]) continue;
    const GateConfiguration& configuration = spec.configurations[i];
    ExploreLimits limits;
    limits.states_max = configuration.prove->max_states;
    limits.seconds = configuration.prove->budget_s;
    const std::string dir = out_dir.empty() ? "" : (std::filesystem::path(out_dir) / configuration.name).string();
    for (const std::string& property : configuration.campaign.properties) {
      std::cerr << "quorumcheck gate: " << configuration.name << ": exploring the scope for " << property << "\n";
      const auto started = std::chrono::steady_clock::now();
      auto proved = prove_property(*scopes[i], property, limits, configuration.campaign.check_budget, dir);
      if (!proved.is_ok()) return proved.status();
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      result.cases.push_back({configuration.name, std::move(proved).value(), seconds});
    }
  }
  return Status::ok();
}

int gate(const GateArguments& arguments) {
  auto shard = parse_shard(arguments.shard);
  if (!shard.is_ok()) return fail_with(shard.status());
  auto text = read_text_file(arguments.file);
  if (!text.is_ok()) return fail_with(text.status());
  auto spec = parse_gate(text.value(), arguments.file);
  if (!spec.is_ok()) return fail_with(spec.status());
  auto scopes = proof_scopes(spec.value(), arguments.file);
  if (!scopes.is_ok()) return fail_with(scopes.status());
  if (Status ready = prepare_output_dir(arguments.out_dir, "--out"); !ready.is_ok()) return fail_with(ready);
  if (Status junit = refuse_directory(arguments.junit, "--junit"); !junit.is_ok()) return fail_with(junit);
  auto printer = progress_printer("gate");
  auto result = run_gate(spec.value(), shard.value(), arguments.out_dir,
                         [&](const std::string&, const CampaignProgress& p) { printer(p); });
  if (!result.is_ok()) {
    // A gate file's values are its input: a configuration the store rejects is malformed input.
    return fail_with(Status::error(ErrorKind::malformed, arguments.file + ": " + result.status().message()));
  }
  const Shard& s = shard.value();
  if (s.index == 0)
    if (Status proved = add_proofs(spec.value(), scopes.value(), arguments.out_dir, result.value()); !proved.is_ok())
      return fail_with(proved);
  const std::string junit = arguments.junit.empty()
                                ? (std::filesystem::path(arguments.out_dir) /
                                   ("junit-shard-" + std::to_string(s.index) + "-of-" + std::to_string(s.count) + ".xml"))
                                      .string()
                                : arguments.junit;
  const std::filesystem::path junit_dir = std::filesystem::path(junit).parent_path();
  if (Status ready = prepare_output_dir(junit_dir.empty() ? "." : junit_dir.string(), "--junit"); !ready.is_ok())
    return fail_with(ready);
  if (Status written = write_output_file(junit, to_junit_xml(result.value(), s), "--junit"); !written.is_ok())
    return fail_with(written);
  std::cout << "gate: " << arguments.file << ", shard " << arguments.shard << ", " << result.value().campaign_cases_run
            << " cases run\n";
  for (const GateCaseResult& c : result.value().cases) {
    const auto& configurations = spec.value().configurations;
    const auto configuration = std::find_if(configurations.begin(), configurations.end(),
                                            [&](const GateConfiguration& g) { return g.name == c.configuration; });
    print_case(c, configuration == configurations.end() ? SchedulingConfig{} : configuration->campaign.space.base.scheduling);
  }
  const bool passed = result.value().passed();
  std::cout << (passed ? "gate PASSED" : "gate FAILED") << "; JUnit report: " << junit << "\n";
  if (passed) return kExitHolds;
  return result.value().any_refuted() ? kExitViolated : kExitUndecided;
}

}  // namespace

CommandHandle add_gate_command(CLI::App& parent) {
  auto a = std::make_shared<GateArguments>();
  CLI::App* app = parent.add_subcommand(
      "gate",
      "Run the campaigns a gate file asks for and fail when a required property is refuted or undecided; "
      "write a JUnit XML report and the shrunk bundles. Exit 0: every required property holds; 1: one is "
      "refuted; 2: one is undecided or no case ran; 64: bad options; 65: a malformed gate file. "
      "The file's format is in README.md and explore/gate.h.");
  app->add_option("file", a->file, "the gate file (JSON)")->required();
  app->add_option("--shard", a->shard, "I/K: this job runs cases i with i % K == I of every campaign")
      ->capture_default_str();
  app->add_option("--out", a->out_dir, "directory for bundles (one folder per configuration) and the report")
      ->capture_default_str();
  app->add_option("--junit", a->junit, "where the JUnit XML goes [OUT/junit-shard-I-of-K.xml]");
  return CommandHandle{app, [a] { return gate(*a); }};
}

}  // namespace qc
