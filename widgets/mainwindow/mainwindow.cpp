#include "widgets/mainwindow/mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include "core/common/device.h"
#include "core/common/status.h"
#include "core/store/runstore.h"
#include "widgets/about/aboutdialog.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/common/confirm.h"
#include "widgets/common/icons.h"
#include "widgets/common/resources.h"
#include "widgets/common/workspace.h"
#include "widgets/dashboard/dashboardview.h"
#include "widgets/dataset/datasetview.h"
#include "widgets/export/exportdialog.h"
#include "widgets/inspector/inspectorview.h"
#include "widgets/mainwindow/latencyprobe.h"
#include "widgets/mainwindow/statuspanel.h"
#include "widgets/pipeline/pipelinepanel.h"
#include "widgets/playground/playgroundview.h"
#include "widgets/runs/runsview.h"

namespace uae::widgets {

namespace {
const QString kDismissedKey = QStringLiteral("recovery/offered");
const QString kLanguageKey = QStringLiteral("ui/language");
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("UAE Studio"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/uae-studio.svg")));

    m_workspace = new Workspace(this);
    m_bridge = new EngineBridge(this);
    m_latency = new LatencyProbe(10, this);

    m_areas = new QTabWidget(this);
    m_areas->setObjectName(QStringLiteral("areas"));
    m_areas->setDocumentMode(true);
    m_dashboard = new DashboardView(m_workspace, m_bridge, m_areas);
    m_inspector = new InspectorView(m_workspace, m_bridge, m_areas);
    m_playground = new PlaygroundView(m_workspace, m_areas);
    m_runs = new RunsView(m_workspace, m_areas);
    m_dataset = new DatasetView(m_areas);
    m_areas->addTab(m_dashboard, icon(QStringLiteral("chart")), tr("Dashboard"));
    m_areas->addTab(m_inspector, icon(QStringLiteral("image")), tr("Inspector"));
    m_areas->addTab(m_playground, icon(QStringLiteral("dice")), tr("Playground"));
    m_areas->addTab(m_runs, icon(QStringLiteral("compare")), tr("Runs"));
    m_areas->addTab(m_dataset, icon(QStringLiteral("open")), tr("Dataset"));
    setCentralWidget(m_areas);

    m_pipelineDock = new QDockWidget(tr("Pipeline"), this);
    m_pipelineDock->setObjectName(QStringLiteral("pipelineDock"));
    m_pipeline = new PipelinePanel(m_bridge, m_workspace, m_pipelineDock);
    m_pipelineDock->setWidget(m_pipeline);
    m_pipelineDock->setMinimumWidth(320);
    addDockWidget(Qt::LeftDockWidgetArea, m_pipelineDock);

    connect(m_runs, &RunsView::resumeRequested, this, &MainWindow::resumeRun);
    connect(m_runs, &RunsView::exportRequested, this, &MainWindow::showExport);
    connect(m_runs, &RunsView::runActivated, this, [this](qint64 run) {
        m_dashboard->setRunShown(run, true);
        m_inspector->showRun(run);
        m_areas->setCurrentWidget(m_dashboard);
    });
    connect(m_workspace, &Workspace::opened, this, [this](const QString& path) {
        m_bridge->setWorkspace(path);
        setWindowTitle(tr("UAE Studio — %1").arg(path));
    });
    connect(m_bridge, &EngineBridge::runStarted, this, [this] { m_latency->reset(); });
    connect(m_bridge, &EngineBridge::runFinished, this, [this](qint64 run, int, const QString&) {
        m_workspace->notifyRunsChanged();
        statusBar()->showMessage(tr("Run %1 ended. Event-loop latency while it trained: %2")
                                     .arg(run)
                                     .arg(m_latency->summary()),
                                 10000);
        if (m_closeAfterStop) QTimer::singleShot(0, this, &QWidget::close);
    });

    buildMenus();
    buildStatusBar();
    restoreWindowState();
    m_latency->start();
}

MainWindow::~MainWindow() = default;

bool MainWindow::openWorkspace(const QString& dir) {
    const Status st = m_workspace->open(dir);
    if (!st) {
        statusBar()->showMessage(tr("Cannot open the workspace %1: %2").arg(dir, QString::fromStdString(st.message)));
        return false;
    }
    return true;
}

void MainWindow::chooseWorkspace() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a workspace"), m_workspace->path());
    if (dir.isEmpty()) return;
    if (m_bridge->isActive()) {
        QMessageBox::information(this, tr("Open a workspace"), tr("Stop the run in progress first."));
        return;
    }
    if (openWorkspace(dir)) offerResume();
}

QString MainWindow::deviceText() const { return m_status ? m_status->deviceText() : QString(); }

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(icon(QStringLiteral("open")), tr("&Open workspace…"), this, &MainWindow::chooseWorkspace);
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* loadConfig = file->addAction(tr("&Load pipeline config…"), this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Load pipeline config"), QString(), tr("JSON (*.json)"));
        if (!f.isEmpty()) m_pipeline->loadConfigFile(f);
    });
    loadConfig->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QAction* saveConfig = file->addAction(icon(QStringLiteral("save")), tr("&Save pipeline config…"), this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Save pipeline config"), QStringLiteral("pipeline.json"),
                                                       tr("JSON (*.json)"));
        if (!f.isEmpty() && !m_pipeline->saveConfigFile(f))
            QMessageBox::warning(this, tr("Save pipeline config"), tr("Cannot write %1.").arg(f));
    });
    saveConfig->setShortcut(QKeySequence::Save);
    QAction* exportAction = file->addAction(icon(QStringLiteral("export")), tr("&Export checkpoint…"), this,
                                            [this] { showExport(0); });
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction* saveChart = file->addAction(tr("Save current &chart as PNG…"), m_dashboard, &DashboardView::saveCurrentChart);
    saveChart->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_pipeline->startAction());
    run->addAction(m_pipeline->pauseAction());
    run->addAction(m_pipeline->resumeAction());
    run->addAction(m_pipeline->stopAction());
    run->addSeparator();
    run->addAction(tr("Resume an &interrupted run…"), this, [this] {
        QSettings().remove(kDismissedKey);
        offerResume();
    });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_pipelineDock->toggleViewAction());
    view->addSeparator();
    for (int i = 0; i < m_areas->count(); ++i) {
        QAction* a = view->addAction(m_areas->tabText(i), this, [this, i] { m_areas->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    view->addSeparator();
    QMenu* language = view->addMenu(tr("&Language"));
    auto* group = new QActionGroup(this);
    const QString current = QSettings().value(kLanguageKey).toString();
    for (auto [code, name] : std::initializer_list<std::pair<QString, QString>>{
             {QString(), tr("System default")},
             {QStringLiteral("en"), QStringLiteral("English")},
             {QStringLiteral("de"), QStringLiteral("Deutsch")},
             {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}}) {
        QAction* a = language->addAction(name);
        a->setCheckable(true);
        a->setChecked(code == current);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code = code] {
            QSettings().setValue(kLanguageKey, code);
            statusBar()->showMessage(tr("The language changes at the next start."), 8000);
        });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Event-loop &latency"), this, [this] {
        QMessageBox::information(this, tr("Event-loop latency"),
                                 tr("How late the interface's event loop ran a 10 ms timer since the last run "
                                    "started (or since launch):\n%1")
                                     .arg(m_latency->summary()));
    });
    QAction* about = help->addAction(tr("&About UAE Studio"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    about->setShortcut(QKeySequence::HelpContents);
}

void MainWindow::buildStatusBar() {
    m_status = new StatusPanel(m_bridge, this);
    DeviceInfo device;
    Status st = capture([&] { device = resolveDevice("auto"); });
    m_status->setDeviceText(st.ok ? tr("Device: %1").arg(QString::fromStdString(device.description))
                                  : tr("Device: unavailable (%1)").arg(QString::fromStdString(st.message)));
    statusBar()->addPermanentWidget(m_status, 1);
    connect(m_bridge, &EngineBridge::runStarted, this, [this](qint64, const QString& device) {
        if (!device.isEmpty()) m_status->setDeviceText(tr("Device: %1").arg(device));
    });
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::showExport(qint64 run) {
    auto* dialog = new ExportDialog(m_workspace, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (run) dialog->setRun(run);
    dialog->show();
}

void MainWindow::resumeRun(qint64 run) {
    const Status st = m_bridge->resume(run);
    if (!st) {
        QMessageBox::warning(this, tr("Resume run %1").arg(run), QString::fromStdString(st.message));
        return;
    }
    statusBar()->showMessage(tr("Resuming run %1 from its latest checkpoint…").arg(run), 5000);
    m_dashboard->setRunShown(run, true);
    m_inspector->showRun(run);
    m_pipeline->showRun(run);
    m_workspace->notifyRunsChanged();
}

void MainWindow::offerResume() {
    store::RunStore* store = m_workspace->store();
    if (!store || m_bridge->isActive()) return;
    std::vector<store::RunInfo> runs;
    if (!capture([&] { runs = store->interruptedRuns(); }) || runs.empty()) return;
    // Each interruption is offered once (a run the user declines stays in the runs browser).
    QSettings settings;
    QStringList offered = settings.value(kDismissedKey).toStringList();
    std::vector<store::RunInfo> fresh;
    for (const store::RunInfo& r : runs) {
        const QString key = m_workspace->path() + QLatin1Char('#') + QString::number(r.id) + QLatin1Char('@') +
                            QString::number(r.updatedMs);
        if (!offered.contains(key)) fresh.push_back(r), offered << key;
    }
    settings.setValue(kDismissedKey, offered);
    if (fresh.empty()) return;
    std::sort(fresh.begin(), fresh.end(), [](const auto& a, const auto& b) { return a.updatedMs > b.updatedMs; });
    const store::RunInfo& latest = fresh.front();
    QString text = tr("Run %1 (\"%2\") was interrupted: %3\n\nResume it from its latest checkpoint?")
                       .arg(latest.id)
                       .arg(QString::fromStdString(latest.name))
                       .arg(QString::fromStdString(latest.message));
    if (fresh.size() > 1)
        text += QLatin1Char('\n') + tr("%1 more interrupted runs are listed in the runs browser.").arg(fresh.size() - 1);
    if (confirm(this, tr("Resume an interrupted run"), text, tr("Resume"))) resumeRun(latest.id);
}

void MainWindow::restoreWindowState() {
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray())) resize(1400, 880);
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    m_areas->setCurrentIndex(settings.value(QStringLiteral("mainWindow/area"), 0).toInt());
    m_dashboard->setSmoothing(settings.value(QStringLiteral("dashboard/smoothing"), 0.6).toDouble());
}

void MainWindow::saveWindowState() {
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/area"), m_areas->currentIndex());
    settings.setValue(QStringLiteral("dashboard/smoothing"), m_dashboard->smoothing());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_bridge->isActive()) {
        if (m_closeAfterStop) {  // already stopping: wait for the engine to save
            event->ignore();
            return;
        }
        if (!confirm(this, tr("A run is training"),
                     tr("Run %1 is still training. Stop it and save a checkpoint before quitting? "
                        "It can be resumed later from the runs browser or with `uae resume`.")
                         .arg(m_bridge->currentRun()),
                     tr("Stop and save"))) {
            event->ignore();
            return;
        }
        m_closeAfterStop = true;
        m_pipeline->stop();
        statusBar()->showMessage(tr("Stopping: saving a checkpoint before quitting…"));
        event->ignore();
        return;
    }
    saveWindowState();
    event->accept();
}

}  // namespace uae::widgets
