// One dashboard chart: a QCustomPlot with any number of metric series, each keyed by
// (run, stage, metric). Several runs overlay (a pen style per run); a "<x>_std" series
// beside its "<x>_mean" is drawn as a band around the mean (reward spread). Smoothing
// (EMA, the raw series kept faint), log scale, zoom and pan with the mouse (double-click
// resets), the value under the mouse shown by a tracer, and saving as PNG.
//
// Data changes mark the chart dirty; refresh() rebuilds what changed and replots, so a
// caller that appends many points replots once (the dashboard calls it on a timer).
// GUI thread only.
#pragma once

#include <QColor>
#include <QMap>
#include <QPointer>
#include <QString>
#include <QVector>
#include <QWidget>

#include "widgets/dashboard/seriesmath.h"

class QCustomPlot;
class QCPGraph;
class QCPItemTracer;
class QCPItemText;
class QCPTextElement;

namespace uae::widgets {

struct SeriesKey {
    qint64 run = 0;
    QString stage;
    QString name;
    QString id() const { return QString::number(run) + QLatin1Char('|') + stage + QLatin1Char('|') + name; }
};

class ChartWidget : public QWidget {
    Q_OBJECT
public:
    ChartWidget(ChartKind kind, const QString& title, QWidget* parent = nullptr);

    ChartKind kind() const { return m_kind; }
    QString title() const { return m_titleText; }
    QCustomPlot* plot() const { return m_plot; }

    // Replaces a series' points (x sorted ascending). `runIndex` picks the pen style.
    void setSeries(const SeriesKey& key, const QString& label, int runIndex, const QVector<double>& x,
                   const QVector<double>& y, bool markers = false);
    // Appends one point; a point at or before the last x (a resumed run repeating steps)
    // first drops the points from that x on.
    void appendPoint(const SeriesKey& key, const QString& label, int runIndex, double x, double y);
    void removeRun(qint64 run);
    void clear();

    int seriesCount() const { return static_cast<int>(m_series.size()); }
    int pointCount(const SeriesKey& key) const;
    QVector<double> displayedValues(const SeriesKey& key) const;  // after smoothing (what is drawn)
    bool hasSeries(const SeriesKey& key) const { return m_series.contains(key.id()); }

    void setSmoothing(double weight);
    void setLogScale(bool on);
    bool logScale() const { return m_log; }
    void resetZoom();
    void zoom(double factor);  // > 1 zooms in around the centre
    bool autoRange() const { return m_autoRange; }
    // The value axis' automatic range reaches down to 0 (scores: a small change is not
    // blown up to the chart's height). Linear scale only.
    // Also pads the step axis so that markers at its ends show whole.
    void setZeroBased(bool on);
    bool zeroBased() const { return m_zeroBased; }
    // Names steps on the step axis instead of numbers ("g4u" at the step g4u ended);
    // empty: numbers.
    void setStepLabels(const QMap<double, QString>& labels);
    // The dashboard's current chart (the one the toolbar acts on) has a coloured title.
    void setHighlighted(bool on);

    // Rebuilds dirty series and replots; a no-op when nothing changed.
    void refresh();
    bool savePng(const QString& file, int width = 0, int height = 0);
    // The value nearest to a point in widget pixels of the plot ("label — step: value"),
    // and shows it there; empty when there is nothing near.
    QString showValueAt(const QPoint& pixel);

Q_SIGNALS:
    void activated(uae::widgets::ChartWidget* chart);  // clicked or focused: the dashboard's current chart

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Series {
        SeriesKey key;
        QString label;
        int runIndex = 0;
        int colourIndex = 0;
        bool markers = false;
        QVector<double> x, y;
        QCPGraph* raw = nullptr;
        QCPGraph* line = nullptr;
        QCPGraph* bandLow = nullptr;
        QCPGraph* bandHigh = nullptr;
    };
    Series& ensure(const SeriesKey& key, const QString& label, int runIndex);
    const Series* bandMean(const Series& stdSeries) const;  // the "_mean" of a "_std", if any
    void rebuild(Series& s);
    void removeGraphs(Series& s);
    QColor colourOf(const Series& s) const;
    bool layoutLegend();  // columns for the plot's width; true when they changed

    ChartKind m_kind;
    QString m_titleText;
    QCustomPlot* m_plot;
    QCPTextElement* m_title = nullptr;
    QCPItemTracer* m_tracer = nullptr;
    QCPItemText* m_tracerText = nullptr;
    QCPItemText* m_emptyText = nullptr;  // shown while the chart has no series
    QMap<QString, Series> m_series;
    QMap<QString, int> m_colourSlots;  // stage|name -> palette index
    double m_smoothing = 0.0;
    bool m_log = false;
    bool m_dirty = false;
    bool m_autoRange = true;
    bool m_zeroBased = false;
    QMap<double, QString> m_stepLabels;
};

}  // namespace uae::widgets
