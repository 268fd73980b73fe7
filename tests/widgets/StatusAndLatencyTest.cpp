// The status bar's progress, rate, ETA and memory from the bridge's steps; the event-loop
// latency probe sees a blocked event loop.
#include <gtest/gtest.h>

#include <QThread>
#include <QTimer>

#include "fakes.h"
#include "testutil.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/mainwindow/latencyprobe.h"
#include "widgets/mainwindow/statuspanel.h"

using namespace uae::widgets;
using namespace uae::widgets::test;

TEST(StatusPanel, FormatsDurations) {
    EXPECT_EQ(StatusPanel::formatDuration(12.2), QStringLiteral("12 s"));
    EXPECT_EQ(StatusPanel::formatDuration(245), QStringLiteral("4:05"));
    EXPECT_EQ(StatusPanel::formatDuration(3723), QStringLiteral("1:02:03"));
    EXPECT_EQ(StatusPanel::formatDuration(-1), QStringLiteral("—"));
    EXPECT_GT(StatusPanel::residentBytes(), 1 << 20);
}

TEST(StatusPanel, ShowsStepTotalRateEtaAndMemory) {
    isolateSettings();
    TempWorkspace ws;
    EngineBridge bridge;
    bridge.setBackendFactory(FakeTrainingBackend::factory({/*stepMillis=*/20}));
    bridge.setWorkspace(ws.path());
    StatusPanel panel(&bridge);
    EXPECT_TRUE(panel.memoryText().startsWith(QStringLiteral("Memory: ")));
    auto config = uae::train::presetConfig("tiny");
    uae::train::selectStages(config, {"judges", "encoder-sft"});
    qint64 run = 0;
    ASSERT_TRUE(bridge.start(config, &run).ok);
    ASSERT_TRUE(waitUntil([&] { return panel.rateText().contains(QStringLiteral("steps/s")); }));
    EXPECT_TRUE(panel.progressText().contains(QStringLiteral("Run %1").arg(run))) << panel.progressText().toStdString();
    EXPECT_TRUE(panel.progressText().contains(QStringLiteral("(1/2)")));
    EXPECT_TRUE(panel.progressText().contains(QStringLiteral("/ 20")));
    EXPECT_TRUE(panel.etaText().startsWith(QStringLiteral("ETA ")));
    EXPECT_GT(panel.progressValue(), 0);
    bridge.stop();
    ASSERT_TRUE(waitUntil([&] { return !bridge.isActive(); }, 20000));
    pumpEvents(20);
    EXPECT_TRUE(panel.progressText().contains(QStringLiteral("Stopped"))) << panel.progressText().toStdString();
    EXPECT_TRUE(panel.etaText().isEmpty());
}

TEST(LatencyProbe, MeasuresABlockedEventLoop) {
    LatencyProbe probe(5);
    probe.start();
    pumpEvents(100);
    EXPECT_GT(probe.samples(), 5);
    EXPECT_LT(probe.percentile(0.5), 40.0);  // an idle loop is on time
    QTimer::singleShot(10, [] { QThread::msleep(150); });  // a handler that blocks
    pumpEvents(300);
    EXPECT_GE(probe.maxMs(), 100.0);
    const QJsonObject json = probe.toJson();
    EXPECT_GE(json.value(QStringLiteral("max_ms")).toDouble(), 100.0);
    EXPECT_TRUE(probe.summary().contains(QStringLiteral("p99")));
    probe.reset();
    EXPECT_EQ(probe.samples(), 0);
    const QString file = QStringLiteral(UAE_TEST_OUTPUT_DIR "/latency.json");
    EXPECT_TRUE(probe.writeJson(file, {{QStringLiteral("note"), QStringLiteral("test")}}));
}
