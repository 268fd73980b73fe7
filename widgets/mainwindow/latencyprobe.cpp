#include "widgets/mainwindow/latencyprobe.h"

#include <QFile>
#include <QJsonDocument>

#include <algorithm>
#include <numeric>

namespace uae::widgets {

LatencyProbe::LatencyProbe(int intervalMs, QObject* parent) : QObject(parent), m_intervalMs(intervalMs) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LatencyProbe::tick);
    m_delaysMs.reserve(1 << 16);
}

void LatencyProbe::start() {
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void LatencyProbe::stop() { m_timer.stop(); }

void LatencyProbe::reset() {
    m_delaysMs.clear();
    m_lastNs = m_clock.isValid() ? m_clock.nsecsElapsed() : 0;
}

void LatencyProbe::tick() {
    const qint64 now = m_clock.nsecsElapsed();
    if (m_lastNs > 0) {
        const double late = (now - m_lastNs) / 1e6 - m_intervalMs;
        m_delaysMs.push_back(static_cast<float>(std::max(0.0, late)));
    }
    m_lastNs = now;
}

double LatencyProbe::percentile(double q) const {
    if (m_delaysMs.empty()) return 0.0;
    std::vector<float> sorted = m_delaysMs;
    const size_t k = std::min(sorted.size() - 1, static_cast<size_t>(q * (sorted.size() - 1) + 0.5));
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), sorted.end());
    return sorted[k];
}

double LatencyProbe::maxMs() const {
    return m_delaysMs.empty() ? 0.0 : *std::max_element(m_delaysMs.begin(), m_delaysMs.end());
}

double LatencyProbe::meanMs() const {
    return m_delaysMs.empty() ? 0.0
                              : std::accumulate(m_delaysMs.begin(), m_delaysMs.end(), 0.0) / m_delaysMs.size();
}

QString LatencyProbe::summary() const {
    return tr("p50 %1 ms · p99 %2 ms · max %3 ms (%4 samples)")
        .arg(percentile(0.5), 0, 'f', 1)
        .arg(percentile(0.99), 0, 'f', 1)
        .arg(maxMs(), 0, 'f', 1)
        .arg(samples());
}

QJsonObject LatencyProbe::toJson() const {
    return {{QStringLiteral("interval_ms"), m_intervalMs},
            {QStringLiteral("samples"), samples()},
            {QStringLiteral("p50_ms"), percentile(0.5)},
            {QStringLiteral("p90_ms"), percentile(0.9)},
            {QStringLiteral("p99_ms"), percentile(0.99)},
            {QStringLiteral("max_ms"), maxMs()},
            {QStringLiteral("mean_ms"), meanMs()}};
}

bool LatencyProbe::writeJson(const QString& file, const QJsonObject& extra) const {
    QJsonObject o = toJson();
    for (auto it = extra.begin(); it != extra.end(); ++it) o.insert(it.key(), it.value());
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return out.write(QJsonDocument(o).toJson()) > 0;
}

}  // namespace uae::widgets
