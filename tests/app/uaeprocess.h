// The real `uae` binary as a child process, for the fault tests: its output goes to a log
// file; it may run as an unprivileged user (root ignores permission bits) and with SIGXFSZ
// ignored, so that a file size limit (RLIMIT_FSIZE, set on it later with prlimit) makes its
// writes fail with EFBIG as a full disk would, instead of killing it.
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace uae::clitest {

inline const std::string kUaeBinary = UAE_BINARY_DIR "/bin/uae";
inline constexpr uid_t kNobody = 65534;  // the unprivileged user a root test drops to
inline constexpr int kCannotDropPrivileges = 125;

struct ChildOptions {
    bool unprivileged = false;  // as root: run as `nobody` (uid and gid 65534)
    std::vector<std::string> environment;  // extra NAME=value entries
    std::filesystem::path directory;       // the working directory (empty: the test's); `log` is relative to it
};

// Starts the program argv[0] (a path) with its arguments; stdout and stderr go to `log`.
inline pid_t spawnProgram(const std::vector<std::string>& command, const std::filesystem::path& log,
                          const ChildOptions& options = {}) {
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    if (!options.directory.empty() && ::chdir(options.directory.c_str()) != 0) ::_exit(126);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd >= 0) {
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
    }
    ::signal(SIGXFSZ, SIG_IGN);  // survives exec: a size limit fails writes with EFBIG
    if (options.unprivileged && ::geteuid() == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) ::_exit(kCannotDropPrivileges);
    }
    for (const auto& e : options.environment) ::putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    for (const auto& a : command) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
}

// Starts `uae args...`; stdout and stderr go to `log`.
inline pid_t spawnUae(const std::vector<std::string>& args, const std::filesystem::path& log,
                      const ChildOptions& options = {}) {
    std::vector<std::string> command{kUaeBinary};
    command.insert(command.end(), args.begin(), args.end());
    return spawnProgram(command, log, options);
}

// The child's exit code; -N when signal N ended it; -1000 when it outlived `seconds` (then it
// is killed).
inline int waitExit(pid_t pid, double seconds = 120) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1000;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// Polls `done` every 2 ms for up to `seconds`.
inline bool waitUntil(const std::function<bool()>& done, double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

// Whether the child still runs (not exited, not yet reaped as a zombie), without reaping it.
inline bool running(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    const auto close = line.rfind(')');
    return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

// Sets a running process's file size limit: from now on its writes beyond `bytes` fail.
inline bool limitFileSize(pid_t pid, rlim_t bytes) {
    const struct rlimit limit{bytes, bytes};
    return ::prlimit(pid, RLIMIT_FSIZE, &limit, nullptr) == 0;
}

inline std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream o;
    o << in.rdbuf();
    return o.str();
}

inline void writeText(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace uae::clitest
