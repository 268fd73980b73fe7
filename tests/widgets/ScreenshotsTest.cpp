// Renders every view to PNG files for a person to look at: $UAE_SCREENSHOT_DIR
// (scripts/screenshots.sh sets docs/screenshots) or <build>/test-output/screenshots.
// With $UAE_SCREENSHOT_WORKSPACE (scripts/screenshots.sh trains real `tiny` runs into one
// with `uae train`), the views show those runs, the playground runs the real models of
// their checkpoints and the live view trains with the real engine; without it, demo
// runs written through the RunStore API and the test stand-ins are shown. The checks
// only make sure each image is real (sized, many colours); the looking is done by people.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QImage>
#include <QProcess>
#include <QScrollArea>
#include <QSet>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTranslator>
#include <QTreeWidget>

#include <algorithm>

#include "demodata.h"
#include "fakes.h"
#include "testutil.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/common/confirm.h"
#include "widgets/common/workspace.h"
#include "widgets/dashboard/dashboardview.h"
#include "widgets/dataset/datasetview.h"
#include "widgets/export/exportdialog.h"
#include "widgets/inspector/inspectorview.h"
#include "widgets/mainwindow/mainwindow.h"
#include "widgets/mainwindow/translations.h"
#include "widgets/pipeline/pipelinepanel.h"
#include "widgets/pipeline/stageform.h"
#include "widgets/playground/playgroundview.h"
#include "widgets/runs/configcomparedialog.h"
#include "widgets/runs/runsview.h"

using namespace uae::widgets;
using namespace uae::widgets::test;

namespace {

QString outputDir() {
    QString dir = qEnvironmentVariable("UAE_SCREENSHOT_DIR");
    if (dir.isEmpty()) dir = QStringLiteral(UAE_TEST_OUTPUT_DIR "/screenshots");
    QDir().mkpath(dir);
    return dir;
}

void save(QWidget* widget, const QString& name) {
    pumpEvents(300);
    const QImage shot = widget->grab().toImage();
    const QString file = outputDir() + QLatin1Char('/') + name + QStringLiteral(".png");
    ASSERT_TRUE(shot.save(file)) << file.toStdString();
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 5)
        for (int x = 0; x < shot.width(); x += 5) colours.insert(shot.pixel(x, y));
    EXPECT_GT(colours.size(), 20) << name.toStdString() << " looks blank";
}

QString realWorkspace() { return qEnvironmentVariable("UAE_SCREENSHOT_WORKSPACE"); }

// A workspace with three runs, as a user would have after some work: the real runs of
// $UAE_SCREENSHOT_WORKSPACE (two finished ones and a stopped one), or demo runs.
struct Demo {
    TempWorkspace ws;
    std::unique_ptr<MainWindow> window;
    DemoRun first, second, interrupted;
    bool real = !realWorkspace().isEmpty();
    Demo() {
        isolateSettings();
        if (real) {
            uae::store::RunStore store(realWorkspace().toStdString());
            const auto runs = store.listRuns();
            EXPECT_GE(runs.size(), 3u) << "scripts/screenshots.sh trains three runs";
            std::vector<qint64> ids;
            for (const auto& r : runs) ids.push_back(r.id);
            std::sort(ids.begin(), ids.end());
            first.id = ids.front();
            second.id = ids.size() > 1 ? ids[1] : ids.front();
            interrupted.id = ids.size() > 2 ? ids.back() : 0;  // the stopped one
        } else {
            uae::store::RunStore store(ws.path().toStdString());
            DemoOptions o;
            o.name = "tiny baseline";
            first = addDemoRun(store, o);
            o.name = "tiny, higher G4U temperature";
            o.rewardGain = 1.8;
            o.seed = 8;
            second = addDemoRun(store, o);
            o.name = "cpu-demo (interrupted)";
            o.preset = "cpu-demo";
            o.status = uae::store::RunStatus::Interrupted;
            o.rewardGain = 1.2;
            interrupted = addDemoRun(store, o);
        }
        window = std::make_unique<MainWindow>();
        if (!real) {
            window->bridge()->setBackendFactory(FakeTrainingBackend::factory({/*stepMillis=*/30}));
            window->playground()->setBackendFactory(FakeInference::factory());
        }
        EXPECT_TRUE(window->openWorkspace(real ? realWorkspace() : ws.path()));
        window->resize(1440, 900);
        window->show();
        window->dashboard()->setSmoothing(0.6);
        pumpEvents(200);
    }
};

}  // namespace

// The dashboard's benchmark charts, one per benchmark on its own scale: the newest run of
// $UAE_SCREENSHOT_WORKSPACE (any workspace with benchmark results, a finished cpu-demo run
// reads best) or a demo run; the window scrolled to them, and the panel alone.
TEST(Screenshots, DashboardBenchmarks) {
    isolateSettings();
    TempWorkspace ws;
    QString dir = realWorkspace();
    if (dir.isEmpty()) {
        uae::store::RunStore store(ws.path().toStdString());
        addDemoRun(store);
        dir = ws.path();
    }
    MainWindow w;
    ASSERT_TRUE(w.openWorkspace(dir));
    w.resize(1440, 900);
    w.show();
    w.areas()->setCurrentWidget(w.dashboard());
    pumpEvents(300);
    ASSERT_FALSE(w.dashboard()->benchmarks().isEmpty()) << "no benchmark results in " << dir.toStdString();
    auto* panel = w.dashboard()->findChild<QWidget*>(QStringLiteral("benchmarkCharts"));
    ASSERT_NE(panel, nullptr);
    auto* scroll = qobject_cast<QScrollArea*>(panel->parentWidget()->parentWidget()->parentWidget());
    ASSERT_NE(scroll, nullptr);
    scroll->ensureWidgetVisible(panel);
    save(&w, QStringLiteral("dashboard-benchmarks-window"));
    save(panel, QStringLiteral("dashboard-benchmarks"));
}

TEST(Screenshots, EveryView) {
    Demo d;
    MainWindow& w = *d.window;

    // Dashboard: two runs overlaid.
    w.dashboard()->setRunShown(d.first.id, true);
    w.dashboard()->setRunShown(d.second.id, true);
    w.dashboard()->setRunShown(d.interrupted.id, false);
    w.areas()->setCurrentWidget(w.dashboard());
    save(&w, QStringLiteral("main-window"));
    save(w.dashboard(), QStringLiteral("dashboard"));
    w.dashboard()->saveChart(ChartKind::Reward, outputDir() + QStringLiteral("/chart-reward.png"));

    // Inspector: a snapshot where the captions just gained words.
    w.inspector()->showRun(d.first.id);
    for (int i = 1; i < w.inspector()->snapshotCount(); ++i) {
        w.inspector()->setCurrentIndex(i);
        if (w.inspector()->stageAt(i) == QStringLiteral("g4u")) break;
    }
    w.inspector()->selectProbe(1);
    w.areas()->setCurrentWidget(w.inspector());
    save(&w, QStringLiteral("inspector"));

    // Playground: the latest checkpoint of the first run (the real models with a real
    // workspace, the test stand-in with demo runs, whose checkpoints are placeholders).
    w.playground()->runCombo()->setCurrentIndex(w.playground()->runCombo()->findData(static_cast<qint64>(d.first.id)));
    w.areas()->setCurrentWidget(w.playground());
    int results = 0;
    QObject::connect(w.playground(), &PlaygroundView::resultReady, [&] { ++results; });
    w.playground()->loadCheckpoint(w.playground()->checkpointCombo()->itemData(0).toString());
    waitUntil([&] { return results >= 1; });
    w.playground()->randomScene();
    w.playground()->reconstructInput();
    waitUntil([&] { return results >= 2; });
    w.playground()->setEditorCaption(QStringLiteral("a large yellow star at the top left and a small blue square at the bottom right"));
    w.playground()->generateFromEditor();
    waitUntil([&] { return results >= 3; });
    save(&w, QStringLiteral("playground"));

    // Runs browser with the interrupted run selected.
    w.areas()->setCurrentWidget(w.runs());
    w.runs()->selectRun(d.interrupted.id);
    save(&w, QStringLiteral("runs"));
    w.runs()->table()->selectAll();
    w.runs()->compareSelected();
    auto* compare = w.runs()->findChild<ConfigCompareDialog*>();
    ASSERT_NE(compare, nullptr);
    compare->resize(900, 520);
    save(compare, QStringLiteral("runs-compare"));
    compare->close();

    // Dataset browser.
    w.areas()->setCurrentWidget(w.dataset());
    w.dataset()->selectItem(5);
    save(&w, QStringLiteral("dataset"));

    // Pipeline panel with an inline validation message.
    w.pipeline()->loadPreset(QStringLiteral("cpu-demo"));
    for (int i = 0; i < w.pipeline()->queue()->topLevelItemCount(); ++i)
        if (w.pipeline()->queue()->topLevelItem(i)->data(0, Qt::UserRole).toInt() ==
            static_cast<int>(uae::train::StageKind::G4U))
            w.pipeline()->queue()->setCurrentItem(w.pipeline()->queue()->topLevelItem(i));
    w.pipeline()->form(uae::train::StageKind::G4U)->setText(QStringLiteral("beta"), QStringLiteral("-0.5"));
    w.pipelineDock()->resize(380, 880);
    save(w.pipelineDock(), QStringLiteral("pipeline-validation"));
    w.pipeline()->form(uae::train::StageKind::G4U)->setText(QStringLiteral("beta"), QStringLiteral("0.02"));

    // Export dialog after exporting a real checkpoint (the first run's latest, or one
    // written for the demo runs).
    {
        ExportDialog dialog(w.workspace(), &w);
        dialog.setRun(d.first.id);
        if (!d.real) {
            const QString ckpt = d.ws.dir.path() + QStringLiteral("/model.ckpt");
            ASSERT_EQ(QProcess::execute(QStringLiteral(UAE_MAKE_CHECKPOINT), {ckpt}), 0);
            dialog.setCheckpoint(ckpt);
        }
        dialog.setOutputDir(d.ws.dir.path() + QStringLiteral("/export"));
        dialog.setDtype(QStringLiteral("bf16"));
        bool done = false;
        QObject::connect(&dialog, &ExportDialog::exportFinished, [&] { done = true; });
        dialog.show();
        dialog.startExport();
        waitUntil([&] { return done; }, 30000);
        save(&dialog, QStringLiteral("export"));
    }

    // Training live: the queue, live charts and the status bar. With a real workspace the
    // real engine trains the cpu-demo preset's encoder SFT (a few steps a second here);
    // with demo runs the stand-in engine runs the tiny preset.
    w.pipeline()->loadPreset(d.real ? QStringLiteral("cpu-demo") : QStringLiteral("tiny"));
    if (d.real)
        for (int i = 0; i < w.pipeline()->queue()->topLevelItemCount(); ++i) {
            QTreeWidgetItem* item = w.pipeline()->queue()->topLevelItem(i);
            const bool keep = item->data(0, Qt::UserRole).toInt() == static_cast<int>(uae::train::StageKind::EncoderSft);
            item->setCheckState(0, keep ? Qt::Checked : Qt::Unchecked);
        }
    w.areas()->setCurrentWidget(w.dashboard());
    w.pipeline()->start();
    waitUntil([&] { return w.bridge()->currentRun() > 0; });
    const qint64 run = w.bridge()->currentRun();
    const size_t stageIndex = d.real ? 0 : 2;
    const qint64 stepsShown = d.real ? 120 : 12;
    waitUntil([&] {
        const auto stages = w.workspace()->store()->stages(run);
        return stages.size() > stageIndex && stages[stageIndex].step > stepsShown;
    }, d.real ? 180000 : 30000);
    w.dashboard()->setRunShown(d.first.id, false);
    w.dashboard()->setRunShown(d.second.id, false);
    w.dashboard()->refreshCharts();
    save(&w, QStringLiteral("training"));
    setConfirmAnswerer([](const QString&, const QString&) { return true; });
    w.pipeline()->stop();
    waitUntil([&] { return !w.bridge()->isActive(); }, 60000);
    setConfirmAnswerer(nullptr);
}

TEST(Screenshots, Translations) {
    for (const char* lang : {"de", "zh_CN"}) {
        installTranslations(*QCoreApplication::instance(), QLatin1String(lang));
        {
            Demo d;
            d.window->dashboard()->setRunShown(d.first.id, true);
            d.window->dashboard()->setRunShown(d.second.id, false);
            d.window->areas()->setCurrentWidget(d.window->inspector());
            d.window->inspector()->showRun(d.first.id);
            save(d.window.get(), QStringLiteral("main-window-%1").arg(QLatin1String(lang)));
        }
        for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    }
}
