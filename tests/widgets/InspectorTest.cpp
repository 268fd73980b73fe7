// The inspector: probes as original | caption | reconstruction, scrubbed over snapshots
// by slider, keys and Play; gained words highlighted; per-probe similarity; a new
// snapshot of a live run is followed.
#include <gtest/gtest.h>

#include <QKeyEvent>
#include <QSlider>

#include "demodata.h"
#include "fakes.h"
#include "testutil.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/common/workspace.h"
#include "widgets/inspector/inspectorview.h"
#include "widgets/inspector/probecard.h"
#include "widgets/inspector/wordsdiff.h"

using namespace uae::widgets;
using namespace uae::widgets::test;

namespace {

struct Fixture {
    TempWorkspace ws;
    Workspace workspace;
    EngineBridge bridge;
    DemoRun run;
    std::unique_ptr<InspectorView> view;
    Fixture() {
        isolateSettings();
        EXPECT_TRUE(workspace.open(ws.path()).ok);
        run = addDemoRun(*workspace.store());
        bridge.setWorkspace(workspace.path());
        view = std::make_unique<InspectorView>(&workspace, &bridge);
    }
    void key(int k) {
        QKeyEvent press(QEvent::KeyPress, k, Qt::NoModifier);
        QCoreApplication::sendEvent(view.get(), &press);
    }
};

}  // namespace

TEST(WordsDiff, GainedWordsAreAMultisetDifference) {
    int gained = 0;
    const QString html = highlightGainedWords(QStringLiteral("a red circle"), QStringLiteral("two red circles"), &gained);
    EXPECT_EQ(gained, 2);
    EXPECT_TRUE(html.contains(QStringLiteral(">two</span>")));
    EXPECT_TRUE(html.contains(QStringLiteral(">circles</span>")));
    EXPECT_FALSE(html.contains(QStringLiteral(">red</span>")));
    // A repeated word counts once per occurrence beyond the previous caption's.
    const auto tokens = diffCaption(QStringLiteral("the red circle"), QStringLiteral("the red circle is left of the square"));
    int gainedThe = 0;
    for (const auto& t : tokens) gainedThe += t.gained && t.text == QStringLiteral("the");
    EXPECT_EQ(gainedThe, 1);
    highlightGainedWords(QStringLiteral("A Red circle."), QStringLiteral("a red circle"), &gained);
    EXPECT_EQ(gained, 0);
    // Captions are escaped, not markup: "b" is not new here, so nothing is highlighted.
    EXPECT_EQ(highlightGainedWords(QStringLiteral("b"), QStringLiteral("<b>"), nullptr), QStringLiteral("&lt;b&gt;"));
    // A gained word inside escaped text is highlighted between the escaped characters.
    const QString escaped = highlightGainedWords(QString(), QStringLiteral("<b>"), &gained);
    EXPECT_EQ(gained, 1);
    EXPECT_TRUE(escaped.startsWith(QStringLiteral("&lt;<span"))) << escaped.toStdString();
    EXPECT_TRUE(escaped.endsWith(QStringLiteral(">b</span>&gt;"))) << escaped.toStdString();
}

TEST(Inspector, ShowsEveryProbeAtTheLatestSnapshot) {
    Fixture f;
    EXPECT_EQ(f.view->run(), f.run.id);
    ASSERT_EQ(f.view->cards().size(), f.run.probes);
    EXPECT_EQ(f.view->snapshotCount(), f.run.snapshotTimes);
    EXPECT_EQ(f.view->currentIndex(), f.run.snapshotTimes - 1);
    for (ProbeCard* card : f.view->cards()) {
        EXPECT_TRUE(card->hasReconstruction());
        EXPECT_FALSE(card->captionText().isEmpty());
        EXPECT_TRUE(card->similarityText().startsWith(QStringLiteral("similarity 0."))) << card->similarityText().toStdString();
    }
    EXPECT_TRUE(f.view->positionText().contains(QStringLiteral("(%1 of %1)").arg(f.run.snapshotTimes)));
}

TEST(Inspector, ScrubbingChangesCaptionsAndHighlightsGainedWords) {
    Fixture f;
    ProbeCard* card = f.view->cards().front();
    f.view->setCurrentIndex(0);
    const QString first = card->captionText();
    EXPECT_EQ(card->gainedWords(), 0);  // nothing before the first snapshot
    EXPECT_FALSE(card->captionHtml().contains(QStringLiteral("<span")));
    // Move on until the caption changes: the new words are highlighted.
    int i = 1;
    while (i < f.view->snapshotCount()) {
        f.view->setCurrentIndex(i);
        if (card->captionText() != first) break;
        ++i;
    }
    ASSERT_LT(i, f.view->snapshotCount()) << "the demo captions grow";
    EXPECT_GT(card->captionText().size(), first.size());
    EXPECT_GT(card->gainedWords(), 0);
    EXPECT_TRUE(card->captionHtml().contains(QStringLiteral("<span")));
    EXPECT_EQ(f.view->slider()->value(), i);
    EXPECT_EQ(f.view->stageAt(0).toStdString(), "encoder-sft");
}

TEST(Inspector, KeyboardNavigatesSnapshotsAndProbes) {
    Fixture f;
    f.key(Qt::Key_Home);
    EXPECT_EQ(f.view->currentIndex(), 0);
    f.key(Qt::Key_Right);
    f.key(Qt::Key_Right);
    EXPECT_EQ(f.view->currentIndex(), 2);
    f.key(Qt::Key_Left);
    EXPECT_EQ(f.view->currentIndex(), 1);
    f.key(Qt::Key_End);
    EXPECT_EQ(f.view->currentIndex(), f.view->snapshotCount() - 1);
    f.key(Qt::Key_Right);  // stays at the end
    EXPECT_EQ(f.view->currentIndex(), f.view->snapshotCount() - 1);
    EXPECT_EQ(f.view->selectedProbe(), 0);
    f.key(Qt::Key_Down);
    f.key(Qt::Key_Down);
    EXPECT_EQ(f.view->selectedProbe(), 2);
    EXPECT_TRUE(f.view->cards()[2]->isSelected());
    EXPECT_FALSE(f.view->cards()[0]->isSelected());
    f.key(Qt::Key_Up);
    EXPECT_EQ(f.view->selectedProbe(), 1);
    f.key(Qt::Key_Space);
    EXPECT_TRUE(f.view->isPlaying());
    f.key(Qt::Key_Space);
    EXPECT_FALSE(f.view->isPlaying());
}

TEST(Inspector, PlayStepsThroughTheSnapshotsAndStopsAtTheEnd) {
    Fixture f;
    f.view->setCurrentIndex(f.view->snapshotCount() - 3);
    f.view->play(true);
    ASSERT_TRUE(waitUntil([&] { return !f.view->isPlaying(); }, 10000));
    EXPECT_EQ(f.view->currentIndex(), f.view->snapshotCount() - 1);
}

TEST(Inspector, FollowsTheSnapshotsOfALiveRun) {
    Fixture f;
    f.bridge.setBackendFactory(FakeTrainingBackend::factory({/*stepMillis=*/2}));
    auto config = uae::train::presetConfig("tiny");
    uae::train::selectStages(config, {"encoder-sft"});
    config.stages[0].settings["snapshot_every"] = 10;
    qint64 run = 0;
    ASSERT_TRUE(f.bridge.start(config, &run).ok);
    ASSERT_TRUE(waitUntil([&] { return !f.bridge.isActive(); }, 20000));
    pumpEvents(50);
    EXPECT_EQ(f.view->run(), run);
    EXPECT_EQ(f.view->snapshotCount(), 3);  // steps 10, 20, 30
    EXPECT_EQ(f.view->currentIndex(), 2);  // followed to the newest
    EXPECT_EQ(f.view->stepAt(2), 30);
    EXPECT_EQ(f.view->cards().size(), config.world.probes);
}
