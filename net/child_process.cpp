#include "net/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <future>

namespace qc {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& log_path) {
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ != 0) return;
  // The child: die with the parent; its output to the log; then the program.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  setpgid(0, 0);  // a terminal's Ctrl-C goes to the harness, which stops its children in order
  if (getppid() != parent) _exit(127);  // the parent died before prctl took hold
  const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (log >= 0) {
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    close(log);
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGCONT);  // a stopped child must be able to die
    stop(SIGKILL);
  }
}

void ChildProcess::reaped(int status) {
  pid_ = -1;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int ChildProcess::stop(int signal_number) {
  if (pid_ <= 0) return exit_code_;
  kill(pid_, signal_number);
  int status = 0;
  pid_t waited;
  while ((waited = waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
  }
  if (waited < 0) status = 0;  // not our child any more (ECHILD): nothing to reap
  reaped(status);
  return exit_code_;
}

void ChildProcess::signal(int signal_number) const {
  if (pid_ > 0) kill(pid_, signal_number);
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == 0) return true;
  reaped(status);
  return false;
}

ProcessLauncher::ProcessLauncher() : thread_([this] { serve(); }) {}

ProcessLauncher::~ProcessLauncher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ProcessLauncher::serve() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, nothing left
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

std::unique_ptr<ChildProcess> ProcessLauncher::launch(const std::vector<std::string>& argv,
                                                      const std::string& log_path) {
  std::packaged_task<std::unique_ptr<ChildProcess>()> task(
      [&] { return std::make_unique<ChildProcess>(argv, log_path); });
  auto child = task.get_future();
  {
    std::lock_guard lock(mutex_);
    tasks_.emplace_back([&task] { task(); });
  }
  wake_.notify_all();
  return child.get();
}

}  // namespace qc
