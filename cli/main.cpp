// quorumcheck: the command line. Each subcommand lives in its own file.
#include <filesystem>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "cli/calculator_command.h"
#include "cli/campaign_command.h"
#include "cli/check_command.h"
#include "cli/cluster_command.h"
#include "cli/downtime_command.h"
#include "cli/claims_command.h"
#include "cli/exit_codes.h"
#include "cli/explore_command.h"
#include "cli/gate_command.h"
#include "cli/node_command.h"
#include "cli/replay_command.h"
#include "cli/run_command.h"

int main(int argc, char** argv) {
  CLI::App app{"quorumcheck: a verification harness for leaderless (Dynamo-style) replication"};
  app.set_version_flag("--version", QC_VERSION);
  app.require_subcommand(1);
  std::vector<qc::CommandHandle> commands = {qc::add_check_command(app), qc::add_run_command(app),
                                             qc::add_campaign_command(app), qc::add_replay_command(app),
                                             qc::add_claims_command(app), qc::add_gate_command(app),
                                             qc::add_explore_command(app), qc::add_node_command(app),
                                             qc::add_cluster_command(app),
                                             qc::add_calculator_command(app), qc::add_downtime_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);  // prints the message and the usage hint
    return qc::kExitUsage;
  }
  try {
    for (const auto& command : commands) {
      if (command.app->parsed()) return command.run();
    }
  } catch (const std::bad_alloc&) {
    std::cerr << "quorumcheck: out of memory: the input or the search needs more than this machine has; "
                 "UNDECIDED (try a smaller input or a smaller --memory-mb budget)\n";
    return qc::kExitUndecided;
  } catch (const std::filesystem::filesystem_error& error) {
    std::cerr << "quorumcheck: " << error.path1().string() << ": " << error.code().message() << "\n";
    return qc::kExitMalformed;
  } catch (const std::exception& error) {  // a bug of ours: say so instead of dying on a signal
    std::cerr << "quorumcheck: internal error: " << error.what() << "; please report it with the command line\n";
    return qc::kExitInternal;
  }
  return qc::kExitUsage;
}
