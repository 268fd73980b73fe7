// The dashboard: live charts of a run's metric series (losses, reward mean and spread,
// KL, clip fraction, caption length, the rest) and one small chart per benchmark (each on
// its own scale: GenEval's 0-1 beside scores of 0-100), for one run or several overlaid.
// Every point comes from the run store: the history when a run is shown, then a timer
// reads the new points of shown, active runs, whether this window's engine or `uae` in
// another process trains them (the bridge only says which run just started, to show it).
// The x axis is the step within the whole pipeline: each stage starts where the one
// before ended.
//
// GUI thread. Store reads are incremental (only points after the last step read per
// series), so the polling stays cheap while a run trains.
#pragma once

#include <QMap>
#include <QSet>
#include <QVector>
#include <QWidget>

#include "widgets/dashboard/chartwidget.h"

class QCheckBox;
class QGridLayout;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QSlider;
class QTimer;

namespace uae::widgets {

class EngineBridge;
class Workspace;

class DashboardView : public QWidget {
    Q_OBJECT
public:
    DashboardView(Workspace* workspace, EngineBridge* bridge, QWidget* parent = nullptr);

    // The runs shown (overlaid), in the order of the list.
    QList<qint64> shownRuns() const;
    void setRunShown(qint64 run, bool shown);
    // The chart of a kind; null for ChartKind::Benchmarks (see benchmarkChart).
    ChartWidget* chart(ChartKind kind) const { return m_charts.value(static_cast<int>(kind)); }
    // The chart of one benchmark ("geneval-shapes"), null while no shown run has it.
    ChartWidget* benchmarkChart(const QString& benchmark) const { return m_benchCharts.value(benchmark); }
    QStringList benchmarks() const { return m_benchCharts.keys(); }
    ChartWidget* currentChart() const { return m_current; }
    QListWidget* runList() const { return m_runs; }

    void setSmoothing(double weight);  // 0 .. 0.99
    double smoothing() const { return m_smoothing; }
    void setLogScale(bool on);  // the current chart
    void setCurrentChart(ChartWidget* chart);
    // Saves a chart as PNG; false (and a message) when it cannot.
    bool saveChart(ChartKind kind, const QString& file);
    bool saveChart(ChartWidget* chart, const QString& file);

public Q_SLOTS:
    void reloadRuns();     // the run list (keeps what is checked)
    void pollStore();      // new points of shown, active runs
    void refreshCharts();  // replots dirty charts
    void saveCurrentChart();  // asks for a file

private:
    struct RunData {
        int index = 0;                         // overlay position (pen style)
        QString name;
        QMap<QString, qint64> stageOffset;     // stage -> x offset
        QMap<QString, qint64> lastStep;        // stage|metric -> last step read
        bool active = false;                   // may still write points: polled
    };
    void loadRun(qint64 run);
    void updateOffsets(qint64 run, RunData& data);
    void readNewPoints(qint64 run, RunData& data);
    void readBenchmarks(qint64 run, RunData& data);
    void clearCharts();  // every series; the benchmark charts go
    ChartWidget* ensureBenchmarkChart(const QString& benchmark);
    QList<ChartWidget*> allCharts() const;
    QString seriesLabel(qint64 run, const QString& stage, const QString& name) const;

    Workspace* m_workspace;
    EngineBridge* m_bridge;
    QListWidget* m_runs = nullptr;
    QSlider* m_smoothingSlider = nullptr;
    QLabel* m_smoothingLabel = nullptr;
    QCheckBox* m_log = nullptr;
    QLabel* m_message = nullptr;
    QMap<int, ChartWidget*> m_charts;           // by ChartKind, all but Benchmarks
    QMap<QString, ChartWidget*> m_benchCharts;  // by benchmark name
    QMap<QString, QMap<double, QString>> m_stepLabels;  // benchmark -> step -> stage it followed
    QWidget* m_benchPanel = nullptr;            // holds the benchmark charts
    QGridLayout* m_benchGrid = nullptr;
    QLabel* m_benchEmpty = nullptr;
    ChartWidget* m_current = nullptr;
    QMap<qint64, RunData> m_shown;
    double m_smoothing = 0.0;
    QTimer* m_pollTimer = nullptr;
    QTimer* m_replotTimer = nullptr;
    bool m_reloading = false;
};

}  // namespace uae::widgets
