// The dashboard: live charts of a run's metric series (losses, reward mean and spread,
// KL, clip fraction, caption length, benchmark scores, the rest), for one run or several
// overlaid. History comes from the run store; points of a run trained in this window
// arrive through the bridge's stepFinished, and a timer reads new points of any other
// active run (trained by `uae` in another process) from the store. The x axis is the
// step within the whole pipeline: each stage starts where the one before ended.
//
// GUI thread. Store reads are incremental (only points after the last step seen per
// series), so the polling stays cheap while a run trains.
#pragma once

#include <QMap>
#include <QSet>
#include <QVector>
#include <QWidget>

#include "widgets/dashboard/chartwidget.h"

class QCheckBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QSlider;
class QTimer;

namespace uae::widgets {

class EngineBridge;
class Workspace;
struct StepUpdate;

class DashboardView : public QWidget {
    Q_OBJECT
public:
    DashboardView(Workspace* workspace, EngineBridge* bridge, QWidget* parent = nullptr);

    // The runs shown (overlaid), in the order of the list.
    QList<qint64> shownRuns() const;
    void setRunShown(qint64 run, bool shown);
    ChartWidget* chart(ChartKind kind) const { return m_charts.value(static_cast<int>(kind)); }
    ChartWidget* currentChart() const { return m_current; }
    QListWidget* runList() const { return m_runs; }

    void setSmoothing(double weight);  // 0 .. 0.99
    double smoothing() const { return m_smoothing; }
    void setLogScale(bool on);  // the current chart
    void setCurrentChart(ChartWidget* chart);
    // Saves a chart as PNG; false (and a message) when it cannot.
    bool saveChart(ChartKind kind, const QString& file);

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
        QMap<QString, qint64> lastStep;        // stage|metric -> last step read or received
        bool active = false;
    };
    void loadRun(qint64 run);
    void updateOffsets(qint64 run, RunData& data);
    void readNewPoints(qint64 run, RunData& data);
    void readBenchmarks(qint64 run, RunData& data);
    void onStepFinished(const StepUpdate& update);
    QString seriesLabel(qint64 run, const QString& stage, const QString& name) const;

    Workspace* m_workspace;
    EngineBridge* m_bridge;
    QListWidget* m_runs = nullptr;
    QSlider* m_smoothingSlider = nullptr;
    QLabel* m_smoothingLabel = nullptr;
    QCheckBox* m_log = nullptr;
    QLabel* m_message = nullptr;
    QMap<int, ChartWidget*> m_charts;
    ChartWidget* m_current = nullptr;
    QMap<qint64, RunData> m_shown;
    double m_smoothing = 0.0;
    QTimer* m_pollTimer = nullptr;
    QTimer* m_replotTimer = nullptr;
    bool m_reloading = false;
};

}  // namespace uae::widgets
