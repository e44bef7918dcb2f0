#pragma once
// A child process the harness starts and must not leave behind: killed with SIGKILL when
// this object goes, and (PR_SET_PDEATHSIG) when the harness itself dies, even by kill -9.
#include <sys/types.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
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

// The kernel sends PR_SET_PDEATHSIG when the *thread* that forked the child ends, not
// the process: a child started from a short-lived thread (a client that applies a
// restart) would die with that thread. So children are forked by this one thread,
// which lives as long as the launcher.
class ProcessLauncher {
 public:
  ProcessLauncher();
  ProcessLauncher(const ProcessLauncher&) = delete;
  ProcessLauncher& operator=(const ProcessLauncher&) = delete;
  ~ProcessLauncher();
  std::unique_ptr<ChildProcess> launch(const std::vector<std::string>& argv, const std::string& log_path);

 private:
  void serve();
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest is ready
};

}  // namespace qc
