// Offscreen tests of the main window: every area is its real view, the status bar names
// the device, state and translations persist and load, closing while a run trains asks
// first and then stops and saves, and interrupted runs are offered for resumption.
#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QDockWidget>
#include <QImage>
#include <QSet>
#include <QTabWidget>
#include <QTranslator>

#include "demodata.h"
#include "fakes.h"
#include "testutil.h"
#include "widgets/about/aboutdialog.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/common/confirm.h"
#include "widgets/common/workspace.h"
#include "widgets/dashboard/dashboardview.h"
#include "widgets/dataset/datasetview.h"
#include "widgets/inspector/inspectorview.h"
#include "widgets/mainwindow/mainwindow.h"
#include "widgets/mainwindow/translations.h"
#include "widgets/pipeline/pipelinepanel.h"
#include "widgets/playground/playgroundview.h"
#include "widgets/runs/runsview.h"

using namespace uae::widgets;
using namespace uae::widgets::test;

namespace {

void removeTranslators() {
    for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

// Answers confirm() for the duration of a test, recording the questions.
struct Answers {
    QStringList asked;
    bool answer = false;
    Answers() {
        setConfirmAnswerer([this](const QString& title, const QString&) {
            asked << title;
            return answer;
        });
    }
    ~Answers() { setConfirmAnswerer(nullptr); }
};

}  // namespace

TEST(MainWindow, EveryAreaIsItsRealView) {
    isolateSettings();
    MainWindow window;
    QStringList tabs;
    for (int i = 0; i < window.areas()->count(); ++i) tabs << window.areas()->tabText(i);
    EXPECT_EQ(tabs, (QStringList{QStringLiteral("Dashboard"), QStringLiteral("Inspector"), QStringLiteral("Playground"),
                                 QStringLiteral("Runs"), QStringLiteral("Dataset")}));
    EXPECT_EQ(window.areas()->widget(0), window.dashboard());
    EXPECT_EQ(window.areas()->widget(1), window.inspector());
    EXPECT_EQ(window.areas()->widget(2), window.playground());
    EXPECT_EQ(window.areas()->widget(3), window.runs());
    EXPECT_EQ(window.areas()->widget(4), window.dataset());
    EXPECT_EQ(window.pipelineDock()->windowTitle(), QStringLiteral("Pipeline"));
    EXPECT_EQ(window.pipelineDock()->widget(), window.pipeline());
    // No area is a placeholder any more.
    EXPECT_TRUE(window.findChildren<QWidget*>(QStringLiteral("placeholder")).isEmpty());
}

TEST(MainWindow, StatusBarShowsTheDevice) {
    isolateSettings();
    MainWindow window;
    EXPECT_TRUE(window.deviceText().startsWith(QStringLiteral("Device: "))) << window.deviceText().toStdString();
    EXPECT_TRUE(window.deviceText().contains(QStringLiteral("CPU")) || window.deviceText().contains(QStringLiteral("CUDA")));
}

TEST(MainWindow, ScreenshotWithARunIsWrittenAndNotBlank) {
    isolateSettings();
    TempWorkspace ws;
    MainWindow window;
    ASSERT_TRUE(window.openWorkspace(ws.path()));
    addDemoRun(*window.workspace()->store());
    window.workspace()->notifyRunsChanged();
    window.resize(1280, 800);
    window.show();
    pumpEvents(400);
    // The window fits a 1280 x 800 screen: no view asks for more width beside the dock.
    EXPECT_LE(window.minimumSizeHint().width(), 1280);
    QImage shot = window.grab().toImage();
    ASSERT_EQ(shot.size(), QSize(1280, 800));
    const QString file = QStringLiteral(UAE_TEST_OUTPUT_DIR "/main-window.png");
    ASSERT_TRUE(shot.save(file)) << file.toStdString();
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 7)
        for (int x = 0; x < shot.width(); x += 7) colours.insert(shot.pixel(x, y));
    EXPECT_GT(colours.size(), 30);
}

TEST(MainWindow, WindowStateIsPersisted) {
    isolateSettings();
    {
        MainWindow window;
        window.areas()->setCurrentIndex(3);
        window.dashboard()->setSmoothing(0.25);
        window.close();
    }
    MainWindow again;
    EXPECT_EQ(again.areas()->currentIndex(), 3);
    EXPECT_DOUBLE_EQ(again.dashboard()->smoothing(), 0.25);
}

TEST(MainWindow, OpeningABadWorkspaceSaysWhy) {
    isolateSettings();
    TempWorkspace ws;
    QDir().mkpath(ws.path());
    QFile junk(ws.path() + QStringLiteral("/uae.sqlite"));
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write("this is not a database, just some bytes long enough to look like a header......");
    junk.close();
    MainWindow window;
    EXPECT_FALSE(window.openWorkspace(ws.path()));
    EXPECT_FALSE(window.workspace()->isOpen());
}

TEST(MainWindow, ClosingWhileTrainingAsksThenStopsAndSaves) {
    isolateSettings();
    TempWorkspace ws;
    MainWindow window;
    window.bridge()->setBackendFactory(FakeTrainingBackend::factory({/*stepMillis=*/40}));
    ASSERT_TRUE(window.openWorkspace(ws.path()));
    window.show();
    window.pipeline()->start();
    ASSERT_TRUE(window.bridge()->isActive()) << window.pipeline()->messageText().toStdString();
    const qint64 run = window.bridge()->currentRun();
    ASSERT_TRUE(waitUntil([&] { return !window.workspace()->store()->stages(run).empty() &&
                                       window.workspace()->store()->stages(run).front().step > 0; }));

    Answers answers;
    answers.answer = false;  // Cancel: the window stays and the run goes on
    window.close();
    EXPECT_EQ(answers.asked.size(), 1);
    EXPECT_TRUE(window.isVisible());
    EXPECT_TRUE(window.bridge()->isActive());

    answers.answer = true;  // Stop and save
    window.close();
    EXPECT_EQ(answers.asked.size(), 2);
    EXPECT_TRUE(window.closePending());
    ASSERT_TRUE(waitUntil([&] { return !window.isVisible(); }, 20000));
    EXPECT_EQ(window.workspace()->store()->getRun(run).status, uae::store::RunStatus::Stopped);
    bool stopCheckpoint = false;
    for (const auto& c : window.workspace()->store()->listCheckpoints(run)) stopCheckpoint |= c.kind == "stop";
    EXPECT_TRUE(stopCheckpoint);
}

TEST(MainWindow, InterruptedRunsAreOfferedOnceAndResumed) {
    isolateSettings();
    TempWorkspace ws;
    qint64 interrupted = 0;
    {
        uae::store::RunStore store(ws.path().toStdString());
        DemoOptions o;
        o.status = uae::store::RunStatus::Interrupted;
        o.name = "crashed";
        interrupted = addDemoRun(store, o).id;
    }
    MainWindow window;
    window.bridge()->setBackendFactory(FakeTrainingBackend::factory({/*stepMillis=*/1}));
    ASSERT_TRUE(window.openWorkspace(ws.path()));
    Answers answers;
    answers.answer = true;
    window.offerResume();
    ASSERT_EQ(answers.asked.size(), 1);
    EXPECT_EQ(window.bridge()->currentRun(), interrupted);
    ASSERT_TRUE(waitUntil([&] { return !window.bridge()->isActive(); }, 20000));
    EXPECT_EQ(window.workspace()->store()->getRun(interrupted).status, uae::store::RunStatus::Finished);
    // Asked once per interruption.
    window.offerResume();
    EXPECT_EQ(answers.asked.size(), 1);
}

TEST(Translations, GermanAndChineseAreEmbeddedAndApplied) {
    isolateSettings();
    QStringList langs = availableLanguages();
    EXPECT_TRUE(langs.contains(QStringLiteral("de"))) << langs.join(QLatin1Char(',')).toStdString();
    EXPECT_TRUE(langs.contains(QStringLiteral("zh_CN"))) << langs.join(QLatin1Char(',')).toStdString();

    auto& app = *QCoreApplication::instance();
    EXPECT_EQ(installTranslations(app, QStringLiteral("de")), QStringLiteral("de"));
    {
        MainWindow window;
        EXPECT_EQ(window.areas()->tabText(4), QStringLiteral("Datensatz"));
        EXPECT_EQ(window.pipelineDock()->windowTitle(), QStringLiteral("Pipeline"));
        EXPECT_EQ(window.pipeline()->startAction()->text(), QStringLiteral("&Starten"));
    }
    removeTranslators();
    EXPECT_EQ(installTranslations(app, QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    {
        MainWindow window;
        EXPECT_EQ(window.areas()->tabText(0), QStringLiteral("仪表板"));
    }
    removeTranslators();
    EXPECT_EQ(installTranslations(app, QStringLiteral("en")), QStringLiteral("en"));
}

TEST(Resources, AppIconAndActionIconsAreEmbedded) {
    isolateSettings();
    MainWindow window;
    EXPECT_FALSE(window.windowIcon().isNull());
    EXPECT_FALSE(window.windowIcon().pixmap(32, 32).isNull());
    EXPECT_FALSE(window.pipeline()->startAction()->icon().pixmap(16, 16).isNull());
}

TEST(About, ListsLibraryVersions) {
    AboutDialog dialog;
    const QString text = dialog.versionsText();
    EXPECT_TRUE(text.contains(QStringLiteral("LibTorch: 2.11.0"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("Qt: 6."))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("QCustomPlot: 2."))) << text.toStdString();
}
