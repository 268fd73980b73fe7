// The dataset browser: Shapes scenes with every caption level and their facts; an
// imported folder (loaded on a worker) with captions, parsed facts and skipped files.
#include <gtest/gtest.h>

#include <QFile>

#include "testutil.h"
#include "widgets/dataset/datasetview.h"

using namespace uae::widgets;
using namespace uae::widgets::test;

TEST(DatasetView, ShowsShapesScenesWithCaptionsAndFacts) {
    isolateSettings();
    DatasetView view;
    EXPECT_EQ(view.source(), DatasetView::Source::Shapes);
    EXPECT_EQ(view.itemCount(), 64);
    view.selectItem(3);
    const QString captions = view.captionsText();
    for (const char* level : {"[minimal]", "[short]", "[medium]", "[full]"})
        EXPECT_TRUE(captions.contains(QLatin1String(level))) << level;
    EXPECT_TRUE(captions.contains(QStringLiteral("background with")));
    EXPECT_TRUE(view.factsText().contains(QStringLiteral("\"objects\"")));
    const QImage before = view.itemImage(3);
    EXPECT_EQ(before.size(), QSize(64, 64));
    view.showShapes(99, 2, 2, 32, 100);
    EXPECT_EQ(view.itemImage(3).size(), QSize(32, 32));
    EXPECT_TRUE(view.statusText().contains(QStringLiteral("100")));
    view.nextPage();
    EXPECT_TRUE(view.statusText().contains(QStringLiteral("164")));
}

TEST(DatasetView, ImportsAFolderOnAWorkerAndReportsSkippedFiles) {
    isolateSettings();
    QTemporaryDir dir;
    QImage red(48, 48, QImage::Format_RGB888);
    red.fill(Qt::red);
    ASSERT_TRUE(red.save(dir.filePath(QStringLiteral("a.png"))));
    QFile caption(dir.filePath(QStringLiteral("a.txt")));
    ASSERT_TRUE(caption.open(QIODevice::WriteOnly));
    caption.write("a large red square in the centre");
    caption.close();
    ASSERT_TRUE(red.save(dir.filePath(QStringLiteral("b.png"))));  // no caption: skipped
    DatasetView view;
    int loaded = 0;
    QObject::connect(&view, &DatasetView::loaded, [&] { ++loaded; });
    view.openFolder(dir.path());
    ASSERT_TRUE(waitUntil([&] { return loaded > 0; }));
    EXPECT_EQ(view.source(), DatasetView::Source::Folder);
    ASSERT_EQ(view.itemCount(), 1);
    EXPECT_TRUE(view.statusText().contains(QStringLiteral("1 items loaded, 1 skipped"))) << view.statusText().toStdString();
    EXPECT_TRUE(view.statusText().contains(QStringLiteral("b.png")));
    view.selectItem(0);
    EXPECT_TRUE(view.captionsText().startsWith(QStringLiteral("a large red square in the centre")));
    EXPECT_TRUE(view.factsText().contains(QStringLiteral("square")));

    view.openFolder(dir.filePath(QStringLiteral("missing")));
    ASSERT_TRUE(waitUntil([&] { return loaded > 1; }));
    EXPECT_TRUE(view.statusText().contains(QStringLiteral("missing"))) << view.statusText().toStdString();
}
