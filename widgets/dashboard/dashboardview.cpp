#include "widgets/dashboard/dashboardview.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <map>

#include "core/store/runstore.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/common/coretext.h"
#include "widgets/common/icons.h"
#include "widgets/common/workspace.h"

namespace uae::widgets {

namespace {

constexpr int kRunRole = Qt::UserRole;
constexpr int kPollMs = 1000;
constexpr int kBenchColumns = 2;
constexpr int kReplotMs = 250;

QString chartTitle(ChartKind kind) {
    switch (kind) {
    case ChartKind::Losses: return DashboardView::tr("Losses");
    case ChartKind::Reward: return DashboardView::tr("Reward (mean and spread)");
    case ChartKind::Kl: return DashboardView::tr("KL to the reference policy");
    case ChartKind::ClipFraction: return DashboardView::tr("Clip fraction");
    case ChartKind::CaptionLength: return DashboardView::tr("Caption length (words)");
    case ChartKind::Benchmarks: return DashboardView::tr("Benchmark scores");
    case ChartKind::Other: return DashboardView::tr("Other metrics");
    }
    return {};
}

QString metricKey(const QString& stage, const QString& name) { return stage + QLatin1Char('|') + name; }

// A run that may still write points: queued (created, its worker not yet running), running or paused.
bool mayGrow(store::RunStatus status) { return status == store::RunStatus::Queued || store::isActive(status); }

}  // namespace

DashboardView::DashboardView(Workspace* workspace, EngineBridge* bridge, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_bridge(bridge) {
    setObjectName(QStringLiteral("dashboard"));
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);
    auto* splitter = new QSplitter(this);
    outer->addWidget(splitter);

    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Runs (check to overlay):"), left));
    m_runs = new QListWidget(left);
    m_runs->setObjectName(QStringLiteral("dashboardRuns"));
    leftLayout->addWidget(m_runs);
    splitter->addWidget(left);

    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* tools = new QHBoxLayout();
    tools->addWidget(new QLabel(tr("Smoothing:"), right));
    m_smoothingSlider = new QSlider(Qt::Horizontal, right);
    m_smoothingSlider->setObjectName(QStringLiteral("smoothing"));
    m_smoothingSlider->setRange(0, 99);
    m_smoothingSlider->setMaximumWidth(180);
    tools->addWidget(m_smoothingSlider);
    m_smoothingLabel = new QLabel(QStringLiteral("0.00"), right);
    m_smoothingLabel->setMinimumWidth(32);
    tools->addWidget(m_smoothingLabel);
    m_log = new QCheckBox(tr("Log scale"), right);
    m_log->setObjectName(QStringLiteral("logScale"));
    m_log->setToolTip(tr("Logarithmic value axis for the current chart"));
    tools->addWidget(m_log);
    auto button = [right, tools](const QString& iconName, const QString& tip) {
        auto* b = new QToolButton(right);
        b->setIcon(icon(iconName));
        b->setToolTip(tip);
        b->setAutoRaise(true);
        tools->addWidget(b);
        return b;
    };
    QToolButton* reset = button(QStringLiteral("zoom-reset"), tr("Reset the zoom of the current chart (double-click)"));
    QToolButton* save = button(QStringLiteral("save"), tr("Save the current chart as PNG…"));
    save->setObjectName(QStringLiteral("saveChart"));
    tools->addStretch();
    m_message = new QLabel(right);
    m_message->setObjectName(QStringLiteral("dashboardMessage"));
    tools->addWidget(m_message);
    rightLayout->addLayout(tools);

    auto* scroll = new QScrollArea(right);
    scroll->setWidgetResizable(true);
    auto* grid = new QWidget(scroll);
    auto* gridLayout = new QGridLayout(grid);
    gridLayout->setContentsMargins(0, 0, 0, 0);
    int cell = 0;
    for (int k = 0; k < kChartKindCount; ++k) {
        const auto kind = static_cast<ChartKind>(k);
        if (kind == ChartKind::Benchmarks) continue;  // one chart per benchmark, below
        auto* chart = new ChartWidget(kind, chartTitle(kind), grid);
        m_charts.insert(k, chart);
        gridLayout->addWidget(chart, cell / 2, cell % 2);
        ++cell;
        connect(chart, &ChartWidget::activated, this, &DashboardView::setCurrentChart);
    }
    // Benchmarks have their own scales (GenEval-Shapes 0-1, Unified-Bench-Shapes 0-100):
    // a small chart each, its value axis starting at 0, in a panel across the whole width.
    m_benchPanel = new QWidget(grid);
    m_benchPanel->setObjectName(QStringLiteral("benchmarkCharts"));
    auto* benchLayout = new QVBoxLayout(m_benchPanel);
    benchLayout->setContentsMargins(0, 6, 0, 0);
    auto* benchTitle = new QLabel(chartTitle(ChartKind::Benchmarks), m_benchPanel);
    QFont bold = benchTitle->font();
    bold.setBold(true);
    benchTitle->setFont(bold);
    benchTitle->setAlignment(Qt::AlignHCenter);
    benchLayout->addWidget(benchTitle);
    m_benchEmpty = new QLabel(tr("No benchmark results for the runs shown"), m_benchPanel);
    m_benchEmpty->setAlignment(Qt::AlignHCenter);
    m_benchEmpty->setStyleSheet(QStringLiteral("color: gray"));
    benchLayout->addWidget(m_benchEmpty);
    m_benchGrid = new QGridLayout();
    m_benchGrid->setContentsMargins(0, 0, 0, 0);
    benchLayout->addLayout(m_benchGrid);
    gridLayout->addWidget(m_benchPanel, (cell + 1) / 2, 0, 1, 2);
    scroll->setWidget(grid);
    rightLayout->addWidget(scroll, 1);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 900});
    setCurrentChart(m_charts.value(0));

    connect(m_smoothingSlider, &QSlider::valueChanged, this, [this](int v) { setSmoothing(v / 100.0); });
    connect(m_log, &QCheckBox::toggled, this, &DashboardView::setLogScale);
    connect(reset, &QToolButton::clicked, this, [this] { m_current->resetZoom(); });
    connect(save, &QToolButton::clicked, this, &DashboardView::saveCurrentChart);
    connect(m_runs, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (m_reloading) return;
        setRunShown(item->data(kRunRole).toLongLong(), item->checkState() == Qt::Checked);
    });

    connect(m_workspace, &Workspace::opened, this, [this] {
        clearCharts();
        m_shown.clear();
        reloadRuns();
    });
    connect(m_workspace, &Workspace::runsChanged, this, &DashboardView::reloadRuns);
    // The only signal the dashboard follows: a run this window started is shown at once.
    // Its points, like those of any run, are read from the store (pollStore).
    connect(m_bridge, &EngineBridge::runStarted, this, [this](qint64 run) {
        reloadRuns();
        setRunShown(run, true);
    });

    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(kPollMs);
    connect(m_pollTimer, &QTimer::timeout, this, &DashboardView::pollStore);
    m_pollTimer->start();
    m_replotTimer = new QTimer(this);
    m_replotTimer->setInterval(kReplotMs);
    connect(m_replotTimer, &QTimer::timeout, this, &DashboardView::refreshCharts);
    m_replotTimer->start();
    reloadRuns();
}

void DashboardView::reloadRuns() {
    store::RunStore* store = m_workspace->store();
    if (!store) return;
    std::vector<store::RunInfo> runs;
    if (!capture([&] { runs = store->listRuns(); })) return;
    m_reloading = true;
    m_runs->clear();
    for (const store::RunInfo& r : runs) {
        auto* item = new QListWidgetItem(statusIcon(r.status),
                                         QStringLiteral("#%1 %2").arg(r.id).arg(QString::fromStdString(r.name)), m_runs);
        item->setToolTip(tr("%1 · preset %2").arg(runStatusText(r.status), QString::fromStdString(r.preset)));
        item->setData(kRunRole, static_cast<qint64>(r.id));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(m_shown.contains(r.id) ? Qt::Checked : Qt::Unchecked);
    }
    m_reloading = false;
    // Runs deleted meanwhile leave the charts.
    for (qint64 run : m_shown.keys()) {
        bool present = false;
        for (const auto& r : runs) present = present || r.id == run;
        if (!present) setRunShown(run, false);
    }
    // The newest run is shown when nothing is.
    if (m_shown.isEmpty() && !runs.empty()) setRunShown(runs.front().id, true);
}

QList<qint64> DashboardView::shownRuns() const {
    QList<qint64> out;
    for (int i = 0; i < m_runs->count(); ++i)
        if (m_runs->item(i)->checkState() == Qt::Checked) out << m_runs->item(i)->data(kRunRole).toLongLong();
    return out;
}

void DashboardView::setRunShown(qint64 run, bool shown) {
    if (shown == m_shown.contains(run)) return;
    m_reloading = true;
    for (int i = 0; i < m_runs->count(); ++i)
        if (m_runs->item(i)->data(kRunRole).toLongLong() == run)
            m_runs->item(i)->setCheckState(shown ? Qt::Checked : Qt::Unchecked);
    m_reloading = false;
    // Labels name the run once several are overlaid, so every shown run is reloaded.
    const QList<qint64> before = m_shown.keys();
    clearCharts();
    m_shown.clear();
    QList<qint64> runs = before;
    if (shown) runs << run;
    else runs.removeAll(run);
    for (qint64 r : runs) {
        RunData data;
        data.index = static_cast<int>(m_shown.size());
        m_shown.insert(r, data);
    }
    for (qint64 r : runs) loadRun(r);
    refreshCharts();
}

QString DashboardView::seriesLabel(qint64 run, const QString& stage, const QString& name) const {
    // "bench/caption-shapes" of the stage "bench" is not repeated as "bench/bench/...".
    const bool named = stage.isEmpty() || name.startsWith(stage + QLatin1Char('/'));
    const QString base = named ? name : stage + QLatin1Char('/') + name;
    if (m_shown.size() > 1) return QStringLiteral("#%1 %2").arg(run).arg(base);
    return base;
}

void DashboardView::updateOffsets(qint64 run, RunData& data) {
    std::vector<store::StageInfo> stages;
    if (!capture([&] { stages = m_workspace->store()->stages(run); })) return;
    qint64 offset = 0;
    for (const store::StageInfo& s : stages) {
        data.stageOffset.insert(QString::fromStdString(s.name), offset);
        offset += std::max<std::int64_t>(s.totalSteps, s.step);
    }
}

void DashboardView::loadRun(qint64 run) {
    store::RunStore* store = m_workspace->store();
    if (!store || !m_shown.contains(run)) return;
    RunData& data = m_shown[run];
    if (auto info = store->findRun(run)) {
        data.name = QString::fromStdString(info->name);
        data.active = mayGrow(info->status);
    }
    updateOffsets(run, data);
    std::vector<std::string> names;
    if (!capture([&] { names = store->metricNames(run); })) return;
    for (const std::string& n : names) {
        const QString name = QString::fromStdString(n);
        // "bench/<name>" repeats a benchmark's overall score: its chart reads the results.
        if (chartForMetric(name) == ChartKind::Benchmarks) continue;
        std::vector<store::MetricPoint> points;
        if (!capture([&] { points = store->readMetrics(run, n); })) continue;
        // Split by stage (the store orders by stage, then step).
        std::map<std::string, std::pair<QVector<double>, QVector<double>>> byStage;
        for (const store::MetricPoint& p : points) {
            auto& [xs, ys] = byStage[p.stage];
            xs.push_back(static_cast<double>(data.stageOffset.value(QString::fromStdString(p.stage)) + p.step));
            ys.push_back(p.value);
            data.lastStep[metricKey(QString::fromStdString(p.stage), name)] = p.step;
        }
        ChartWidget* chart = m_charts.value(static_cast<int>(chartForMetric(name)));
        for (const auto& [stage, xy] : byStage) {
            const QString st = QString::fromStdString(stage);
            chart->setSeries({run, st, name}, seriesLabel(run, st, name), data.index, xy.first, xy.second);
        }
    }
    readBenchmarks(run, data);
}

void DashboardView::readBenchmarks(qint64 run, RunData& data) {
    std::vector<store::BenchmarkInfo> results;
    if (!capture([&] { results = m_workspace->store()->benchmarks(run); })) return;
    std::map<std::string, std::pair<QVector<double>, QVector<double>>> series;
    std::map<std::string, std::vector<std::pair<double, double>>> points;
    std::map<std::string, QMap<double, QString>> labels;  // the stage each score followed
    for (const store::BenchmarkInfo& b : results) {
        if (b.metric != "overall") continue;
        const QString stage = QString::fromStdString(b.stage);
        const double x = static_cast<double>(data.stageOffset.value(stage) + b.step);
        points[b.benchmark].push_back({x, b.value});
        labels[b.benchmark].insert(x, tr("%1\nstep %2").arg(stage).arg(x));
    }
    for (auto& [bench, pts] : points) {
        std::sort(pts.begin(), pts.end());
        QVector<double> xs, ys;
        for (const auto& [x, y] : pts) xs << x, ys << y;
        const QString name = QString::fromStdString(bench);
        // The chart is titled by the benchmark; its series name the run; its step axis names
        // the stages the scores followed (those of every shown run).
        ChartWidget* chart = ensureBenchmarkChart(name);
        chart->setSeries({run, QString(), name}, QStringLiteral("#%1 %2").arg(run).arg(data.name), data.index, xs, ys,
                         true);
        QMap<double, QString> steps = labels[bench];
        steps.insert(m_stepLabels.value(name));
        m_stepLabels.insert(name, steps);
        chart->setStepLabels(steps);
    }
}

ChartWidget* DashboardView::ensureBenchmarkChart(const QString& benchmark) {
    if (ChartWidget* chart = m_benchCharts.value(benchmark)) return chart;
    auto* chart = new ChartWidget(ChartKind::Benchmarks, benchmark, m_benchPanel);
    chart->setObjectName(QStringLiteral("benchmark-") + benchmark);
    chart->setZeroBased(true);  // scores of a few evaluations: drawn as they are, never smoothed
    m_benchCharts.insert(benchmark, chart);
    connect(chart, &ChartWidget::activated, this, &DashboardView::setCurrentChart);
    // In name order, kBenchColumns to a row.
    int i = 0;
    for (ChartWidget* c : std::as_const(m_benchCharts)) {
        m_benchGrid->removeWidget(c);
        m_benchGrid->addWidget(c, i / kBenchColumns, i % kBenchColumns);
        ++i;
    }
    m_benchEmpty->hide();
    return chart;
}

void DashboardView::clearCharts() {
    for (ChartWidget* c : std::as_const(m_charts)) c->clear();
    if (m_benchCharts.values().contains(m_current)) setCurrentChart(m_charts.value(0));
    for (ChartWidget* c : std::as_const(m_benchCharts)) delete c;
    m_benchCharts.clear();
    m_stepLabels.clear();
    m_benchEmpty->show();
}

QList<ChartWidget*> DashboardView::allCharts() const { return m_charts.values() + m_benchCharts.values(); }

void DashboardView::readNewPoints(qint64 run, RunData& data) {
    store::RunStore* store = m_workspace->store();
    std::vector<std::string> names;
    std::vector<store::StageInfo> stages;
    if (!capture([&] {
            names = store->metricNames(run);
            stages = store->stages(run);
        }))
        return;
    for (const store::StageInfo& s : stages) {
        // Only stages that are training (or just were, for their last rows) have new points.
        const QString stage = QString::fromStdString(s.name);
        if (!store::isActive(s.status) && !data.stageOffset.contains(stage)) continue;
        if (s.status == store::RunStatus::Queued) continue;
        for (const std::string& n : names) {
            const QString name = QString::fromStdString(n);
            if (chartForMetric(name) == ChartKind::Benchmarks) continue;  // see loadRun
            const QString key = metricKey(stage, name);
            if (!store::isActive(s.status) && data.lastStep.value(key, -1) >= s.step) continue;
            std::vector<store::MetricPoint> points;
            if (!capture([&] { points = store->readMetrics(run, n, data.lastStep.value(key, -1), s.name); })) continue;
            if (points.empty()) continue;
            ChartWidget* chart = m_charts.value(static_cast<int>(chartForMetric(name)));
            const qint64 offset = data.stageOffset.value(stage);
            for (const store::MetricPoint& p : points)
                chart->appendPoint({run, stage, name}, seriesLabel(run, stage, name), data.index,
                                   static_cast<double>(offset + p.step), p.value);
            data.lastStep[key] = points.back().step;
        }
    }
}

void DashboardView::pollStore() {
    if (!m_workspace->store()) return;
    for (auto it = m_shown.begin(); it != m_shown.end(); ++it) {
        auto info = m_workspace->store()->findRun(it.key());
        if (!info) continue;
        const bool active = mayGrow(info->status);
        // One last read after a run ends picks up its final rows.
        if (!active && !it->active) continue;
        updateOffsets(it.key(), *it);
        readNewPoints(it.key(), *it);
        readBenchmarks(it.key(), *it);
        it->active = active;
    }
}

void DashboardView::refreshCharts() {
    for (ChartWidget* c : allCharts()) c->refresh();
}

void DashboardView::setSmoothing(double weight) {
    m_smoothing = weight;
    m_smoothingLabel->setText(QString::number(weight, 'f', 2));
    if (m_smoothingSlider->value() != qRound(weight * 100)) {
        QSignalBlocker block(m_smoothingSlider);
        m_smoothingSlider->setValue(qRound(weight * 100));
    }
    for (ChartWidget* c : std::as_const(m_charts)) c->setSmoothing(weight);
}

void DashboardView::setLogScale(bool on) {
    if (m_current) m_current->setLogScale(on);
    if (m_log->isChecked() != on) {
        QSignalBlocker block(m_log);
        m_log->setChecked(on);
    }
}

void DashboardView::setCurrentChart(ChartWidget* chart) {
    if (m_current) m_current->setHighlighted(false);
    m_current = chart;
    if (!chart) return;
    chart->setHighlighted(true);
    QSignalBlocker block(m_log);
    m_log->setChecked(chart->logScale());
}

bool DashboardView::saveChart(ChartKind kind, const QString& file) {
    return saveChart(m_charts.value(static_cast<int>(kind)), file);
}

bool DashboardView::saveChart(ChartWidget* chart, const QString& file) {
    const bool ok = chart && chart->savePng(file, 1000, 600);
    m_message->setText(ok ? tr("Saved %1").arg(file) : tr("Could not save %1").arg(file));
    return ok;
}

void DashboardView::saveCurrentChart() {
    if (!m_current) return;
    const QString file = QFileDialog::getSaveFileName(this, tr("Save chart as PNG"),
                                                      m_current->title() + QStringLiteral(".png"),
                                                      tr("PNG images (*.png)"));
    if (!file.isEmpty()) saveChart(m_current, file);
}

}  // namespace uae::widgets
