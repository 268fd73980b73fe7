#include "widgets/bridge/enginebridge.h"

#include <QMetaObject>
#include <QPointer>

#include <utility>

#include "core/common/error.h"

namespace uae::widgets {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

bool activeState(train::EngineState s) {
    return s == train::EngineState::Running || s == train::EngineState::Paused || s == train::EngineState::Stopping;
}

}  // namespace

// Worker thread -> GUI thread. Each callback copies its arguments into a functor that runs
// on the bridge's thread; a bridge destroyed meanwhile drops it (invokeMethod's context).
class EngineBridge::Observer final : public train::EngineObserver {
public:
    explicit Observer(EngineBridge* bridge) : m_bridge(bridge) {}

    void runStarted(int64_t run, const std::string& device) override {
        post([run, d = qs(device)](EngineBridge* b) {
            b->m_run = run;
            b->m_device = d;
            Q_EMIT b->runStarted(run, d);
        });
    }
    void stageStarted(int64_t run, const std::string& stage, int index, int count, int64_t first,
                      int64_t total) override {
        post([=, s = qs(stage)](EngineBridge* b) { Q_EMIT b->stageStarted(run, s, index, count, first, total); });
    }
    void stepFinished(const train::StepReport& r) override {
        bool postDrain = false;
        {
            std::lock_guard lock(m_bridge->m_stepsMutex);
            m_bridge->m_steps.push_back(r);
            postDrain = !std::exchange(m_bridge->m_drainPosted, true);
        }
        if (postDrain) post([](EngineBridge* b) { b->drainSteps(); });
    }
    void snapshotTaken(int64_t run, const std::string& stage, int64_t step) override {
        post([=, s = qs(stage)](EngineBridge* b) { Q_EMIT b->snapshotTaken(run, s, step); });
    }
    void checkpointSaved(int64_t run, const std::string& stage, int64_t step, const std::string& path) override {
        post([=, s = qs(stage), p = qs(path)](EngineBridge* b) { Q_EMIT b->checkpointSaved(run, s, step, p); });
    }
    void benchmarkFinished(int64_t run, const std::string& benchmark, double overall) override {
        post([=, n = qs(benchmark)](EngineBridge* b) { Q_EMIT b->benchmarkFinished(run, n, overall); });
    }
    void stageFinished(int64_t run, const std::string& stage) override {
        post([=, s = qs(stage)](EngineBridge* b) { Q_EMIT b->stageFinished(run, s); });
    }
    void stateChanged(train::EngineState state) override {
        post([state](EngineBridge* b) {
            b->m_state = state;
            Q_EMIT b->stateChanged(static_cast<int>(state));
        });
    }
    void runFinished(int64_t run, train::EngineState state, const std::string& message) override {
        post([=, m = qs(message)](EngineBridge* b) {
            b->drainSteps();  // every step of the run is delivered before its end
            b->m_state = state;
            Q_EMIT b->runFinished(run, static_cast<int>(state), m);
        });
    }
    void logged(const std::string& level, const std::string& message) override {
        post([l = qs(level), m = qs(message)](EngineBridge* b) { Q_EMIT b->logged(l, m); });
    }

private:
    template <typename Fn>
    void post(Fn fn) {
        EngineBridge* bridge = m_bridge;
        QMetaObject::invokeMethod(bridge, [bridge, fn = std::move(fn)]() mutable { fn(bridge); }, Qt::QueuedConnection);
    }

    EngineBridge* m_bridge;
};

EngineBridge::EngineBridge(QObject* parent)
    : QObject(parent), m_observer(std::make_unique<Observer>(this)), m_factory(&makeEngineBackend) {
    qRegisterMetaType<train::StepReport>("uae::train::StepReport");
}

EngineBridge::~EngineBridge() {
    if (m_backend) {
        // Graceful: the engine saves a checkpoint; its destructor joins the worker. The
        // observer is detached first so that nothing is posted to a dying bridge.
        m_backend->requestStop();
        m_backend->waitFor(120.0);
        m_backend->setObserver(nullptr);
        m_backend.reset();
    }
}

void EngineBridge::setBackendFactory(TrainingBackendFactory factory) {
    if (isActive()) return;
    m_factory = std::move(factory);
    m_backend.reset();
}

void EngineBridge::setWorkspace(const QString& dir) {
    m_workspace = dir;
    if (m_backend && m_backendWorkspace != dir && !isActive()) m_backend.reset();
}

bool EngineBridge::isActive() const {
    // The backend's own state is the truth for control (the GUI copy trails it by one
    // event); either being active counts, so no second run can start in between.
    if (m_backend && activeState(m_backend->state())) return true;
    return activeState(m_state);
}

void EngineBridge::setProcesses(int processes, const QString& cli) {
    if (isActive()) return;
    m_processes = std::max(1, processes);
    m_cli = cli;
    if (m_backend && m_backendProcesses != m_processes) m_backend.reset();
}

Status EngineBridge::ensureBackend() {
    if (m_backend && m_backendWorkspace == m_workspace && m_backendProcesses == m_processes) return Status::success();
    if (m_workspace.isEmpty()) return Status::failure(ErrorKind::InvalidArgument, "no workspace is open");
    Status st = capture([&] {
        m_backend.reset();
        m_backend = m_processes > 1 ? makeProcessBackend(m_workspace.toStdString(), m_processes, m_cli.toStdString())
                                    : m_factory(m_workspace.toStdString());
        m_backendProcesses = m_processes;
        if (!m_backend) throw Error(ErrorKind::Unsupported, "no training engine");
        m_backend->setObserver(m_observer.get());
        m_backendWorkspace = m_workspace;
    });
    return st;
}

Status EngineBridge::start(const train::PipelineConfig& config, qint64* run) {
    if (isActive()) return Status::failure(ErrorKind::InvalidArgument, "a run is already active");
    if (Status st = ensureBackend(); !st) return st;
    int64_t id = 0;
    Status st = capture([&] { id = m_backend->start(config); });
    if (st) {
        m_run = id;
        m_state = train::EngineState::Running;
        if (run) *run = id;
        Q_EMIT stateChanged(static_cast<int>(m_state));
    }
    return st;
}

Status EngineBridge::resume(qint64 run) {
    if (isActive()) return Status::failure(ErrorKind::InvalidArgument, "a run is already active");
    if (Status st = ensureBackend(); !st) return st;
    Status st = capture([&] { m_backend->resume(run); });
    if (st) {
        m_run = run;
        m_state = train::EngineState::Running;
        Q_EMIT stateChanged(static_cast<int>(m_state));
    }
    return st;
}

void EngineBridge::pause() {
    if (m_backend) m_backend->pause();
}

void EngineBridge::unpause() {
    if (m_backend) m_backend->unpause();
}

void EngineBridge::stop() {
    if (m_backend && isActive()) {
        m_backend->requestStop();
        if (m_state != train::EngineState::Stopping) {
            m_state = train::EngineState::Stopping;
            Q_EMIT stateChanged(static_cast<int>(m_state));
        }
    }
}

bool EngineBridge::waitFor(double seconds) { return !m_backend || m_backend->waitFor(seconds); }

void EngineBridge::drainSteps() {
    std::deque<train::StepReport> steps;
    {
        std::lock_guard lock(m_stepsMutex);
        steps.swap(m_steps);
        m_drainPosted = false;
    }
    for (const train::StepReport& r : steps) Q_EMIT stepFinished(r);
}

}  // namespace uae::widgets
