// The playground: choose a checkpoint of a run, reconstruct an image, generate from an
// edited caption with seed / steps / CFG; all on the worker thread; errors shown.
#include <gtest/gtest.h>

#include <QColor>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QUrl>

#include "demodata.h"
#include "fakes.h"
#include "testutil.h"
#include "widgets/common/workspace.h"
#include "widgets/playground/playgroundview.h"

using namespace uae::widgets;
using namespace uae::widgets::test;

namespace {

struct Fixture {
    TempWorkspace ws;
    Workspace workspace;
    DemoRun run;
    std::unique_ptr<PlaygroundView> view;
    int results = 0;
    Fixture() {
        isolateSettings();
        EXPECT_TRUE(workspace.open(ws.path()).ok);
        run = addDemoRun(*workspace.store());
        view = std::make_unique<PlaygroundView>(&workspace, nullptr, FakeInference::factory());
        QObject::connect(view.get(), &PlaygroundView::resultReady, [this] { ++results; });
    }
    bool waitResult() {
        const int before = results;
        return waitUntil([&] { return results > before; });
    }
};

}  // namespace

TEST(Playground, ListsEveryCheckpointOfTheChosenRun) {
    Fixture f;
    EXPECT_EQ(f.view->runCombo()->currentData().toLongLong(), f.run.id);
    const auto checkpoints = f.workspace.store()->listCheckpoints(f.run.id);
    ASSERT_EQ(f.view->checkpointCombo()->count(), static_cast<int>(checkpoints.size()));
    // Newest first.
    EXPECT_EQ(f.view->checkpointCombo()->itemData(0).toString().toStdString(), checkpoints.back().path.string());
}

TEST(Playground, ReconstructsAnImageAndGeneratesFromACaption) {
    Fixture f;
    f.view->loadCheckpoint(f.view->checkpointCombo()->itemData(0).toString());
    ASSERT_TRUE(f.waitResult());
    ASSERT_TRUE(f.view->isLoaded()) << f.view->errorText().toStdString();
    EXPECT_TRUE(f.view->loadedText().contains(QStringLiteral("g4u")));

    QImage red(64, 64, QImage::Format_RGB888);
    red.fill(Qt::red);
    f.view->setInputImage(red);
    f.view->reconstructInput();
    ASSERT_TRUE(f.waitResult());
    EXPECT_EQ(f.view->inputCaption(), QStringLiteral("a large red circle in the centre"));
    ASSERT_FALSE(f.view->reconstruction().isNull());
    EXPECT_EQ(f.view->reconstruction().size(), QSize(64, 64));

    f.view->setEditorCaption(QStringLiteral("a large blue square at the top left"));
    f.view->setSeed(5);
    f.view->setSteps(8);
    f.view->setCfg(4.5);
    f.view->generateFromEditor();
    ASSERT_TRUE(f.waitResult());
    const QImage a = f.view->generated();
    ASSERT_FALSE(a.isNull());
    // The blue square is at the top left, not in the centre.
    EXPECT_GT(QColor(a.pixel(10, 10)).blue(), 150);
    f.view->setSeed(6);
    f.view->generateFromEditor();
    ASSERT_TRUE(f.waitResult());
    EXPECT_NE(f.view->generated(), a);  // another seed, another image
}

TEST(Playground, RandomScenesAndDroppedFilesBecomeTheInput) {
    Fixture f;
    f.view->randomScene();
    EXPECT_EQ(f.view->inputImage().size(), QSize(64, 64));
    const QString file = f.ws.dir.path() + QStringLiteral("/dropped.png");
    QImage green(40, 30, QImage::Format_RGB888);
    green.fill(Qt::green);
    ASSERT_TRUE(green.save(file));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file)});
    // As the window system delivers a drop: the drag enters (and must be accepted), then drops.
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(f.view.get(), &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(f.view.get(), &drop);
    EXPECT_TRUE(drop.isAccepted());
    EXPECT_EQ(f.view->inputImage().size(), QSize(40, 30)) << f.view->errorText().toStdString();
    // Text is not an image: the drag is refused, and a drop of it says so.
    QMimeData text;
    text.setText(QStringLiteral("a red circle"));
    QDragEnterEvent enterText(QPoint(5, 5), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(f.view.get(), &enterText);
    EXPECT_FALSE(enterText.isAccepted());
    QDropEvent dropText(QPointF(5, 5), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(f.view.get(), &dropText);
    EXPECT_EQ(f.view->inputImage().size(), QSize(40, 30));
}

TEST(Playground, ErrorsAreShownNotThrown) {
    Fixture f;
    f.view->generateFromEditor();  // no caption yet
    EXPECT_TRUE(f.view->errorText().contains(QStringLiteral("caption")));
    f.view->setEditorCaption(QStringLiteral("a red circle"));
    f.view->generateFromEditor();  // no checkpoint loaded: the worker says so
    ASSERT_TRUE(f.waitResult());
    EXPECT_TRUE(f.view->errorText().contains(QStringLiteral("No checkpoint"))) << f.view->errorText().toStdString();
    f.view->loadCheckpoint(f.ws.dir.path() + QStringLiteral("/broken.ckpt"));
    ASSERT_TRUE(f.waitResult());
    EXPECT_FALSE(f.view->isLoaded());
    EXPECT_TRUE(f.view->errorText().contains(QStringLiteral("broken.ckpt"))) << f.view->errorText().toStdString();
}

TEST(Playground, TheRealSessionIsReportedWhenAbsent) {
    isolateSettings();
    TempWorkspace ws;
    Workspace workspace;
    ASSERT_TRUE(workspace.open(ws.path()).ok);
    if (sessionBackendAvailable()) GTEST_SKIP() << "the inference session is part of this build";
    PlaygroundView view(&workspace);
    int results = 0;
    QObject::connect(&view, &PlaygroundView::resultReady, [&] { ++results; });
    view.loadCheckpoint(QStringLiteral("/nowhere/model.ckpt"));
    ASSERT_TRUE(waitUntil([&] { return results > 0; }));
    EXPECT_TRUE(view.errorText().contains(QStringLiteral("not part of this build"))) << view.errorText().toStdString();
}
