#pragma once
// Runs the real `quorumcheck` binary (QC_BINARY, set by the test's CMakeLists) as a user
// or a CI job would, and collects what it printed and how it exited.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace qc::testing {

struct CommandRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// `environment` is prepended to the command line, e.g. "RC_PARAMS='reproduce=x'".
inline CommandRun run_quorumcheck(const std::string& arguments, const std::string& environment = "") {
  const std::string command = environment + " " + std::string(QC_BINARY) + " " + arguments + " 2>&1";
  CommandRun result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) result.output += buffer.data();
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace qc::testing
