// The main window: the pipeline panel (left dock) and the work areas (tabs): dashboard,
// inspector, playground, runs, dataset; the export dialog; the status bar (device,
// progress, rate, ETA, memory). Owns the workspace, the engine bridge and every view.
//
// Closing while a run trains asks whether to stop and save (the window closes once the
// engine has saved and ended) or to cancel. Opening a workspace whose runs were
// interrupted (a crash, a kill) offers to resume the latest of them. GUI thread only.
#pragma once

#include <QMainWindow>

class QAction;
class QDockWidget;
class QTabWidget;

namespace uae::widgets {

class DashboardView;
class DatasetView;
class EngineBridge;
class InspectorView;
class LatencyProbe;
class PipelinePanel;
class PlaygroundView;
class RunsView;
class StatusPanel;
class Workspace;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a workspace folder (created when missing); false and a message when it cannot.
    bool openWorkspace(const QString& dir);
    // Offers to resume interrupted runs not offered before (asked through confirm()).
    void offerResume();

    QTabWidget* areas() const { return m_areas; }
    QDockWidget* pipelineDock() const { return m_pipelineDock; }
    QString deviceText() const;
    Workspace* workspace() const { return m_workspace; }
    EngineBridge* bridge() const { return m_bridge; }
    PipelinePanel* pipeline() const { return m_pipeline; }
    DashboardView* dashboard() const { return m_dashboard; }
    InspectorView* inspector() const { return m_inspector; }
    PlaygroundView* playground() const { return m_playground; }
    RunsView* runs() const { return m_runs; }
    DatasetView* dataset() const { return m_dataset; }
    StatusPanel* statusPanel() const { return m_status; }
    LatencyProbe* latencyProbe() const { return m_latency; }
    bool closePending() const { return m_closeAfterStop; }

public Q_SLOTS:
    void showAbout();
    void showExport(qint64 run = 0);
    void resumeRun(qint64 run);
    void chooseWorkspace();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void restoreWindowState();
    void saveWindowState();

    Workspace* m_workspace = nullptr;
    EngineBridge* m_bridge = nullptr;
    QTabWidget* m_areas = nullptr;
    QDockWidget* m_pipelineDock = nullptr;
    PipelinePanel* m_pipeline = nullptr;
    DashboardView* m_dashboard = nullptr;
    InspectorView* m_inspector = nullptr;
    PlaygroundView* m_playground = nullptr;
    RunsView* m_runs = nullptr;
    DatasetView* m_dataset = nullptr;
    StatusPanel* m_status = nullptr;
    LatencyProbe* m_latency = nullptr;
    bool m_closeAfterStop = false;
};

}  // namespace uae::widgets
