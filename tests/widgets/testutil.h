// Shared helpers of the widget tests: scratch settings and workspaces, and waiting for
// the event loop (queued signals from worker threads) without sleeping blindly.
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSettings>
#include <QTemporaryDir>
#include <QThread>

#include <functional>

namespace uae::widgets::test {

// Settings go to a scratch location so tests never read a user's saved window state.
inline void isolateSettings() {
    QSettings::setDefaultFormat(QSettings::IniFormat);
    // One folder per process: CTest runs GUI tests side by side, and a shared file would let
    // one test's clear() wipe what another has just saved.
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       QStringLiteral(UAE_TEST_OUTPUT_DIR "/settings-%1").arg(QCoreApplication::applicationPid()));
    QCoreApplication::setOrganizationName(QStringLiteral("UAE Studio Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_widgets"));
    QSettings().clear();
}

// Processes events until `done` holds or `timeoutMs` passes; returns done().
inline bool waitUntil(const std::function<bool()>& done, int timeoutMs = 10000) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

// Processes events for `ms` milliseconds.
inline void pumpEvents(int ms) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(1);
    }
}

// A workspace folder removed at the end of the test.
struct TempWorkspace {
    QTemporaryDir dir{QDir::tempPath() + QStringLiteral("/uae-widgets-XXXXXX")};
    QString path() const { return dir.path() + QStringLiteral("/ws"); }
};

}  // namespace uae::widgets::test
