#include "widgets/mainwindow/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "core/common/device.h"
#include "core/common/status.h"
#include "widgets/about/aboutdialog.h"
#include "widgets/common/placeholderview.h"
#include "widgets/common/resources.h"

namespace uae::widgets {

namespace {

// The dashboard's placeholder already holds an (empty) chart, so the chart library is
// exercised from the first build.
QWidget* makeDashboardPlaceholder(QWidget* parent) {
    auto* view = new PlaceholderView(MainWindow::tr("Dashboard"),
                                     MainWindow::tr("Live charts of losses, reward mean and spread, KL, clip fraction, "
                                                    "caption length and benchmark scores, with smoothing, log axis, "
                                                    "zoom and several runs overlaid."),
                                     parent);
    auto* plot = new QCustomPlot(view);
    plot->setObjectName(QStringLiteral("dashboardPlot"));
    plot->xAxis->setLabel(MainWindow::tr("step"));
    plot->yAxis->setLabel(MainWindow::tr("value"));
    plot->xAxis->setRange(0, 1000);
    plot->yAxis->setRange(0, 1);
    plot->setMinimumHeight(260);
    view->contentLayout()->addWidget(plot);
    return view;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("UAE Studio"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/uae-studio.svg")));

    m_areas = new QTabWidget(this);
    m_areas->setObjectName(QStringLiteral("areas"));
    m_areas->setDocumentMode(true);
    m_areas->addTab(makeDashboardPlaceholder(m_areas), tr("Dashboard"));
    m_areas->addTab(new PlaceholderView(tr("Inspector"),
                                        tr("The probe images, each as original | caption | reconstruction, "
                                           "scrubbable over training snapshots; words a caption gained are highlighted."),
                                        m_areas),
                    tr("Inspector"));
    m_areas->addTab(new PlaceholderView(tr("Playground"),
                                        tr("Open or drop an image to caption and reconstruct it; edit a caption to "
                                           "generate an image, with seed, steps and CFG."),
                                        m_areas),
                    tr("Playground"));
    m_areas->addTab(new PlaceholderView(tr("Runs"),
                                        tr("Every run of the workspace: filter, compare configs, rename, delete, "
                                           "resume an interrupted run."),
                                        m_areas),
                    tr("Runs"));
    m_areas->addTab(new PlaceholderView(tr("Dataset"),
                                        tr("Browse the Shapes world or an imported image folder with captions and facts."),
                                        m_areas),
                    tr("Dataset"));
    setCentralWidget(m_areas);

    m_pipelineDock = new QDockWidget(tr("Pipeline"), this);
    m_pipelineDock->setObjectName(QStringLiteral("pipelineDock"));
    m_pipelineDock->setWidget(new PlaceholderView(
        tr("Pipeline"),
        tr("The stages (judges, encoder SFT, decoder pre-training, cold start, G4U, U4G, benchmarks) with status, "
           "settings and presets; Start, Pause, Resume and Stop; a queue of stages."),
        m_pipelineDock));
    m_pipelineDock->setMinimumWidth(280);
    addDockWidget(Qt::LeftDockWidgetArea, m_pipelineDock);

    buildMenus();
    buildStatusBar();
    restoreWindowState();
}

QString MainWindow::deviceText() const { return m_deviceLabel ? m_deviceLabel->text() : QString(); }

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_pipelineDock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About UAE Studio"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    about->setShortcut(QKeySequence::HelpContents);
}

void MainWindow::buildStatusBar() {
    DeviceInfo device;
    Status st = capture([&] { device = resolveDevice("auto"); });
    m_deviceLabel = new QLabel(this);
    m_deviceLabel->setObjectName(QStringLiteral("deviceLabel"));
    m_deviceLabel->setText(st.ok ? tr("Device: %1").arg(QString::fromStdString(device.description))
                                 : tr("Device: unavailable (%1)").arg(QString::fromStdString(st.message)));
    m_progressLabel = new QLabel(tr("No run"), this);
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    statusBar()->addWidget(m_progressLabel, 1);
    statusBar()->addPermanentWidget(m_deviceLabel);
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::restoreWindowState() {
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray())) resize(1280, 800);
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    m_areas->setCurrentIndex(settings.value(QStringLiteral("mainWindow/area"), 0).toInt());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/area"), m_areas->currentIndex());
    event->accept();
}

}  // namespace uae::widgets
