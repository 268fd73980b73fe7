// Measures how late the GUI event loop runs a timer: a precise timer fires every
// `intervalMs`; each firing records how much later than due it came. While training runs
// on worker threads this delay is what a user feels as lag (goal: p99 < 50 ms).
// GUI thread. Cheap: one timer event and a float push per interval.
#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <vector>

namespace uae::widgets {

class LatencyProbe : public QObject {
    Q_OBJECT
public:
    explicit LatencyProbe(int intervalMs = 10, QObject* parent = nullptr);

    void start();
    void stop();
    void reset();
    bool isRunning() const { return m_timer.isActive(); }

    int samples() const { return static_cast<int>(m_delaysMs.size()); }
    // The q-quantile (0..1) of the recorded delays in milliseconds; 0 without samples.
    double percentile(double q) const;
    double maxMs() const;
    double meanMs() const;
    QString summary() const;  // "p50 0.4 ms · p99 3.1 ms · max 12.0 ms (6000 samples)"
    QJsonObject toJson() const;
    // Writes toJson() plus `extra` to a file; false when it cannot.
    bool writeJson(const QString& file, const QJsonObject& extra = {}) const;

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    int m_intervalMs;
    std::vector<float> m_delaysMs;
};

}  // namespace uae::widgets
