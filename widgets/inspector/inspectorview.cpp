#include "widgets/inspector/inspectorview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QScrollArea>
#include <QSlider>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

#include "core/store/runstore.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/common/coretext.h"
#include "widgets/common/icons.h"
#include "widgets/common/imageconvert.h"
#include "widgets/common/workspace.h"
#include "widgets/inspector/probecard.h"

namespace uae::widgets {

namespace {
constexpr int kPlayIntervalMs = 700;
constexpr int kPollMs = 2000;
constexpr int kCommitDelayMs = 400;
}  // namespace

InspectorView::InspectorView(Workspace* workspace, EngineBridge* bridge, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_bridge(bridge) {
    setObjectName(QStringLiteral("inspector"));
    setFocusPolicy(Qt::StrongFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* top = new QHBoxLayout();
    top->addWidget(new QLabel(tr("Run:"), this));
    m_runs = new QComboBox(this);
    m_runs->setObjectName(QStringLiteral("inspectorRun"));
    m_runs->setMinimumContentsLength(24);
    m_runs->setFocusPolicy(Qt::ClickFocus);
    top->addWidget(m_runs);
    m_play = new QToolButton(this);
    m_play->setObjectName(QStringLiteral("play"));
    m_play->setIcon(icon(QStringLiteral("play")));
    m_play->setCheckable(true);
    m_play->setToolTip(tr("Play through the snapshots (Space)"));
    m_play->setFocusPolicy(Qt::NoFocus);
    top->addWidget(m_play);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("snapshotSlider"));
    m_slider->setFocusPolicy(Qt::NoFocus);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setPageStep(1);
    top->addWidget(m_slider, 1);
    m_position = new QLabel(this);
    m_position->setObjectName(QStringLiteral("snapshotPosition"));
    m_position->setMinimumWidth(200);
    top->addWidget(m_position);
    layout->addLayout(top);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("inspectorSummary"));
    layout->addWidget(m_summary);

    auto* scroll = new QScrollArea(this);
    m_scroll = scroll;
    scroll->setWidgetResizable(true);
    scroll->setFocusPolicy(Qt::NoFocus);
    m_cardsHost = new QWidget(scroll);
    m_cardsLayout = new QVBoxLayout(m_cardsHost);
    m_cardsLayout->setContentsMargins(0, 0, 0, 0);
    m_cardsLayout->addStretch();
    scroll->setWidget(m_cardsHost);
    layout->addWidget(scroll, 1);

    auto* keys = new QLabel(tr("Keys: ←/→ previous/next snapshot · Home/End first/last · ↑/↓ probe · Space play"),
                            this);
    keys->setStyleSheet(QStringLiteral("QLabel { color: #666; }"));
    layout->addWidget(keys);

    m_playTimer = new QTimer(this);
    m_playTimer->setInterval(kPlayIntervalMs);
    connect(m_playTimer, &QTimer::timeout, this, [this] {
        if (currentIndex() + 1 >= snapshotCount()) play(false);
        else next();
    });
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(kPollMs);
    connect(m_pollTimer, &QTimer::timeout, this, [this] {
        if (!m_run || !m_workspace->store()) return;
        auto info = m_workspace->store()->findRun(m_run);
        if (info && store::isActive(info->status)) reloadSnapshots();
    });
    m_pollTimer->start();

    connect(m_play, &QToolButton::toggled, this, &InspectorView::play);
    connect(m_slider, &QSlider::valueChanged, this, &InspectorView::showTime);
    connect(m_runs, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_reloading) showRun(m_runs->currentData().toLongLong());
    });
    connect(m_workspace, &Workspace::runsChanged, this, &InspectorView::reloadRuns);
    // The engine reports a snapshot when its rows are queued to the store's writer, which
    // commits them within a fraction of a second: read now and once more shortly after.
    connect(m_bridge, &EngineBridge::snapshotTaken, this, [this](qint64 run) {
        if (run != m_run) return;
        reloadSnapshots();
        QTimer::singleShot(kCommitDelayMs, this, [this, run] {
            if (run == m_run) reloadSnapshots();
        });
    });
    connect(m_bridge, &EngineBridge::runFinished, this, [this](qint64 run) {
        if (run == m_run) reloadSnapshots();
    });
    connect(m_bridge, &EngineBridge::runStarted, this, [this](qint64 run) {
        reloadRuns();
        showRun(run);
    });
    reloadRuns();
}

void InspectorView::reloadRuns() {
    store::RunStore* store = m_workspace->store();
    if (!store) return;
    std::vector<store::RunInfo> runs;
    if (!capture([&] { runs = store->listRuns(); })) return;
    m_reloading = true;
    m_runs->clear();
    int keep = -1;
    for (const store::RunInfo& r : runs) {
        m_runs->addItem(statusIcon(r.status), QStringLiteral("#%1 %2").arg(r.id).arg(QString::fromStdString(r.name)),
                        static_cast<qint64>(r.id));
        if (r.id == m_run) keep = m_runs->count() - 1;
    }
    m_reloading = false;
    if (keep >= 0) m_runs->setCurrentIndex(keep);
    else if (!runs.empty()) showRun(runs.front().id);
    else showRun(0);
}

void InspectorView::showRun(qint64 run) {
    const bool changed = run != m_run;
    m_run = run;
    const int index = m_runs->findData(run);
    if (index >= 0 && m_runs->currentIndex() != index) {
        QSignalBlocker block(m_runs);
        m_runs->setCurrentIndex(index);
    }
    if (changed) {
        m_times.clear();
        m_images.clear();
        m_probes.clear();
        m_selected = 0;
        if (run && m_workspace->store()) capture([&] { m_probes = m_workspace->store()->probes(run); });
        buildCards();
    }
    reloadSnapshots();
    if (changed) setCurrentIndex(snapshotCount() - 1);
}

void InspectorView::buildCards() {
    for (ProbeCard* c : std::as_const(m_cards)) delete c;
    m_cards.clear();
    store::RunStore* store = m_workspace->store();
    for (const store::ProbeInfo& p : m_probes) {
        auto* card = new ProbeCard(p.probe, m_cardsHost);
        std::vector<std::uint8_t> png;
        capture([&] { png = store->probeImage(m_run, p.probe); });
        card->setOriginal(decodeImageBytes(png), QString::fromStdString(p.caption));
        card->clearSnapshot();
        connect(card, &ProbeCard::clicked, this, [this](int probe) {
            selectProbe(probe);
            setFocus();
        });
        m_cardsLayout->insertWidget(m_cardsLayout->count() - 1, card);
        m_cards << card;
    }
    selectProbe(m_cards.isEmpty() ? 0 : m_cards.front()->probe());
}

void InspectorView::reloadSnapshots() {
    store::RunStore* store = m_workspace->store();
    if (!store || !m_run) {
        m_times.clear();
        m_slider->setRange(0, 0);
        m_position->setText(tr("No run"));
        m_summary->clear();
        return;
    }
    std::vector<store::SnapshotInfo> list;
    if (!capture([&] { list = store->listSnapshots(m_run); })) return;
    const int oldCount = snapshotCount();
    const bool following = oldCount == 0 || currentIndex() == oldCount - 1;
    const std::string keepStage = oldCount ? m_times[currentIndex()].stage : std::string();
    const std::int64_t keepStep = oldCount ? m_times[currentIndex()].step : 0;

    std::vector<Time> times;
    for (const store::SnapshotInfo& s : list) {
        if (times.empty() || times.back().stage != s.stage || times.back().step != s.step)
            times.push_back({s.stage, s.step, {}});
        times.back().probes.insert(s.probe, s);
    }
    // A probe set may appear only with the first snapshot (engine writes it then).
    if (m_probes.empty() && !times.empty()) {
        capture([&] { m_probes = store->probes(m_run); });
        if (!m_probes.empty()) buildCards();
    }
    m_times = std::move(times);
    int target = snapshotCount() - 1;
    if (!following)
        for (int i = 0; i < snapshotCount(); ++i)
            if (m_times[i].stage == keepStage && m_times[i].step == keepStep) target = i;
    {
        QSignalBlocker block(m_slider);
        m_slider->setRange(0, std::max(0, snapshotCount() - 1));
        m_slider->setValue(std::max(0, target));
    }
    showTime(std::max(0, target));
}

int InspectorView::currentIndex() const { return m_slider->value(); }

void InspectorView::setCurrentIndex(int index) {
    if (snapshotCount() == 0) return;
    index = std::clamp(index, 0, snapshotCount() - 1);
    if (m_slider->value() == index) showTime(index);
    else m_slider->setValue(index);
}

QString InspectorView::stageAt(int index) const {
    return index >= 0 && index < snapshotCount() ? QString::fromStdString(m_times[index].stage) : QString();
}

qint64 InspectorView::stepAt(int index) const {
    return index >= 0 && index < snapshotCount() ? m_times[index].step : -1;
}

QImage InspectorView::snapshotImage(std::int64_t id) {
    if (QImage* cached = m_images.object(id)) return *cached;
    std::vector<std::uint8_t> png;
    capture([&] { png = m_workspace->store()->snapshotImage(id); });
    QImage image = decodeImageBytes(png);
    m_images.insert(id, new QImage(image));
    return image;
}

void InspectorView::showTime(int index) {
    if (index < 0 || index >= snapshotCount()) {
        for (ProbeCard* c : std::as_const(m_cards)) c->clearSnapshot();
        m_position->setText(m_run ? tr("No snapshots yet") : tr("No run"));
        m_summary->clear();
        return;
    }
    const Time& t = m_times[index];
    double sum = 0.0;
    int withSimilarity = 0, gained = 0;
    for (ProbeCard* card : std::as_const(m_cards)) {
        auto it = t.probes.find(card->probe());
        if (it == t.probes.end()) {
            card->clearSnapshot();
            continue;
        }
        QString previous;  // null: no earlier snapshot of this probe
        for (int j = index - 1; j >= 0; --j) {
            auto p = m_times[j].probes.find(card->probe());
            if (p != m_times[j].probes.end()) {
                previous = QString::fromStdString(p->caption);
                if (previous.isNull()) previous = QLatin1String("");
                break;
            }
        }
        card->setSnapshot(QString::fromStdString(it->caption), previous, snapshotImage(it->id), it->similarity);
        gained += card->gainedWords();
        if (it->similarity && std::isfinite(*it->similarity)) {
            sum += *it->similarity;
            ++withSimilarity;
        }
    }
    m_position->setText(positionText());
    QString summary = withSimilarity ? tr("Mean similarity %1").arg(sum / withSimilarity, 0, 'f', 3)
                                     : tr("No similarity recorded");
    summary += QStringLiteral(" · ") + tr("%1 words gained since the previous snapshot").arg(gained);
    m_summary->setText(summary);
}

QString InspectorView::positionText() const {
    const int i = currentIndex();
    if (i < 0 || i >= snapshotCount()) return {};
    return tr("%1 · step %2 (%3 of %4)")
        .arg(stageTitle(m_times[i].stage))
        .arg(m_times[i].step)
        .arg(i + 1)
        .arg(snapshotCount());
}

void InspectorView::selectProbe(int probe) {
    m_selected = probe;
    for (ProbeCard* c : std::as_const(m_cards)) {
        c->setSelected(c->probe() == probe);
        if (c->probe() == probe) m_scroll->ensureWidgetVisible(c);
    }
}

bool InspectorView::isPlaying() const { return m_playTimer->isActive(); }

void InspectorView::play(bool on) {
    if (on && snapshotCount() > 0) {
        if (currentIndex() + 1 >= snapshotCount()) setCurrentIndex(0);  // replay from the start
        m_playTimer->start();
    } else {
        m_playTimer->stop();
    }
    QSignalBlocker block(m_play);
    m_play->setChecked(m_playTimer->isActive());
}

void InspectorView::next() { setCurrentIndex(currentIndex() + 1); }
void InspectorView::previous() { setCurrentIndex(currentIndex() - 1); }

void InspectorView::keyPressEvent(QKeyEvent* event) {
    int probeIndex = 0;
    for (int i = 0; i < m_cards.size(); ++i)
        if (m_cards[i]->probe() == m_selected) probeIndex = i;
    switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_Period: next(); break;
    case Qt::Key_Left:
    case Qt::Key_Comma: previous(); break;
    case Qt::Key_Home: setCurrentIndex(0); break;
    case Qt::Key_End: setCurrentIndex(snapshotCount() - 1); break;
    case Qt::Key_Space: play(!isPlaying()); break;
    case Qt::Key_Down:
        if (probeIndex + 1 < m_cards.size()) selectProbe(m_cards[probeIndex + 1]->probe());
        break;
    case Qt::Key_Up:
        if (probeIndex > 0) selectProbe(m_cards[probeIndex - 1]->probe());
        break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

}  // namespace uae::widgets
