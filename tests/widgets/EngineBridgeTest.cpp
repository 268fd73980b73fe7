// The bridge between the engine's worker thread and the GUI: every observer callback
// arrives as a signal on the GUI thread, in order, none lost; control methods report
// errors as a Status; pause, unpause and stop reach the engine.
#include <gtest/gtest.h>

#include <QThread>

#include "fakes.h"
#include "testutil.h"
#include "widgets/bridge/enginebridge.h"

using namespace uae::widgets;
using namespace uae::widgets::test;
using uae::train::EngineState;

namespace {

uae::train::PipelineConfig smallConfig(int steps) {
    auto c = uae::train::presetConfig("tiny");
    uae::train::selectStages(c, {"encoder-sft", "decoder-pretrain"});
    for (auto& s : c.stages) {
        s.settings["steps"] = steps;
        s.settings["snapshot_every"] = steps / 2;
    }
    return c;
}

}  // namespace

TEST(EngineBridge, SignalsArriveOnTheGuiThreadInOrderAndComplete) {
    isolateSettings();
    TempWorkspace ws;
    EngineBridge bridge;
    bridge.setBackendFactory(FakeTrainingBackend::factory({/*stepMillis=*/0}));
    bridge.setWorkspace(ws.path());

    QStringList events;
    int steps = 0;
    bool offThread = false;
    qint64 lastStep = 0;
    QString lastStage;
    bool outOfOrder = false;
    QObject::connect(&bridge, &EngineBridge::runStarted, [&](qint64, const QString& device) {
        offThread |= QThread::currentThread() != qApp->thread();
        events << QStringLiteral("runStarted:") + device;
    });
    QObject::connect(&bridge, &EngineBridge::stageStarted, [&](qint64, const QString& stage, int i, int n) {
        events << QStringLiteral("stageStarted:%1:%2/%3").arg(stage).arg(i).arg(n);
        lastStep = 0;
        lastStage = stage;
    });
    QObject::connect(&bridge, &EngineBridge::stepFinished, [&](const uae::train::StepReport& u) {
        offThread |= QThread::currentThread() != qApp->thread();
        outOfOrder |= QString::fromStdString(u.stage) != lastStage || u.step != lastStep + 1;
        lastStep = u.step;
        ++steps;
        EXPECT_TRUE(u.metrics.count("loss"));
    });
    QObject::connect(&bridge, &EngineBridge::snapshotTaken, [&](qint64, const QString& stage, qint64 step) {
        events << QStringLiteral("snapshot:%1:%2").arg(stage).arg(step);
    });
    QObject::connect(&bridge, &EngineBridge::stageFinished,
                     [&](qint64, const QString& stage) { events << QStringLiteral("stageFinished:") + stage; });
    int finishedState = -1;
    QObject::connect(&bridge, &EngineBridge::runFinished, [&](qint64, int state, const QString&) {
        events << QStringLiteral("runFinished");
        finishedState = state;
        EXPECT_EQ(steps, 2 * 400) << "every step is delivered before the end of the run";
    });

    qint64 run = 0;
    const uae::Status st = bridge.start(smallConfig(400), &run);
    ASSERT_TRUE(st.ok) << st.message;
    EXPECT_GT(run, 0);
    EXPECT_TRUE(bridge.isActive());
    ASSERT_TRUE(waitUntil([&] { return finishedState >= 0; }, 30000));
    EXPECT_FALSE(offThread);
    EXPECT_FALSE(outOfOrder);
    EXPECT_EQ(steps, 800);
    EXPECT_EQ(static_cast<EngineState>(finishedState), EngineState::Finished);
    EXPECT_EQ(events.first(), QStringLiteral("runStarted:cpu (fake)"));
    EXPECT_EQ(events.last(), QStringLiteral("runFinished"));
    EXPECT_TRUE(events.contains(QStringLiteral("stageStarted:encoder-sft:0/2")));
    EXPECT_TRUE(events.contains(QStringLiteral("snapshot:decoder-pretrain:200")));
    EXPECT_LT(events.indexOf(QStringLiteral("stageFinished:encoder-sft")),
              events.indexOf(QStringLiteral("stageStarted:decoder-pretrain:1/2")));
    EXPECT_FALSE(bridge.isActive());
}

TEST(EngineBridge, ASecondStartIsRefusedWhileActive) {
    isolateSettings();
    TempWorkspace ws;
    EngineBridge bridge;
    bridge.setBackendFactory(FakeTrainingBackend::factory({/*stepMillis=*/5}));
    bridge.setWorkspace(ws.path());
    ASSERT_TRUE(bridge.start(smallConfig(200)).ok);
    const uae::Status second = bridge.start(smallConfig(200));
    EXPECT_FALSE(second.ok);
    EXPECT_NE(second.message.find("already active"), std::string::npos) << second.message;
    bridge.stop();
    EXPECT_TRUE(bridge.waitFor(20));
}

TEST(EngineBridge, PauseUnpauseAndStopReachTheEngine) {
    isolateSettings();
    TempWorkspace ws;
    EngineBridge bridge;
    bridge.setBackendFactory(FakeTrainingBackend::factory({/*stepMillis=*/3}));
    bridge.setWorkspace(ws.path());
    QList<int> states;
    QObject::connect(&bridge, &EngineBridge::stateChanged, [&](int s) { states << s; });
    int finished = -1;
    QObject::connect(&bridge, &EngineBridge::runFinished, [&](qint64, int s) { finished = s; });
    ASSERT_TRUE(bridge.start(smallConfig(1000)).ok);
    bridge.pause();
    ASSERT_TRUE(waitUntil([&] { return bridge.state() == EngineState::Paused; }));
    bridge.unpause();
    ASSERT_TRUE(waitUntil([&] { return bridge.state() == EngineState::Running; }));
    bridge.stop();
    EXPECT_EQ(bridge.state(), EngineState::Stopping);
    ASSERT_TRUE(waitUntil([&] { return finished >= 0; }, 20000));
    EXPECT_EQ(static_cast<EngineState>(finished), EngineState::Stopped);
    EXPECT_TRUE(states.contains(static_cast<int>(EngineState::Paused)));
    EXPECT_TRUE(states.contains(static_cast<int>(EngineState::Stopped)));
}

TEST(EngineBridge, ErrorsComeBackAsStatus) {
    isolateSettings();
    EngineBridge noWorkspace;
    EXPECT_FALSE(noWorkspace.start(smallConfig(10)).ok);

    TempWorkspace ws;
    EngineBridge bridge;
    bridge.setBackendFactory(FakeTrainingBackend::factory());
    bridge.setWorkspace(ws.path());
    auto bad = smallConfig(10);
    bad.stages[0].settings["lr"] = -1.0;
    const uae::Status st = bridge.start(bad);
    EXPECT_FALSE(st.ok);
    EXPECT_NE(st.message.find("lr"), std::string::npos) << st.message;
    EXPECT_FALSE(bridge.resume(999).ok);
}

TEST(EngineBridge, TheRealEngineIsReportedWhenAbsent) {
    isolateSettings();
    TempWorkspace ws;
    EngineBridge bridge;  // the default factory: the real engine
    bridge.setWorkspace(ws.path());
    if (engineBackendAvailable()) GTEST_SKIP() << "the training engine is part of this build";
    const uae::Status st = bridge.start(smallConfig(10));
    EXPECT_FALSE(st.ok);
    EXPECT_NE(st.message.find("not part of this build"), std::string::npos) << st.message;
}

TEST(EngineBridge, DestroyingTheBridgeStopsTheRunGracefully) {
    isolateSettings();
    TempWorkspace ws;
    qint64 run = 0;
    {
        EngineBridge bridge;
        bridge.setBackendFactory(FakeTrainingBackend::factory({/*stepMillis=*/5}));
        bridge.setWorkspace(ws.path());
        ASSERT_TRUE(bridge.start(smallConfig(1000), &run).ok);
        pumpEvents(50);
    }
    EXPECT_EQ(FakeTrainingBackend::instances.load(), 0);
    uae::store::RunStore store(ws.path().toStdString());
    EXPECT_EQ(store.getRun(run).status, uae::store::RunStatus::Stopped);
}
