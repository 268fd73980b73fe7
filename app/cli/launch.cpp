#include "app/cli/launch.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <thread>

#include "core/common/error.h"

namespace uae::cli {

namespace {

std::atomic<int> g_signal{0};
extern "C" void onLauncherSignal(int sig) { g_signal.store(sig); }

// The program to start: UAE_EXE when set (tests drive the CLI in-process), else this one.
std::string selfExecutable() {
    if (const char* exe = std::getenv("UAE_EXE"); exe && *exe) return exe;
    std::error_code ec;
    auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) throw Error(ErrorKind::Io, "cannot find this program's path (/proc/self/exe): " + ec.message());
    return p.string();
}

}  // namespace

std::vector<std::string> withoutNproc(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--nproc") {
            ++i;
            continue;
        }
        if (args[i].rfind("--nproc=", 0) == 0) continue;
        out.push_back(args[i]);
    }
    return out;
}

int launchWorkers(int nproc, const std::vector<std::string>& args, dist::DistEnv base, const std::string& logDir,
                  std::ostream& err) {
    if (nproc < 2 || nproc > 1024)
        throw Error(ErrorKind::InvalidArgument, "--nproc " + std::to_string(nproc) + ": use 2 to 1024 processes");
    base.worldSize = nproc;
    if (base.masterPort <= 0 || std::getenv("MASTER_PORT") == nullptr) base.masterPort = dist::freePort();
    const std::string exe = selfExecutable();
    if (!logDir.empty()) std::filesystem::create_directories(logDir);

    std::vector<pid_t> pids;
    for (int rank = 0; rank < nproc; ++rank) {
        const auto vars = dist::workerEnvironment(base, rank);
        std::string log = logDir.empty() ? "/dev/null" : logDir + "/rank" + std::to_string(rank) + ".log";
        pid_t pid = ::fork();
        if (pid < 0) {
            for (pid_t p : pids) ::kill(p, SIGKILL);
            throw Error(ErrorKind::Io, std::string("cannot start a worker process: ") + std::strerror(errno));
        }
        if (pid == 0) {
            for (const auto& [k, v] : vars) ::setenv(k.c_str(), v.c_str(), 1);
            if (rank > 0) {
                int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd >= 0) {
                    ::dup2(fd, STDOUT_FILENO);
                    ::close(fd);
                }
            }
            std::vector<char*> argv;
            argv.push_back(const_cast<char*>(exe.c_str()));
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            ::execv(exe.c_str(), argv.data());
            std::fprintf(stderr, "uae: cannot start '%s': %s\n", exe.c_str(), std::strerror(errno));
            ::_exit(127);
        }
        pids.push_back(pid);
    }

    g_signal = 0;
    auto oldInt = std::signal(SIGINT, onLauncherSignal);
    auto oldTerm = std::signal(SIGTERM, onLauncherSignal);
    auto oldUsr1 = std::signal(SIGUSR1, onLauncherSignal);
    auto oldUsr2 = std::signal(SIGUSR2, onLauncherSignal);
    int firstFailure = 0, firstFailedRank = -1, rank0Code = 0;
    std::vector<bool> done(static_cast<size_t>(nproc), false);
    int remaining = nproc;
    std::chrono::steady_clock::time_point killAt{};
    bool killing = false;
    while (remaining > 0) {
        if (int sig = g_signal.exchange(0)) {
            // Ctrl-C on a terminal reaches every worker already (one process group); from a
            // GUI or a scheduler only this launcher gets it: pass it on. Pause (SIGUSR1) and
            // continue (SIGUSR2) go to rank 0, which holds the others at its step.
            const bool pause = sig == SIGUSR1 || sig == SIGUSR2;
            for (int r = 0; r < (pause ? 1 : nproc); ++r)
                if (!done[static_cast<size_t>(r)]) ::kill(pids[static_cast<size_t>(r)], sig);
        }
        int status = 0;
        pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            for (int r = 0; r < nproc; ++r) {
                if (pids[static_cast<size_t>(r)] != pid || done[static_cast<size_t>(r)]) continue;
                done[static_cast<size_t>(r)] = true;
                --remaining;
                const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                // 3: stopped on request (a checkpoint was saved); anything else non-zero failed.
                if (code != 0 && code != 3 && firstFailure == 0) {
                    firstFailure = code;
                    firstFailedRank = r;
                    err << "uae: worker rank " << r << " of " << nproc << " ended with "
                        << (WIFEXITED(status) ? "exit code " + std::to_string(code)
                                              : "signal " + std::to_string(WTERMSIG(status)))
                        << "; the others stop within the collective timeout (" << base.timeoutSeconds << " s)\n";
                    killAt = std::chrono::steady_clock::now() +
                             std::chrono::milliseconds(static_cast<int64_t>((base.timeoutSeconds + 15.0) * 1000));
                    killing = true;
                }
                if (r == 0) rank0Code = code;
            }
            continue;
        }
        if (killing && std::chrono::steady_clock::now() > killAt) {
            for (int r = 0; r < nproc; ++r)
                if (!done[static_cast<size_t>(r)]) {
                    err << "uae: worker rank " << r << " did not stop after rank " << firstFailedRank
                        << " failed; killing it\n";
                    ::kill(pids[static_cast<size_t>(r)], SIGKILL);
                }
            killing = false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::signal(SIGINT, oldInt);
    std::signal(SIGTERM, oldTerm);
    std::signal(SIGUSR1, oldUsr1);
    std::signal(SIGUSR2, oldUsr2);
    return firstFailure != 0 ? firstFailure : rank0Code;  // rank 0's 3: stopped, resumable
}

}  // namespace uae::cli
