#include "widgets/mainwindow/statuspanel.h"

#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QTimer>

#include <unistd.h>

#include "widgets/bridge/enginebridge.h"
#include "widgets/common/coretext.h"

namespace uae::widgets {

namespace {
constexpr int kTextIntervalMs = 200;  // the bar's text changes at most 5 times a second
constexpr int kMemoryIntervalMs = 2000;
}  // namespace

StatusPanel::StatusPanel(EngineBridge* bridge, QWidget* parent)
    : QWidget(parent), m_bridge(bridge), m_device(new QLabel(this)), m_progress(new QLabel(tr("No run"), this)),
      m_bar(new QProgressBar(this)), m_rate(new QLabel(this)), m_eta(new QLabel(this)), m_memory(new QLabel(this)),
      m_memoryTimer(new QTimer(this)) {
    setObjectName(QStringLiteral("statusPanel"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 0, 2, 0);
    m_progress->setObjectName(QStringLiteral("progressLabel"));
    m_bar->setObjectName(QStringLiteral("progressBar"));
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_bar->setMaximumWidth(160);
    m_bar->setMaximumHeight(14);
    m_bar->hide();
    m_rate->setObjectName(QStringLiteral("rateLabel"));
    m_eta->setObjectName(QStringLiteral("etaLabel"));
    m_memory->setObjectName(QStringLiteral("memoryLabel"));
    m_device->setObjectName(QStringLiteral("deviceLabel"));
    layout->addWidget(m_progress, 1);
    layout->addWidget(m_bar);
    layout->addWidget(m_rate);
    layout->addWidget(m_eta);
    layout->addWidget(m_memory);
    layout->addWidget(m_device);

    connect(m_bridge, &EngineBridge::stepFinished, this, &StatusPanel::onStep);
    connect(m_bridge, &EngineBridge::runStarted, this, [this](qint64 run, const QString& device) {
        m_progress->setText(tr("Run %1 starting on %2…").arg(run).arg(device));
        m_bar->setValue(0);
        m_bar->show();
    });
    connect(m_bridge, &EngineBridge::stateChanged, this, [this](int state) {
        if (static_cast<train::EngineState>(state) == train::EngineState::Paused)
            m_eta->setText(tr("paused"));
    });
    connect(m_bridge, &EngineBridge::runFinished, this, [this](qint64 run, int state) {
        m_progress->setText(tr("Run %1: %2").arg(run).arg(engineStateText(static_cast<train::EngineState>(state))));
        m_rate->clear();
        m_eta->clear();
        m_bar->hide();
    });
    connect(m_memoryTimer, &QTimer::timeout, this, &StatusPanel::updateMemory);
    m_memoryTimer->start(kMemoryIntervalMs);
    updateMemory();
}

void StatusPanel::setDeviceText(const QString& text) { m_device->setText(text); }
QString StatusPanel::deviceText() const { return m_device->text(); }
QString StatusPanel::progressText() const { return m_progress->text(); }
QString StatusPanel::rateText() const { return m_rate->text(); }
QString StatusPanel::etaText() const { return m_eta->text(); }
QString StatusPanel::memoryText() const { return m_memory->text(); }
int StatusPanel::progressValue() const { return m_bar->value(); }

QString StatusPanel::formatDuration(double seconds) {
    if (!(seconds >= 0) || seconds > 1e8) return QStringLiteral("—");
    const qint64 s = static_cast<qint64>(seconds + 0.5);
    if (s < 60) return tr("%1 s").arg(s);
    if (s < 3600) return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

qint64 StatusPanel::residentBytes() {
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly)) return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2) return 0;
    return fields[1].toLongLong() * static_cast<qint64>(sysconf(_SC_PAGESIZE));
}

void StatusPanel::updateMemory() {
    const qint64 bytes = residentBytes();
    m_memory->setText(bytes > 0 ? tr("Memory: %1").arg(QLocale().formattedDataSize(bytes)) : QString());
}

void StatusPanel::onStep(const train::StepReport& u) {
    // The last step of a stage always shows; others at most every kTextIntervalMs.
    if (m_lastText.isValid() && m_lastText.elapsed() < kTextIntervalMs && u.step != u.totalSteps) return;
    m_lastText.start();
    m_progress->setText(tr("Run %1 · %2 (%3/%4) · step %5 / %6")
                            .arg(u.run)
                            .arg(stageTitle(u.stage))
                            .arg(u.stageIndex + 1)
                            .arg(u.stageCount)
                            .arg(u.step)
                            .arg(u.totalSteps));
    const double stageDone = u.totalSteps > 0 ? static_cast<double>(u.step) / u.totalSteps : 0.0;
    const double runDone = u.stageCount > 0 ? (u.stageIndex + stageDone) / u.stageCount : stageDone;
    m_bar->show();
    m_bar->setValue(static_cast<int>(runDone * 1000));
    m_rate->setText(tr("%1 steps/s").arg(u.stepsPerSecond, 0, 'f', u.stepsPerSecond < 10 ? 2 : 1));
    m_eta->setText(tr("ETA %1").arg(formatDuration(u.etaSeconds)));
}

}  // namespace uae::widgets
