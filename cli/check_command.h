#pragma once
#include <CLI/CLI.hpp>

namespace qc {

// `quorumcheck check`: decides whether each history file is linearizable.
// Registers the subcommand; the returned function runs it and gives the exit code.
struct CommandHandle {
  CLI::App* app;
  std::function<int()> run;
};
CommandHandle add_check_command(CLI::App& parent);

}  // namespace qc
