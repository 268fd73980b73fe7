// The status bar's content: device, the run and stage in progress, step / total with a
// progress bar, steps per second, ETA, and the process's memory. Fed by the bridge's
// signals (text updated at most a few times a second) and a memory timer. GUI thread.
#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QTimer;

namespace uae::train {
struct StepReport;
}

namespace uae::widgets {

class EngineBridge;

class StatusPanel : public QWidget {
    Q_OBJECT
public:
    explicit StatusPanel(EngineBridge* bridge, QWidget* parent = nullptr);

    void setDeviceText(const QString& text);
    QString deviceText() const;
    QString progressText() const;
    QString rateText() const;
    QString etaText() const;
    QString memoryText() const;
    int progressValue() const;  // permille of the whole run

    // "1:02:03" / "4:05" / "12 s"
    static QString formatDuration(double seconds);
    // Resident memory of this process in bytes (0 when unknown).
    static qint64 residentBytes();

public Q_SLOTS:
    void updateMemory();

private:
    void onStep(const train::StepReport& report);

    EngineBridge* m_bridge;
    QLabel* m_device;
    QLabel* m_progress;
    QProgressBar* m_bar;
    QLabel* m_rate;
    QLabel* m_eta;
    QLabel* m_memory;
    QTimer* m_memoryTimer;
    QElapsedTimer m_lastText;
};

}  // namespace uae::widgets
