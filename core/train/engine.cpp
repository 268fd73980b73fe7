#include "core/train/engine.h"

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "core/common/error.h"
#include "core/store/runstore.h"
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

namespace {

// Forwards to the user's observer and keeps the engine's state in step with pause/resume.
class StateTrackingObserver : public EngineObserver {
public:
    StateTrackingObserver(std::atomic<EngineState>& state, std::atomic<EngineObserver*>& inner)
        : m_state(state), m_inner(inner) {}
    void runStarted(int64_t run, const std::string& device) override {
        if (auto* o = m_inner.load()) o->runStarted(run, device);
    }
    void stageStarted(int64_t run, const std::string& stage, int i, int n, int64_t first, int64_t total) override {
        if (auto* o = m_inner.load()) o->stageStarted(run, stage, i, n, first, total);
    }
    void stepFinished(const StepReport& r) override {
        if (auto* o = m_inner.load()) o->stepFinished(r);
    }
    void snapshotTaken(int64_t run, const std::string& stage, int64_t step) override {
        if (auto* o = m_inner.load()) o->snapshotTaken(run, stage, step);
    }
    void checkpointSaved(int64_t run, const std::string& stage, int64_t step, const std::string& path) override {
        if (auto* o = m_inner.load()) o->checkpointSaved(run, stage, step, path);
    }
    void benchmarkFinished(int64_t run, const std::string& b, double overall) override {
        if (auto* o = m_inner.load()) o->benchmarkFinished(run, b, overall);
    }
    void stageFinished(int64_t run, const std::string& stage) override {
        if (auto* o = m_inner.load()) o->stageFinished(run, stage);
    }
    void stateChanged(EngineState state) override {
        m_state = state;
        if (auto* o = m_inner.load()) o->stateChanged(state);
    }
    void runFinished(int64_t run, EngineState state, const std::string& message) override {
        if (auto* o = m_inner.load()) o->runFinished(run, state, message);
    }
    void logged(const std::string& level, const std::string& message) override {
        if (auto* o = m_inner.load()) o->logged(level, message);
    }

private:
    std::atomic<EngineState>& m_state;
    std::atomic<EngineObserver*>& m_inner;
};

}  // namespace

struct TrainingEngine::Impl {
    std::unique_ptr<store::RunStore> store;
    std::atomic<EngineObserver*> observer{nullptr};
    std::atomic<EngineState> state{EngineState::Idle};
    std::atomic<int64_t> run{0};
    RunControl control;
    std::thread worker;
    std::promise<void> done;
    std::shared_future<void> doneFuture;
    StateTrackingObserver tracker{state, observer};

    bool active() const {
        EngineState s = state.load();
        return s == EngineState::Running || s == EngineState::Paused || s == EngineState::Stopping;
    }

    void launch(RunRequest request) {
        if (worker.joinable()) worker.join();
        control.reset();
        request.control = &control;
        request.observer = &tracker;
        run = request.run;
        state = EngineState::Running;
        done = std::promise<void>();
        doneFuture = done.get_future().share();
        worker = std::thread([this, request = std::move(request)]() mutable {
            RunOutcome outcome = runPipeline(request);
            state = outcome.state;
            tracker.stateChanged(outcome.state);
            tracker.runFinished(request.run, outcome.state, outcome.message);
            done.set_value();
        });
    }
};

TrainingEngine::TrainingEngine(const std::filesystem::path& workspace) : m_impl(std::make_unique<Impl>()) {
    m_impl->store = std::make_unique<store::RunStore>(workspace);
}

TrainingEngine::~TrainingEngine() {
    if (m_impl->worker.joinable()) {
        m_impl->control.requestStop();
        m_impl->worker.join();
    }
}

void TrainingEngine::setObserver(EngineObserver* observer) { m_impl->observer = observer; }

int64_t TrainingEngine::start(const PipelineConfig& config) {
    if (m_impl->active()) throw Error(ErrorKind::InvalidArgument, "a run is already active in this engine");
    validate(config);
    checkBuildCanRun(config, world::detectorAvailable());
    store::NewRun spec;
    spec.name = config.name;
    spec.preset = config.preset;
    spec.config = toJson(config);
    spec.device = config.device;
    for (const auto& s : config.stages) spec.stages.push_back(stageKindName(s.kind));
    store::RunInfo info = m_impl->store->createRun(spec);
    std::vector<store::StageSpec> stages;
    for (const auto& s : config.stages) stages.push_back({stageKindName(s.kind), s.steps()});
    m_impl->store->setStages(info.id, stages);
    RunRequest request;
    request.store = m_impl->store.get();
    request.run = info.id;
    request.config = config;
    m_impl->launch(std::move(request));
    return info.id;
}

int64_t TrainingEngine::resume(int64_t run) {
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
    request.config = fromJson(m_impl->store->config(run));
    checkBuildCanRun(request.config, world::detectorAvailable());
    request.resume = true;
    m_impl->launch(std::move(request));
    return run;
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

EngineState TrainingEngine::state() const { return m_impl->state; }

int64_t TrainingEngine::currentRun() const { return m_impl->run; }

store::RunStore& TrainingEngine::store() { return *m_impl->store; }

}  // namespace uae::train
