#include "core/train/engine.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <future>
#include <mutex>
#include <thread>

#include "core/common/device.h"
#include "core/common/error.h"
#include "core/store/runstore.h"
#include "core/train/memoryestimate.h"
#include "core/train/runcontrol.h"
#include "core/train/runner.h"
#include "core/world/detector.h"

namespace uae::train {

const char* engineStateName(EngineState state) {
    switch (state) {
    case EngineState::Idle: return "idle";
    case EngineState::Running: return "running";
    case EngineState::Paused: return "paused";
    case EngineState::Stopping: return "stopping";
    case EngineState::Finished: return "finished";
    case EngineState::Stopped: return "stopped";
    case EngineState::Failed: return "failed";
    }
    return "?";
}

struct TrainingEngine::Impl {
    std::unique_ptr<store::RunStore> store;  // null on a follower
    dist::DistEnv dist;
    std::atomic<EngineObserver*> observer{nullptr};
    bool memoryCheck = true;
    std::atomic<EngineState> state{EngineState::Idle};
    std::atomic<int64_t> run{0};
    mutable std::mutex messageMutex;
    std::string message;  // the last run's failure
    RunControl control;
    std::thread worker;
    std::promise<void> done;
    std::shared_future<void> doneFuture;

    // Refuses a run whose estimated peak exceeds the device's free memory (memoryestimate.h).
    void checkMemoryFits(const PipelineConfig& config) const {
        const char* ignore = std::getenv(kIgnoreMemoryCheckVariable);
        if (!memoryCheck || (ignore && std::strcmp(ignore, "1") == 0)) return;
        DeviceInfo device;
        try {
            device = resolveDevice(config.device);
        } catch (const Error&) {
            return;  // an unusable device fails the run with its own message
        }
        if (auto budget = availableMemory(device)) checkMemory(estimateMemory(config, device.cuda), *budget, device.name);
    }

    bool active() const {
        EngineState s = state.load();
        return s == EngineState::Running || s == EngineState::Paused || s == EngineState::Stopping;
    }

    void launch(RunRequest request) {
        if (worker.joinable()) worker.join();
        control.reset();
        request.control = &control;
        request.dist = dist;
        // The runner calls the observer itself: the one set when the run starts serves it.
        EngineObserver* events = observer.load();
        request.observer = events;
        run = request.run;
        state = EngineState::Running;
        done = std::promise<void>();
        doneFuture = done.get_future().share();
        worker = std::thread([this, events, request = std::move(request)]() mutable {
            RunOutcome outcome = runPipeline(request);
            {
                std::lock_guard lock(messageMutex);
                message = outcome.state == EngineState::Failed ? outcome.message : std::string();
            }
            state = outcome.state;
            if (events) {
                events->stateChanged(outcome.state);
                events->runFinished(request.run, outcome.state, outcome.message);
            }
            done.set_value();
        });
    }
};

TrainingEngine::TrainingEngine(const std::filesystem::path& workspace) : m_impl(std::make_unique<Impl>()) {
    m_impl->store = std::make_unique<store::RunStore>(workspace);
}

TrainingEngine::TrainingEngine(const dist::DistEnv& follower) : m_impl(std::make_unique<Impl>()) {
    if (!follower.distributed() || follower.primary())
        throw Error(ErrorKind::InvalidArgument, "a follower engine is a rank > 0 of a run of several processes (rank " +
                                                    std::to_string(follower.rank) + " of " +
                                                    std::to_string(follower.worldSize) + ")");
    m_impl->dist = follower;
}

TrainingEngine::~TrainingEngine() {
    if (m_impl->worker.joinable()) {
        m_impl->control.requestStop();
        m_impl->worker.join();
    }
}

void TrainingEngine::setObserver(EngineObserver* observer) { m_impl->observer = observer; }

void TrainingEngine::setMemoryCheck(bool enabled) { m_impl->memoryCheck = enabled; }

int64_t TrainingEngine::start(const PipelineConfig& config) {
    if (!m_impl->store) throw Error(ErrorKind::InvalidArgument, "a follower engine joins runs with follow()");
    if (m_impl->active()) throw Error(ErrorKind::InvalidArgument, "a run is already active in this engine");
    checkBuildCanRun(config, world::detectorAvailable());
    validate(config);
    m_impl->checkMemoryFits(config);
    const int64_t id = registerRun(*m_impl->store, config);
    RunRequest request;
    request.store = m_impl->store.get();
    request.run = id;
    request.config = config;
    m_impl->launch(std::move(request));
    return id;
}

int64_t registerRun(store::RunStore& store, const PipelineConfig& config) {
    validate(config);
    store::NewRun spec;
    spec.name = config.name;
    spec.preset = config.preset;
    spec.config = toJson(config);
    spec.device = config.device;
    for (const auto& s : config.stages) spec.stages.push_back(stageKindName(s.kind));
    store::RunInfo info = store.createRun(spec);
    std::vector<store::StageSpec> stages;
    for (const auto& s : config.stages) stages.push_back({stageKindName(s.kind), s.steps()});
    store.setStages(info.id, stages);
    return info.id;
}

int64_t TrainingEngine::resume(int64_t run) {
    if (!m_impl->store) throw Error(ErrorKind::InvalidArgument, "a follower engine joins runs with follow()");
    if (m_impl->active()) throw Error(ErrorKind::InvalidArgument, "a run is already active in this engine");
    store::RunInfo info = m_impl->store->getRun(run);
    if (info.status == store::RunStatus::Finished)
        throw Error(ErrorKind::InvalidArgument, "run " + std::to_string(run) + " ('" + info.name +
                                                    "') has finished; there is nothing to resume");
    if (store::isActive(info.status))
        throw Error(ErrorKind::InvalidArgument, "run " + std::to_string(run) + " is active in another process");
    RunRequest request;
    request.store = m_impl->store.get();
    request.run = run;
    try {
        request.config = fromJson(m_impl->store->config(run));
    } catch (const Error& e) {
        throw Error(e.kind(), "run " + std::to_string(run) + " ('" + info.name + "'): its config stored in '" +
                                  m_impl->store->databaseFile().string() + "': " + e.what());
    }
    checkBuildCanRun(request.config, world::detectorAvailable());
    m_impl->checkMemoryFits(request.config);
    request.resume = true;
    m_impl->launch(std::move(request));
    return run;
}

void TrainingEngine::setDistributed(const dist::DistEnv& env) {
    if (env.distributed() && !env.primary())
        throw Error(ErrorKind::InvalidArgument, "rank " + std::to_string(env.rank) +
                                                    " does not start runs: it joins rank 0's with follow()");
    m_impl->dist = env;
}

void TrainingEngine::follow(const std::optional<PipelineConfig>& config) {
    if (m_impl->store) throw Error(ErrorKind::InvalidArgument, "follow() is for a rank > 0 of a data-parallel run");
    if (m_impl->active()) throw Error(ErrorKind::InvalidArgument, "a run is already active in this engine");
    RunRequest request;
    request.hasConfig = config.has_value();
    if (config) {
        validate(*config);
        request.config = *config;
    }
    m_impl->launch(std::move(request));
}

void TrainingEngine::pause() {
    if (m_impl->state == EngineState::Running) m_impl->control.pause();
}

void TrainingEngine::unpause() { m_impl->control.unpause(); }

void TrainingEngine::requestStop() {
    if (m_impl->active()) {
        m_impl->state = EngineState::Stopping;
        m_impl->control.requestStop();
    }
}

void TrainingEngine::wait() {
    if (m_impl->worker.joinable()) m_impl->worker.join();
}

bool TrainingEngine::waitFor(double seconds) {
    if (!m_impl->worker.joinable()) return true;
    if (m_impl->doneFuture.wait_for(std::chrono::duration<double>(seconds)) != std::future_status::ready) return false;
    m_impl->worker.join();
    return true;
}

EngineState TrainingEngine::state() const {
    // Paused is not stored: it is a running run whose pause flag is set (the worker holds
    // at the next step boundary and reports stateChanged(Paused) to the observer then).
    const EngineState s = m_impl->state;
    return s == EngineState::Running && m_impl->control.paused() ? EngineState::Paused : s;
}

int64_t TrainingEngine::currentRun() const { return m_impl->run; }

std::string TrainingEngine::failureMessage() const {
    std::lock_guard lock(m_impl->messageMutex);
    return m_impl->message;
}

store::RunStore& TrainingEngine::store() {
    if (!m_impl->store) throw Error(ErrorKind::InvalidArgument, "rank " + std::to_string(m_impl->dist.rank) +
                                                                   " of a data-parallel run has no store (rank 0 keeps it)");
    return *m_impl->store;
}

}  // namespace uae::train
