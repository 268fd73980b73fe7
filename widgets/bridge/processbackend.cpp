// A data-parallel run from the GUI: TrainingBackend over child `uae` processes. start()
// creates the run in the store (so its id is known at once) and launches
// `uae resume RUN --nproc N`, whose rank 0 finds no checkpoint and starts from the first
// stage; resume() launches the same for an existing run. A thread follows the run through
// the store, as the dashboard does for any run, and turns what changed into observer
// callbacks; it ends the run with the launcher's exit code (0 finished, 3 stopped).
// Pause and continue reach rank 0 as SIGUSR1 / SIGUSR2 through the launcher; stop is
// SIGINT (every rank finishes the same step, rank 0 saves a checkpoint). Qt-free.
#include "widgets/bridge/trainingbackend.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/common/error.h"
#include "core/store/runstore.h"
#include "core/train/engine.h"

namespace uae::widgets {

namespace {

using Clock = std::chrono::steady_clock;

class ProcessBackend final : public TrainingBackend {
public:
    ProcessBackend(std::filesystem::path workspace, int processes, std::string cli)
        : m_workspace(std::move(workspace)), m_processes(processes), m_cli(std::move(cli)) {
        if (processes < 2) throw Error(ErrorKind::InvalidArgument, "a process backend runs 2 or more processes");
    }
    ~ProcessBackend() override {
        if (m_follower.joinable()) {
            requestStop();
            if (!waitFor(120.0) && m_pid > 0) ::kill(m_pid, SIGKILL);
            if (m_follower.joinable()) m_follower.join();
        }
    }

    void setObserver(train::EngineObserver* observer) override { m_observer = observer; }

    int64_t start(const train::PipelineConfig& config) override {
        requireIdle();
        int64_t id = 0;
        {
            store::RunStore st(m_workspace);
            id = train::registerRun(st, config);
        }
        launch(id);
        return id;
    }

    int64_t resume(int64_t run) override {
        requireIdle();
        {
            store::RunStore st(m_workspace, {.create = false, .readOnly = true});
            const auto info = st.getRun(run);
            if (info.status == store::RunStatus::Finished)
                throw Error(ErrorKind::InvalidArgument, "run " + std::to_string(run) + " ('" + info.name +
                                                            "') has finished; there is nothing to resume");
        }
        launch(run);
        return run;
    }

    void pause() override { signalLauncher(SIGUSR1); }
    void unpause() override { signalLauncher(SIGUSR2); }
    void requestStop() override {
        if (m_state == train::EngineState::Running || m_state == train::EngineState::Paused) m_state = train::EngineState::Stopping;
        signalLauncher(SIGINT);
    }

    bool waitFor(double seconds) override {
        if (!m_follower.joinable()) return true;
        const auto until = Clock::now() + std::chrono::duration<double>(seconds);
        while (!m_ended && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (!m_ended) return false;
        m_follower.join();
        return true;
    }

    train::EngineState state() const override { return m_state; }
    int64_t currentRun() const override { return m_run; }

private:
    void requireIdle() {
        const auto s = m_state.load();
        if (s == train::EngineState::Running || s == train::EngineState::Paused || s == train::EngineState::Stopping)
            throw Error(ErrorKind::InvalidArgument, "a run is already active in this engine");
        if (m_follower.joinable()) m_follower.join();
    }

    void signalLauncher(int sig) {
        std::lock_guard lock(m_mutex);
        if (m_pid > 0 && !m_ended) ::kill(m_pid, sig);
    }

    void launch(int64_t run) {
        const std::vector<std::string> args = {m_cli, "resume", std::to_string(run), "--nproc", std::to_string(m_processes),
                                               "--workspace", m_workspace.string()};
        const auto log = m_workspace / "logs" / ("run" + std::to_string(run) + "-launcher.log");
        std::filesystem::create_directories(log.parent_path());
        pid_t pid = ::fork();
        if (pid < 0) throw Error(ErrorKind::Io, std::string("cannot start uae: ") + std::strerror(errno));
        if (pid == 0) {
            if (FILE* f = std::freopen(log.c_str(), "w", stdout)) ::dup2(::fileno(f), STDERR_FILENO);
            std::vector<char*> argv;
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            ::execv(m_cli.c_str(), argv.data());
            std::fprintf(stderr, "cannot start '%s': %s\n", m_cli.c_str(), std::strerror(errno));
            ::_exit(127);
        }
        {
            std::lock_guard lock(m_mutex);
            m_pid = pid;
        }
        m_run = run;
        m_ended = false;
        m_state = train::EngineState::Running;
        m_follower = std::thread([this, run, log] { follow(run, log); });
    }

    // Polls the store (and the launcher) until the launcher has ended, reporting what changed.
    void follow(int64_t run, std::filesystem::path log) {
        std::map<std::string, int64_t> lastStep;
        std::set<std::string> started, finished;
        size_t checkpoints = 0, benchmarks = 0;
        std::set<std::pair<std::string, int64_t>> snapshots;
        int64_t lastEvent = 0;
        bool announced = false;
        store::RunStatus lastStatus = store::RunStatus::Queued;
        auto stepClock = Clock::now();
        int exitCode = -1;
        auto poll = [&](store::RunStore& st) {
            train::EngineObserver* o = m_observer;
            const auto info = st.getRun(run);
            if (!announced && info.status != store::RunStatus::Queued) {
                announced = true;
                if (o) o->runStarted(run, info.device);
            }
            if (info.status != lastStatus) {
                lastStatus = info.status;
                if (info.status == store::RunStatus::Paused) setState(train::EngineState::Paused);
                if (info.status == store::RunStatus::Running) setState(train::EngineState::Running);
            }
            for (const auto& e : st.events(run, {.afterId = lastEvent})) {
                lastEvent = e.id;
                if (o) o->logged(store::toString(e.level), e.message);
            }
            const auto stages = st.stages(run);
            for (const auto& s : stages) {
                const bool active = s.status == store::RunStatus::Running || s.status == store::RunStatus::Paused;
                if ((active || s.status == store::RunStatus::Finished) && !started.count(s.name)) {
                    started.insert(s.name);
                    if (o) o->stageStarted(run, s.name, s.order, static_cast<int>(stages.size()), s.step, s.totalSteps);
                }
                if (started.count(s.name) && s.step > lastStep[s.name]) {
                    train::StepReport r;
                    r.run = run;
                    r.stage = s.name;
                    r.stageIndex = s.order;
                    r.stageCount = static_cast<int>(stages.size());
                    r.step = s.step;
                    r.totalSteps = s.totalSteps;
                    for (const char* key : {"loss", "reward_mean", "kl", "fact_recall", "grad_norm", "lr"}) {
                        auto points = st.readMetrics(run, key, lastStep[s.name], s.name);
                        if (!points.empty()) r.metrics[key] = points.back().value;
                    }
                    const double seconds = std::chrono::duration<double>(Clock::now() - stepClock).count();
                    r.stepsPerSecond = seconds > 0 ? static_cast<double>(s.step - lastStep[s.name]) / seconds : 0.0;
                    int64_t remaining = 0;  // the rest of the run, at this stage's pace (as the engine estimates)
                    for (const auto& other : stages) remaining += std::max<int64_t>(0, other.totalSteps - other.step);
                    r.etaSeconds = r.stepsPerSecond > 0 ? static_cast<double>(remaining) / r.stepsPerSecond : 0.0;
                    stepClock = Clock::now();
                    lastStep[s.name] = s.step;
                    if (o) o->stepFinished(r);
                }
                if (s.status == store::RunStatus::Finished && !finished.count(s.name)) {
                    finished.insert(s.name);
                    if (o) o->stageFinished(run, s.name);
                }
            }
            const auto cks = st.listCheckpoints(run);
            for (size_t i = checkpoints; i < cks.size(); ++i)
                if (o) o->checkpointSaved(run, cks[i].stage, cks[i].step, cks[i].path.string());
            checkpoints = cks.size();
            const auto bench = st.benchmarks(run);
            for (size_t i = benchmarks; i < bench.size(); ++i)
                if (bench[i].metric == "overall" && o) o->benchmarkFinished(run, bench[i].benchmark, bench[i].value);
            benchmarks = bench.size();
            for (const auto& sn : st.listSnapshots(run))
                if (snapshots.insert({sn.stage, sn.step}).second && o) o->snapshotTaken(run, sn.stage, sn.step);
        };
        std::string failure;
        try {
            store::RunStore st(m_workspace, {.create = false, .readOnly = true});
            while (true) {
                int status = 0;
                pid_t done = ::waitpid(m_pid, &status, WNOHANG);
                if (done == m_pid) exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                poll(st);
                if (done == m_pid) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(250));
            }
            if (exitCode != 0 && exitCode != 3) {
                failure = st.getRun(run).message;
                if (failure.empty()) failure = "uae exited with code " + std::to_string(exitCode) + " (log: " + log.string() + ")";
            }
        } catch (const std::exception& e) {
            failure = e.what();
            if (exitCode < 0) {
                int status = 0;
                ::kill(m_pid, SIGINT);
                ::waitpid(m_pid, &status, 0);
            }
        }
        const auto end = !failure.empty() ? train::EngineState::Failed
                         : exitCode == 3  ? train::EngineState::Stopped
                                          : train::EngineState::Finished;
        setState(end);
        if (train::EngineObserver* o = m_observer) o->runFinished(run, end, failure);
        std::lock_guard lock(m_mutex);
        m_pid = -1;
        m_ended = true;
    }

    void setState(train::EngineState s) {
        const auto before = m_state.exchange(s);
        if (before == train::EngineState::Stopping && s == train::EngineState::Running) m_state = before;
        if (before != m_state.load())
            if (train::EngineObserver* o = m_observer) o->stateChanged(m_state.load());
    }

    std::filesystem::path m_workspace;
    int m_processes;
    std::string m_cli;
    std::atomic<train::EngineObserver*> m_observer{nullptr};
    std::atomic<train::EngineState> m_state{train::EngineState::Idle};
    std::atomic<int64_t> m_run{0};
    std::atomic<bool> m_ended{true};
    std::mutex m_mutex;  // guards m_pid against a signal racing the end
    pid_t m_pid = -1;
    std::thread m_follower;
};

}  // namespace

std::unique_ptr<TrainingBackend> makeProcessBackend(const std::filesystem::path& workspace, int processes,
                                                    const std::string& cli) {
    return std::make_unique<ProcessBackend>(workspace, processes, cli);
}

}  // namespace uae::widgets
