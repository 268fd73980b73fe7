// End to end under Xvfb, with the real training engine and the real `uae` CLI:
//  1. start a tiny run from the pipeline panel, wait for a probe snapshot, scrub the
//     inspector over the snapshots with the keyboard, stop gracefully; the run shows in
//     `uae runs list` as stopped, `uae resume` finishes it, and the export dialog exports
//     its latest checkpoint (model.safetensors, config.json, tokenizer.json, README.md);
//  2. the other way round: a run `uae train` started and stopped (SIGTERM: it saves) is
//     resumed from the runs browser and trains on in the GUI.
// Exits 77 (CTest: skipped) in a build whose uae_core has no engine yet.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QAction>
#include <QKeyEvent>
#include <QProcess>
#include <QSpinBox>
#include <QTabWidget>
#include <QTreeWidget>

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <fstream>

#include "core/store/runstore.h"
#include "testutil.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/bridge/trainingbackend.h"
#include "widgets/common/workspace.h"
#include "widgets/export/exportdialog.h"
#include "widgets/inspector/inspectorview.h"
#include "widgets/inspector/probecard.h"
#include "widgets/mainwindow/mainwindow.h"
#include "widgets/pipeline/pipelinepanel.h"
#include "widgets/pipeline/stageform.h"
#include "widgets/runs/runsview.h"

using namespace uae::widgets;
using namespace uae::widgets::test;
using uae::train::StageKind;

namespace {

void key(QWidget* w, int k) {
    QKeyEvent press(QEvent::KeyPress, k, Qt::NoModifier);
    QCoreApplication::sendEvent(w, &press);
}

void shot(QWidget* w, const char* name) {
    w->grab().save(QStringLiteral(UAE_TEST_OUTPUT_DIR "/e2e-%1.png").arg(QLatin1String(name)));
}

// Runs the CLI to its end; returns its exit code (-1 when it did not end) and its output.
int runCli(const QStringList& args, QString* output, int timeoutMs = 600000) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(UAE_CLI), args);
    // The event loop keeps running meanwhile: the window must stay live while the CLI works.
    const bool ended = waitUntil([&] { return p.state() == QProcess::NotRunning; }, timeoutMs);
    if (!ended) p.kill(), p.waitForFinished();
    *output = QString::fromLocal8Bit(p.readAll());
    return ended && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

// Opens the workspace in the window and shows it at a desktop size.
bool openAndShow(MainWindow& window, TempWorkspace& ws) {
    if (!window.openWorkspace(ws.path())) return false;
    window.resize(1440, 900);
    window.show();
    return true;
}

// The tiny preset in the pipeline panel with only `kinds` checked.
void loadTinyWith(PipelinePanel* pipeline, std::initializer_list<StageKind> kinds) {
    pipeline->loadPreset(QStringLiteral("tiny"));
    for (int i = 0; i < pipeline->queue()->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = pipeline->queue()->topLevelItem(i);
        const auto kind = static_cast<StageKind>(item->data(0, Qt::UserRole).toInt());
        const bool keep = std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
        item->setCheckState(0, keep ? Qt::Checked : Qt::Unchecked);
    }
}

}  // namespace

TEST(EndToEnd, TinyRunFromTheGuiSnapshotInspectorExport) {
    isolateSettings();
    TempWorkspace ws;
    MainWindow window;
    ASSERT_TRUE(openAndShow(window, ws));
    PipelinePanel* pipeline = window.pipeline();
    // Judges, encoder SFT and decoder pre-training, short, with early snapshots.
    loadTinyWith(pipeline, {StageKind::Judges, StageKind::EncoderSft, StageKind::DecoderPretrain});
    for (StageKind k : {StageKind::Judges, StageKind::EncoderSft, StageKind::DecoderPretrain}) {
        pipeline->form(k)->setText(QStringLiteral("steps"), QStringLiteral("8"));
        pipeline->form(k)->setText(QStringLiteral("checkpoint_every"), QStringLiteral("4"));
        if (k != StageKind::Judges) pipeline->form(k)->setText(QStringLiteral("snapshot_every"), QStringLiteral("4"));
    }
    int snapshots = 0;
    int finished = -1;
    QObject::connect(window.bridge(), &EngineBridge::snapshotTaken, [&] { ++snapshots; });
    QObject::connect(window.bridge(), &EngineBridge::runFinished, [&](qint64, int state) { finished = state; });

    pipeline->start();
    ASSERT_TRUE(window.bridge()->isActive()) << pipeline->messageText().toStdString();
    const qint64 run = window.bridge()->currentRun();
    ASSERT_TRUE(waitUntil([&] { return snapshots >= 2 || finished >= 0; }, 900000))
        << "no snapshot within 15 minutes";
    ASSERT_GE(snapshots, 1) << "the run ended without a snapshot";
    shot(&window, "training");

    // Scrub the inspector.
    window.areas()->setCurrentWidget(window.inspector());
    InspectorView* inspector = window.inspector();
    inspector->showRun(run);
    ASSERT_TRUE(waitUntil([&] { return inspector->snapshotCount() >= 1; }));
    ASSERT_FALSE(inspector->cards().isEmpty());
    key(inspector, Qt::Key_Home);
    EXPECT_EQ(inspector->currentIndex(), 0);
    const QString firstCaption = inspector->cards().front()->captionText();
    key(inspector, Qt::Key_End);
    EXPECT_EQ(inspector->currentIndex(), inspector->snapshotCount() - 1);
    for (ProbeCard* card : inspector->cards()) EXPECT_TRUE(card->hasReconstruction());
    EXPECT_FALSE(firstCaption.isNull());
    shot(&window, "inspector");

    // Stop gracefully: the engine saves a checkpoint.
    if (finished < 0) pipeline->stop();
    ASSERT_TRUE(waitUntil([&] { return finished >= 0; }, 900000));
    ASSERT_FALSE(window.workspace()->store()->listCheckpoints(run).empty());
    const bool stoppedEarly = finished == static_cast<int>(uae::train::EngineState::Stopped);

    // The CLI sees the run the GUI started, and finishes it.
    QString output;
    ASSERT_EQ(runCli({QStringLiteral("runs"), QStringLiteral("--workspace"), ws.path(), QStringLiteral("list")}, &output), 0)
        << output.toStdString();
    const QString row = output.split(QLatin1Char('\n')).filter(QRegularExpression(QStringLiteral("^%1\\s").arg(run))).value(0);
    EXPECT_TRUE(row.contains(stoppedEarly ? QStringLiteral("stopped") : QStringLiteral("finished"))) << output.toStdString();
    if (stoppedEarly) {
        ASSERT_EQ(runCli({QStringLiteral("resume"), QStringLiteral("--workspace"), ws.path(), QString::number(run)}, &output), 0)
            << output.toStdString();
        EXPECT_EQ(window.workspace()->store()->getRun(run).status, uae::store::RunStatus::Finished);
    }
    const auto checkpoints = window.workspace()->store()->listCheckpoints(run);
    ASSERT_FALSE(checkpoints.empty());

    // Export the latest checkpoint.
    ExportDialog dialog(window.workspace(), &window);
    dialog.setRun(run);
    const QString out = ws.dir.path() + QStringLiteral("/export");
    dialog.setOutputDir(out);
    dialog.setDtype(QStringLiteral("fp16"));
    EXPECT_EQ(dialog.checkpoint().toStdString(), checkpoints.back().path.string());
    bool ok = false, done = false;
    QObject::connect(&dialog, &ExportDialog::exportFinished, [&](bool success) {
        ok = success;
        done = true;
    });
    dialog.show();
    dialog.startExport();
    ASSERT_TRUE(waitUntil([&] { return done; }, 120000));
    EXPECT_TRUE(ok) << dialog.resultText().toStdString();
    for (const char* f : {"model.safetensors", "config.json", "tokenizer.json", "README.md"})
        EXPECT_TRUE(QFile::exists(out + QLatin1Char('/') + QLatin1String(f))) << f;
    EXPECT_GT(QFileInfo(out + QStringLiteral("/model.safetensors")).size(), 1000);
    shot(&dialog, "export");
}

TEST(EndToEnd, ARunTheCliStoppedIsResumedFromTheRunsBrowser) {
    isolateSettings();
    TempWorkspace ws;
    MainWindow window;
    ASSERT_TRUE(openAndShow(window, ws));

    // Encoder SFT of the tiny preset, long enough to be stopped half way.
    uae::train::PipelineConfig config = uae::train::presetConfig("tiny");
    uae::train::selectStages(config, {"encoder-sft"});
    config.name = "started by uae";
    config.stages.front().settings["steps"] = 100000;
    config.stages.front().settings["checkpoint_every"] = 5;
    const std::string configFile = (ws.dir.path() + QStringLiteral("/cli.json")).toStdString();
    std::ofstream(configFile) << uae::train::toJson(config).dump(2);

    QProcess cli;
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start(QStringLiteral(UAE_CLI), {QStringLiteral("train"), QStringLiteral("--config"), QString::fromStdString(configFile),
                                       QStringLiteral("--workspace"), ws.path()});
    ASSERT_TRUE(cli.waitForStarted());
    // The runs browser picks the CLI's run up on its own (it polls the store).
    RunsView* runs = window.runs();
    window.areas()->setCurrentWidget(runs);
    qint64 run = 0;
    ASSERT_TRUE(waitUntil([&] {
        const auto list = window.workspace()->store()->listRuns();
        if (list.empty()) return false;
        run = list.front().id;
        const auto stages = window.workspace()->store()->stages(run);
        return !stages.empty() && stages.front().step >= 10;
    }, 300000)) << QString::fromLocal8Bit(cli.readAll()).toStdString();
    cli.terminate();  // SIGTERM: the CLI stops gracefully and saves
    ASSERT_TRUE(waitUntil([&] { return cli.state() == QProcess::NotRunning; }, 120000));
    EXPECT_EQ(cli.exitStatus(), QProcess::NormalExit) << QString::fromLocal8Bit(cli.readAll()).toStdString();
    ASSERT_EQ(window.workspace()->store()->getRun(run).status, uae::store::RunStatus::Stopped);
    const qint64 stoppedAt = window.workspace()->store()->stages(run).front().step;

    ASSERT_TRUE(waitUntil([&] {
        runs->refresh();
        runs->selectRun(run);
        return runs->selectedRuns() == QList<qint64>{run} && runs->resumeAction()->isEnabled();
    }));
    int finished = -1;
    QObject::connect(window.bridge(), &EngineBridge::runFinished, [&](qint64, int state) { finished = state; });
    runs->resumeAction()->trigger();
    ASSERT_TRUE(window.bridge()->isActive());
    EXPECT_EQ(window.bridge()->currentRun(), run);
    ASSERT_TRUE(waitUntil([&] { return window.workspace()->store()->stages(run).front().step > stoppedAt + 5; }, 300000));
    shot(&window, "resumed-from-cli");
    window.pipeline()->stop();
    ASSERT_TRUE(waitUntil([&] { return finished >= 0; }, 300000));
    EXPECT_EQ(finished, static_cast<int>(uae::train::EngineState::Stopped));
    EXPECT_EQ(window.workspace()->store()->getRun(run).status, uae::store::RunStatus::Stopped);
    EXPECT_GT(window.workspace()->store()->stages(run).front().step, stoppedAt);
}

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (!engineBackendAvailable()) {
        std::printf("SKIPPED: the training engine is not part of this build of uae_core yet\n");
        return 77;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "xcb");
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}

TEST(EndToEnd, ATwoProcessRunFromTheGuiPausesStopsAndResumes) {
    // The pipeline panel's "Processes" setting: the run trains in two child `uae` processes
    // (one data-parallel run, docs/DISTRIBUTED.md) and the window follows it through the store.
    isolateSettings();
    qputenv("UAE_EXE", QByteArrayLiteral(UAE_CLI));
    TempWorkspace ws;
    MainWindow window;
    ASSERT_TRUE(openAndShow(window, ws));
    PipelinePanel* pipeline = window.pipeline();
    loadTinyWith(pipeline, {StageKind::Judges, StageKind::DecoderPretrain});
    pipeline->form(StageKind::DecoderPretrain)->setText(QStringLiteral("steps"), QStringLiteral("3000"));
    pipeline->form(StageKind::DecoderPretrain)->setText(QStringLiteral("checkpoint_every"), QStringLiteral("50"));
    auto* processes = pipeline->findChild<QSpinBox*>(QStringLiteral("processes"));
    ASSERT_NE(processes, nullptr);
    processes->setValue(2);
    qint64 lastStep = 0;
    int finished = -1;
    QObject::connect(window.bridge(), &EngineBridge::stepFinished, [&](const uae::train::StepReport& r) {
        if (r.stage == "decoder-pretrain") lastStep = r.step;
    });
    QObject::connect(window.bridge(), &EngineBridge::runFinished, [&](qint64, int state) { finished = state; });

    pipeline->start();
    ASSERT_TRUE(window.bridge()->isActive()) << pipeline->messageText().toStdString();
    const qint64 run = window.bridge()->currentRun();
    ASSERT_TRUE(waitUntil([&] { return lastStep >= 60 || finished >= 0; }, 300000)) << "no decoder steps within 5 minutes";
    ASSERT_LT(finished, 0) << "the run ended early";
    shot(&window, "two-processes");

    pipeline->pause();
    ASSERT_TRUE(waitUntil([&] { return window.bridge()->state() == uae::train::EngineState::Paused; }, 60000));
    waitUntil([] { return false; }, 1000);  // the steps the store showed before the pause arrive
    const qint64 heldAt = lastStep;
    waitUntil([] { return false; }, 2500);
    EXPECT_LE(lastStep, heldAt + 1) << "steps went on while paused";
    pipeline->resume();
    ASSERT_TRUE(waitUntil([&] { return lastStep > heldAt + 5; }, 60000)) << "steps did not continue";

    pipeline->stop();
    ASSERT_TRUE(waitUntil([&] { return finished >= 0; }, 120000));
    EXPECT_EQ(finished, static_cast<int>(uae::train::EngineState::Stopped));
    auto info = window.workspace()->store()->getRun(run);
    EXPECT_EQ(info.status, uae::store::RunStatus::Stopped);
    EXPECT_EQ(info.worldSize, 2);
    EXPECT_EQ(info.backend, "gloo");
    ASSERT_FALSE(window.workspace()->store()->listCheckpoints(run).empty());

    // Resumed from the GUI on two processes, stopped again after it moved on.
    finished = -1;
    const qint64 stoppedAt = lastStep;
    ASSERT_TRUE(window.bridge()->resume(run)) << "resume refused";
    ASSERT_TRUE(waitUntil([&] { return lastStep > stoppedAt + 10 || finished >= 0; }, 300000));
    window.bridge()->stop();
    ASSERT_TRUE(waitUntil([&] { return finished >= 0; }, 120000));
    EXPECT_EQ(finished, static_cast<int>(uae::train::EngineState::Stopped));
    EXPECT_EQ(window.workspace()->store()->integrityCheck(), "ok");
    qunsetenv("UAE_EXE");
}
