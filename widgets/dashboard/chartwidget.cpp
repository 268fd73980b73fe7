#include "widgets/dashboard/chartwidget.h"

#include <QEvent>
#include <QFocusEvent>
#include <QFontMetrics>
#include <QMouseEvent>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace uae::widgets {

namespace {

// Distinct colours for the series of one chart (Tableau 10, readable on white).
const QColor kPalette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                           QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                           QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                           QColor(0x17, 0xbe, 0xcf)};
constexpr int kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);
const Qt::PenStyle kRunStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine};

bool endsWith(const QString& name, const char* suffix) { return name.endsWith(QLatin1String(suffix)); }

}  // namespace

namespace {
constexpr int kLegendColumns = 3;  // at most

// A legend grid's maximum width is the sum of its columns' (next to nothing when empty), and in
// the plot layout's single column it capped the title and the axis rect too: charts were drawn
// squeezed to the left. This legend never asks for less than any width.
class WideLegend : public QCPLegend {
public:
    QSize maximumOuterSizeHint() const override { return {QWIDGETSIZE_MAX, QCPLegend::maximumOuterSizeHint().height()}; }
};
constexpr int kPlotMinHeight = 220;
}  // namespace

ChartWidget::ChartWidget(ChartKind kind, const QString& title, QWidget* parent)
    : QWidget(parent), m_kind(kind), m_titleText(title), m_plot(new QCustomPlot(this)) {
    setObjectName(QStringLiteral("chart-%1").arg(static_cast<int>(kind)));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMinimumHeight(kPlotMinHeight);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->plotLayout()->insertRow(0);
    QFont titleFont = font();
    titleFont.setBold(true);
    m_title = new QCPTextElement(m_plot, title, titleFont);
    m_plot->plotLayout()->addElement(0, 0, m_title);
    m_plot->xAxis->setLabel(tr("step"));
    // The legend goes below the plot: our own, as wide as the plot (see WideLegend).
    {
        QCPLegend* original = m_plot->legend;
        m_plot->axisRect()->insetLayout()->take(original);
        delete original;
        m_plot->legend = new WideLegend;
        m_plot->plotLayout()->addElement(2, 0, m_plot->legend);
        m_plot->legend->setLayer(QStringLiteral("legend"));
    }
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() - 1.5));
    m_plot->legend->setFont(small);
    m_plot->legend->setVisible(false);
    // The legend goes below the plot, in columns: inside the axis rect a chart of many
    // series (losses of every stage, the other metrics) was covered by its own legend.
    m_plot->plotLayout()->setRowStretchFactor(2, 0.001);
    m_plot->plotLayout()->setRowSpacing(0);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(kLegendColumns);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setRowSpacing(0);
    m_plot->legend->setColumnSpacing(8);
    m_plot->legend->setMargins(QMargins(4, 0, 4, 2));

    m_emptyText = new QCPItemText(m_plot);
    m_emptyText->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyText->position->setCoords(0.5, 0.5);
    m_emptyText->setText(tr("No data for the runs shown"));
    m_emptyText->setColor(QColor(130, 130, 130));

    m_tracer = new QCPItemTracer(m_plot);
    m_tracer->setStyle(QCPItemTracer::tsCircle);
    m_tracer->setSize(8);
    m_tracer->setPen(QPen(Qt::black, 1.5));
    m_tracer->setVisible(false);
    m_tracerText = new QCPItemText(m_plot);
    m_tracerText->position->setType(QCPItemPosition::ptAbsolute);
    m_tracerText->setPadding(QMargins(4, 2, 4, 2));
    m_tracerText->setBrush(QColor(255, 255, 224, 235));
    m_tracerText->setPen(QPen(QColor(120, 120, 120)));
    m_tracerText->setFont(small);
    m_tracerText->setVisible(false);

    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        showValueAt(e->pos());
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(m_plot, &QCustomPlot::mousePress, this, [this] {
        m_autoRange = false;
        Q_EMIT activated(this);
    });
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] {
        m_autoRange = false;
        Q_EMIT activated(this);
    });
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] { resetZoom(); });
    m_plot->installEventFilter(this);
    m_plot->setFocusPolicy(Qt::ClickFocus);
}

bool ChartWidget::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_plot && event->type() == QEvent::Leave) {
        m_tracer->setVisible(false);
        m_tracerText->setVisible(false);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    if (watched == m_plot && event->type() == QEvent::FocusIn) Q_EMIT activated(this);
    if (watched == m_plot && event->type() == QEvent::Resize && layoutLegend()) m_plot->replot(QCustomPlot::rpQueuedReplot);
    return QWidget::eventFilter(watched, event);
}

bool ChartWidget::layoutLegend() {
    QCPLegend* legend = m_plot->legend;
    // itemCount() counts the grid's cells, and a wrapped grid has empty ones (item() null).
    int count = 0;
    int widest = 1;
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (QCPAbstractLegendItem* item = legend->item(i)) {
            ++count;
            widest = std::max(widest, item->minimumOuterSizeHint().width());
        }
    }
    // As many columns as fit the plot's width, so the legend never makes the chart wider.
    const int available = m_plot->width() - legend->margins().left() - legend->margins().right();
    const int columns = std::clamp(available / (widest + legend->columnSpacing()), 1, kLegendColumns);
    const bool changed = columns != legend->wrap();
    if (changed) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, /*rearrange=*/true);
    }
    // The plot keeps its height: the widget grows with the legend's rows.
    const int rows = (count + columns - 1) / columns;
    m_plot->setMinimumHeight(kPlotMinHeight + rows * QFontMetrics(legend->font()).height());
    return changed;
}

ChartWidget::Series& ChartWidget::ensure(const SeriesKey& key, const QString& label, int runIndex) {
    auto it = m_series.find(key.id());
    if (it == m_series.end()) {
        Series s;
        s.key = key;
        s.label = label;
        s.runIndex = runIndex;
        const QString slot = key.stage + QLatin1Char('|') + key.name;
        if (!m_colourSlots.contains(slot)) m_colourSlots.insert(slot, static_cast<int>(m_colourSlots.size()));
        s.colourIndex = m_colourSlots.value(slot);
        it = m_series.insert(key.id(), s);
    }
    it->label = label;
    it->runIndex = runIndex;
    return *it;
}

void ChartWidget::setSeries(const SeriesKey& key, const QString& label, int runIndex, const QVector<double>& x,
                            const QVector<double>& y, bool markers) {
    Series& s = ensure(key, label, runIndex);
    s.x = x;
    s.y = y;
    s.markers = markers;
    m_dirty = true;
}

void ChartWidget::appendPoint(const SeriesKey& key, const QString& label, int runIndex, double x, double y) {
    Series& s = ensure(key, label, runIndex);
    if (!s.x.isEmpty() && x <= s.x.back()) {
        const int keep = static_cast<int>(std::lower_bound(s.x.begin(), s.x.end(), x) - s.x.begin());
        s.x.resize(keep);
        s.y.resize(keep);
    }
    s.x.push_back(x);
    s.y.push_back(y);
    m_dirty = true;
}

void ChartWidget::removeGraphs(Series& s) {
    for (QCPGraph** g : {&s.raw, &s.line, &s.bandLow, &s.bandHigh}) {
        if (*g) m_plot->removeGraph(*g);
        *g = nullptr;
    }
}

void ChartWidget::removeRun(qint64 run) {
    for (auto it = m_series.begin(); it != m_series.end();) {
        if (it->key.run == run) {
            removeGraphs(*it);
            it = m_series.erase(it);
        } else {
            ++it;
        }
    }
    m_tracer->setGraph(nullptr);
    m_dirty = true;
}

void ChartWidget::clear() {
    for (Series& s : m_series) removeGraphs(s);
    m_series.clear();
    m_colourSlots.clear();
    m_tracer->setGraph(nullptr);
    m_dirty = true;
}

int ChartWidget::pointCount(const SeriesKey& key) const {
    auto it = m_series.find(key.id());
    return it == m_series.end() ? 0 : static_cast<int>(it->x.size());
}

QVector<double> ChartWidget::displayedValues(const SeriesKey& key) const {
    auto it = m_series.find(key.id());
    return it == m_series.end() ? QVector<double>() : smoothSeries(it->y, m_smoothing);
}

const ChartWidget::Series* ChartWidget::bandMean(const Series& s) const {
    if (!endsWith(s.key.name, "_std")) return nullptr;
    SeriesKey mean = s.key;
    mean.name = s.key.name.left(s.key.name.size() - 4) + QStringLiteral("_mean");
    auto it = m_series.find(mean.id());
    return it == m_series.end() ? nullptr : &*it;
}

QColor ChartWidget::colourOf(const Series& s) const { return kPalette[s.colourIndex % kPaletteSize]; }

void ChartWidget::rebuild(Series& s) {
    const QColor colour = colourOf(s);
    const Qt::PenStyle style = kRunStyles[s.runIndex % 5];
    auto keep = [this](double y) { return std::isfinite(y) && (!m_log || y > 0.0); };
    auto filtered = [&](const QVector<double>& xs, const QVector<double>& ys, QVector<double>& fx, QVector<double>& fy) {
        fx.clear();
        fy.clear();
        for (int i = 0; i < xs.size() && i < ys.size(); ++i)
            if (keep(ys[i])) {
                fx.push_back(xs[i]);
                fy.push_back(ys[i]);
            }
    };
    QVector<double> fx, fy;

    if (const Series* mean = bandMean(s)) {
        // The spread as a band around the (smoothed) mean; no line of its own.
        if (s.line) m_plot->removeGraph(s.line), s.line = nullptr;
        if (s.raw) m_plot->removeGraph(s.raw), s.raw = nullptr;
        if (!s.bandLow) {
            s.bandLow = m_plot->addGraph();
            s.bandHigh = m_plot->addGraph();
            s.bandLow->removeFromLegend();
            s.bandHigh->removeFromLegend();
            s.bandHigh->setChannelFillGraph(s.bandLow);
        }
        QColor fill = kPalette[mean->colourIndex % kPaletteSize];
        fill.setAlpha(45);
        s.bandLow->setPen(Qt::NoPen);
        s.bandHigh->setPen(Qt::NoPen);
        s.bandHigh->setBrush(fill);
        const QVector<double> m = smoothSeries(mean->y, m_smoothing);
        const QVector<double> sd = smoothSeries(s.y, m_smoothing);
        QVector<double> bx, lo, hi;
        for (int i = 0, j = 0; i < mean->x.size(); ++i) {
            while (j < s.x.size() && s.x[j] < mean->x[i]) ++j;
            if (j < s.x.size() && s.x[j] == mean->x[i] && std::isfinite(m[i]) && std::isfinite(sd[j])) {
                bx.push_back(mean->x[i]);
                lo.push_back(m[i] - sd[j]);
                hi.push_back(m[i] + sd[j]);
            }
        }
        if (m_log) {
            for (double& v : lo) v = std::max(v, 1e-12);
        }
        s.bandLow->setData(bx, lo, true);
        s.bandHigh->setData(bx, hi, true);
        return;
    }

    if (!s.line) {
        s.line = m_plot->addGraph();
        s.line->setName(s.label);
    }
    s.line->setName(s.label);
    QPen pen(colour, 1.8, style);
    s.line->setPen(pen);
    s.line->setScatterStyle(s.markers ? QCPScatterStyle(QCPScatterStyle::ssDisc, 6) : QCPScatterStyle());
    filtered(s.x, smoothSeries(s.y, m_smoothing), fx, fy);
    s.line->setData(fx, fy, true);

    if (m_smoothing > 0.0 && !s.markers) {
        if (!s.raw) {
            s.raw = m_plot->addGraph();
            s.raw->removeFromLegend();
            s.raw->setSelectable(QCP::stNone);
        }
        QColor faint = colour;
        faint.setAlpha(60);
        s.raw->setPen(QPen(faint, 1.0, style));
        filtered(s.x, s.y, fx, fy);
        s.raw->setData(fx, fy, true);
    } else if (s.raw) {
        m_plot->removeGraph(s.raw);
        s.raw = nullptr;
    }
}

void ChartWidget::refresh() {
    if (!m_dirty) return;
    m_dirty = false;
    for (Series& s : m_series) rebuild(s);
    m_plot->legend->setVisible(!m_series.isEmpty());
    layoutLegend();
    m_emptyText->setVisible(m_series.isEmpty());
    if (m_series.isEmpty()) {
        // No leftover axes of runs no longer shown.
        m_plot->xAxis->setRange(0, 1);
        m_plot->yAxis->setRange(m_log ? 0.1 : 0.0, 1);
    } else if (m_autoRange) {
        m_plot->rescaleAxes(true);
        // A flat series still gets a visible range.
        QCPRange y = m_plot->yAxis->range();
        if (m_zeroBased && !m_log) {
            // From the values themselves: rescaleAxes widens a flat series to +-0.5.
            double lower = 0.0, upper = 0.0;
            for (const Series& s : std::as_const(m_series))
                for (double v : s.y)
                    if (std::isfinite(v)) lower = std::min(lower, v), upper = std::max(upper, v);
            if (upper <= lower) upper = lower + 1.0;
            m_plot->yAxis->setRange(lower, upper + 0.1 * (upper - lower));
            const QCPRange x = m_plot->xAxis->range();
            const double pad = (m_stepLabels.isEmpty() ? 0.08 : 0.2) * x.size();  // room for a label under an end
            m_plot->xAxis->setRange(x.lower - pad, x.upper + pad);
        } else if (y.size() <= 0.0 || !std::isfinite(y.size())) {
            m_plot->yAxis->setRange(y.lower - 0.5, y.upper + 0.5);
        } else if (!m_log) {
            m_plot->yAxis->scaleRange(1.08, y.center());
        }
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ChartWidget::setSmoothing(double weight) {
    if (weight == m_smoothing) return;
    m_smoothing = weight;
    m_dirty = true;
    refresh();
}

void ChartWidget::setLogScale(bool on) {
    if (on == m_log) return;
    m_log = on;
    m_plot->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on) m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    m_dirty = true;
    m_autoRange = true;
    refresh();
}

void ChartWidget::setZeroBased(bool on) {
    if (on == m_zeroBased) return;
    m_zeroBased = on;
    m_dirty = true;
}

void ChartWidget::setStepLabels(const QMap<double, QString>& labels) {
    if (labels == m_stepLabels) return;
    m_stepLabels = labels;
    if (labels.isEmpty()) {
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        m_plot->xAxis->setLabel(tr("step"));
    } else {
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        for (auto it = labels.begin(); it != labels.end(); ++it) ticker->addTick(it.key(), it.value());
        m_plot->xAxis->setTicker(ticker);
        m_plot->xAxis->setLabel(tr("evaluated after the stage"));
    }
    m_dirty = true;
}

void ChartWidget::resetZoom() {
    m_autoRange = true;
    m_dirty = true;
    refresh();
}

void ChartWidget::zoom(double factor) {
    m_autoRange = false;
    m_plot->xAxis->scaleRange(1.0 / factor, m_plot->xAxis->range().center());
    m_plot->yAxis->scaleRange(1.0 / factor, m_plot->yAxis->range().center());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ChartWidget::setHighlighted(bool on) {
    m_title->setTextColor(on ? QColor(0x1a, 0x5f, 0xd0) : QColor(Qt::black));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

bool ChartWidget::savePng(const QString& file, int width, int height) {
    refresh();
    m_tracer->setVisible(false);
    m_tracerText->setVisible(false);
    return m_plot->savePng(file, width, height);
}

QString ChartWidget::showValueAt(const QPoint& pixel) {
    const double mx = m_plot->xAxis->pixelToCoord(pixel.x());
    const Series* best = nullptr;
    int bestIndex = -1;
    double bestDistance = 0.0;
    for (const Series& s : m_series) {
        if (!s.line) continue;
        const QVector<double> ys = smoothSeries(s.y, m_smoothing);
        const int i = nearestIndex(s.x, mx);
        if (i < 0 || !std::isfinite(ys[i]) || (m_log && ys[i] <= 0.0)) continue;
        const double dx = m_plot->xAxis->coordToPixel(s.x[i]) - pixel.x();
        const double dy = m_plot->yAxis->coordToPixel(ys[i]) - pixel.y();
        const double d = std::hypot(dx, dy);
        if (!best || d < bestDistance) {
            best = &s;
            bestIndex = i;
            bestDistance = d;
        }
    }
    if (!best || bestDistance > 60.0) {
        m_tracer->setVisible(false);
        m_tracerText->setVisible(false);
        return {};
    }
    const double y = smoothSeries(best->y, m_smoothing)[bestIndex];
    m_tracer->setGraph(nullptr);
    m_tracer->position->setCoords(best->x[bestIndex], y);
    m_tracer->setVisible(true);
    QString text = tr("%1 — step %2: %3").arg(best->label).arg(best->x[bestIndex]).arg(y, 0, 'g', 5);
    if (m_smoothing > 0.0 && y != best->y[bestIndex]) text += tr(" (raw %1)").arg(best->y[bestIndex], 0, 'g', 5);
    m_tracerText->setText(text);
    const QPointF at(m_plot->xAxis->coordToPixel(best->x[bestIndex]), m_plot->yAxis->coordToPixel(y));
    const bool right = at.x() > m_plot->axisRect()->center().x();
    m_tracerText->setPositionAlignment((right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
    m_tracerText->position->setCoords(at.x() + (right ? -8 : 8), at.y() - 6);
    m_tracerText->setVisible(true);
    return text;
}

}  // namespace uae::widgets
