// End to end under Xvfb, with the real training engine: start a tiny run from the
// pipeline panel, wait for the first probe snapshot, scrub the inspector over the
// snapshots with the keyboard, stop gracefully, and export the saved checkpoint from the
// export dialog. Exits 77 (CTest: skipped) in a build whose uae_core has no engine yet.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QKeyEvent>
#include <QTabWidget>
#include <QTreeWidget>

#include <cstdio>

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

}  // namespace

TEST(EndToEnd, TinyRunFromTheGuiSnapshotInspectorExport) {
    isolateSettings();
    TempWorkspace ws;
    MainWindow window;
    ASSERT_TRUE(window.openWorkspace(ws.path()));
    window.resize(1440, 900);
    window.show();
    PipelinePanel* pipeline = window.pipeline();
    pipeline->loadPreset(QStringLiteral("tiny"));
    // Judges, encoder SFT and decoder pre-training, short, with early snapshots.
    for (int i = 0; i < pipeline->queue()->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = pipeline->queue()->topLevelItem(i);
        const auto kind = static_cast<StageKind>(item->data(0, Qt::UserRole).toInt());
        const bool keep = kind == StageKind::Judges || kind == StageKind::EncoderSft || kind == StageKind::DecoderPretrain;
        item->setCheckState(0, keep ? Qt::Checked : Qt::Unchecked);
    }
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
    for (const char* f : {"model.safetensors", "config.json", "README.md"})
        EXPECT_TRUE(QFile::exists(out + QLatin1Char('/') + QLatin1String(f))) << f;
    shot(&dialog, "export");
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
