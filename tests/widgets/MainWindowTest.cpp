// Offscreen tests of the main window: the planned areas exist, the status bar names the
// device, translations load, and a screenshot is written for a person to look at.
#include <gtest/gtest.h>

#include <QApplication>
#include <QCoreApplication>
#include <QDockWidget>
#include <QImage>
#include <QSet>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTranslator>

#include "widgets/about/aboutdialog.h"
#include "widgets/common/placeholderview.h"
#include "widgets/mainwindow/mainwindow.h"
#include "widgets/mainwindow/translations.h"

using uae::widgets::MainWindow;

namespace {

// Settings go to a scratch location so tests never read a user's saved window state.
void isolateSettings() {
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, QStringLiteral(UAE_TEST_OUTPUT_DIR "/settings"));
    QCoreApplication::setOrganizationName(QStringLiteral("UAE Studio Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_widgets"));
    QSettings().clear();
}

void removeTranslators() {
    for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

}  // namespace

TEST(MainWindow, HasEveryPlannedArea) {
    isolateSettings();
    MainWindow window;
    QStringList tabs;
    for (int i = 0; i < window.areas()->count(); ++i) tabs << window.areas()->tabText(i);
    EXPECT_EQ(tabs, (QStringList{QStringLiteral("Dashboard"), QStringLiteral("Inspector"), QStringLiteral("Playground"),
                                 QStringLiteral("Runs"), QStringLiteral("Dataset")}));
    EXPECT_EQ(window.pipelineDock()->windowTitle(), QStringLiteral("Pipeline"));
    // Each not-yet-built area says so.
    EXPECT_GE(window.findChildren<uae::widgets::PlaceholderView*>().size(), 6);
}

TEST(MainWindow, StatusBarShowsTheDevice) {
    isolateSettings();
    MainWindow window;
    EXPECT_TRUE(window.deviceText().startsWith(QStringLiteral("Device: "))) << window.deviceText().toStdString();
    EXPECT_TRUE(window.deviceText().contains(QStringLiteral("CPU")) || window.deviceText().contains(QStringLiteral("CUDA")));
}

TEST(MainWindow, ScreenshotIsWrittenAndNotBlank) {
    isolateSettings();
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QApplication::processEvents();
    QImage shot = window.grab().toImage();
    ASSERT_EQ(shot.size(), QSize(1280, 800));
    const QString file = QStringLiteral(UAE_TEST_OUTPUT_DIR "/main-window.png");
    ASSERT_TRUE(shot.save(file)) << file.toStdString();
    // A real window has many colours; a blank grab has one or two.
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 7)
        for (int x = 0; x < shot.width(); x += 7) colours.insert(shot.pixel(x, y));
    EXPECT_GT(colours.size(), 10);
}

TEST(MainWindow, WindowStateIsPersisted) {
    isolateSettings();
    {
        MainWindow window;
        window.areas()->setCurrentIndex(3);
        window.close();
    }
    MainWindow again;
    EXPECT_EQ(again.areas()->currentIndex(), 3);
}

TEST(Translations, GermanAndChineseAreEmbeddedAndApplied) {
    isolateSettings();
    QStringList langs = uae::widgets::availableLanguages();
    EXPECT_TRUE(langs.contains(QStringLiteral("de"))) << langs.join(QLatin1Char(',')).toStdString();
    EXPECT_TRUE(langs.contains(QStringLiteral("zh_CN"))) << langs.join(QLatin1Char(',')).toStdString();

    auto& app = *QCoreApplication::instance();
    EXPECT_EQ(uae::widgets::installTranslations(app, QStringLiteral("de")), QStringLiteral("de"));
    {
        MainWindow window;
        EXPECT_EQ(window.areas()->tabText(4), QStringLiteral("Datensatz"));
        EXPECT_EQ(window.pipelineDock()->windowTitle(), QStringLiteral("Pipeline"));
    }
    removeTranslators();
    EXPECT_EQ(uae::widgets::installTranslations(app, QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    {
        MainWindow window;
        EXPECT_EQ(window.areas()->tabText(0), QStringLiteral("仪表板"));
    }
    removeTranslators();
    EXPECT_EQ(uae::widgets::installTranslations(app, QStringLiteral("en")), QStringLiteral("en"));
}

TEST(Resources, AppIconIsEmbedded) {
    isolateSettings();
    MainWindow window;
    EXPECT_FALSE(window.windowIcon().isNull());
    EXPECT_FALSE(window.windowIcon().pixmap(32, 32).isNull());
}

TEST(About, ListsLibraryVersions) {
    uae::widgets::AboutDialog dialog;
    const QString text = dialog.versionsText();
    EXPECT_TRUE(text.contains(QStringLiteral("LibTorch: 2.11.0"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("Qt: 6."))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("QCustomPlot: 2."))) << text.toStdString();
}

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    // Offscreen unless told otherwise (the Xvfb end-to-end test sets its own platform).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
