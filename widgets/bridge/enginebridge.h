// The GUI's side of the training engine, and the only adapter between the Qt-free core and
// Qt: its signals are train::EngineObserver's callbacks (core/train/observer.h) re-emitted
// on the GUI thread, with the same names; a private observer class receives the callbacks.
// It also offers the control methods (start, resume, pause, unpause, stop) with a Status
// instead of exceptions.
//
// Threads: the bridge lives on the GUI thread. Observer callbacks arrive on the engine's
// worker thread; each is copied and posted to the bridge (QMetaObject::invokeMethod,
// queued), so every signal is emitted on the GUI thread and slots may touch widgets.
// Steps are coalesced: however fast the worker reports them, at most one posted event is
// pending, and it emits stepFinished for each report in order (the event loop never
// queues thousands of events behind a fast stage). The step's report travels as is
// (train::StepReport): the progress widgets read it; the dashboard's charts read the
// metrics from the run store instead (docs/ARCHITECTURE.md, threads).
//
// Ownership: the bridge owns the backend (created by the factory on the first start or
// resume, for the workspace given then). Destroying the bridge stops a run gracefully
// and waits for it (the engine saves a checkpoint and ends as Stopped).
#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>

#include "core/common/status.h"
#include "core/train/observer.h"
#include "core/train/pipelineconfig.h"
#include "widgets/bridge/trainingbackend.h"

namespace uae::widgets {

class EngineBridge : public QObject {
    Q_OBJECT
public:
    explicit EngineBridge(QObject* parent = nullptr);
    ~EngineBridge() override;

    // Replaces the engine (tests). Only while idle; the next start/resume uses it.
    void setBackendFactory(TrainingBackendFactory factory);
    // The workspace the next backend is created for; changing it drops an idle backend.
    void setWorkspace(const QString& dir);
    QString workspace() const { return m_workspace; }
    // Worker processes of the next start / resume: 1 runs in this process (the engine on a
    // worker thread); N >= 2 launches `cli --nproc N` as child processes (a data-parallel
    // run, docs/DISTRIBUTED.md) and follows it through the store. Only while idle.
    void setProcesses(int processes, const QString& cli);
    int processes() const { return m_processes; }

    // Start a new run / resume one; on success `run` holds its id.
    Status start(const train::PipelineConfig& config, qint64* run = nullptr);
    Status resume(qint64 run);
    void pause();
    void unpause();
    void stop();  // graceful: the engine finishes the step, saves and ends as Stopped
    // Blocks the caller up to `seconds` for the worker to end (shutdown only).
    bool waitFor(double seconds);

    train::EngineState state() const { return m_state; }
    bool isActive() const;  // running, paused or stopping
    qint64 currentRun() const { return m_run; }
    QString device() const { return m_device; }

Q_SIGNALS:
    void runStarted(qint64 run, const QString& device);
    void stageStarted(qint64 run, const QString& stage, int stageIndex, int stageCount, qint64 firstStep,
                      qint64 totalSteps);
    void stepFinished(const uae::train::StepReport& report);
    void snapshotTaken(qint64 run, const QString& stage, qint64 step);
    void checkpointSaved(qint64 run, const QString& stage, qint64 step, const QString& path);
    void benchmarkFinished(qint64 run, const QString& benchmark, double overall);
    void stageFinished(qint64 run, const QString& stage);
    void stateChanged(int state);  // a train::EngineState
    void runFinished(qint64 run, int state, const QString& message);
    void logged(const QString& level, const QString& message);

private:
    // Receives the engine's callbacks on the worker thread and posts them to the bridge.
    class Observer;
    friend class Observer;

    Status ensureBackend();
    void drainSteps();  // GUI thread

    std::unique_ptr<Observer> m_observer;
    TrainingBackendFactory m_factory;
    std::unique_ptr<TrainingBackend> m_backend;
    QString m_workspace;
    QString m_backendWorkspace;
    int m_processes = 1;
    int m_backendProcesses = 1;
    QString m_cli;
    train::EngineState m_state = train::EngineState::Idle;  // as last reported, GUI thread
    qint64 m_run = 0;
    QString m_device;

    std::mutex m_stepsMutex;  // guards m_steps and m_drainPosted (worker <-> GUI)
    std::deque<train::StepReport> m_steps;
    bool m_drainPosted = false;
};

}  // namespace uae::widgets

Q_DECLARE_METATYPE(uae::train::StepReport)
