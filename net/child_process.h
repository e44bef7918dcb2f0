#pragma once
// A child process the harness starts and must not leave behind: killed with SIGKILL when
// this object goes, and (PR_SET_PDEATHSIG) when the harness itself dies, even by kill -9.
#include <sys/types.h>

#include <string>
#include <vector>

namespace qc {

class ChildProcess {
 public:
  // argv[0] is the program's path; stdout and stderr are appended to log_path.
  ChildProcess(const std::vector<std::string>& argv, const std::string& log_path);
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  // Sends the signal and waits for the child to end: its exit code, or 128 + the signal
  // that ended it. A child already reaped returns what it ended with.
  int stop(int signal_number);
  // Sends the signal without waiting (SIGSTOP, SIGCONT).
  void signal(int signal_number) const;
  bool running();
  pid_t pid() const { return pid_; }

 private:
  void reaped(int status);
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

}  // namespace qc
