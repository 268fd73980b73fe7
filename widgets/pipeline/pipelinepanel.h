// The pipeline panel (left dock): a preset, the run's name, device and seed; the queue of
// stages in pipeline order (check to include, status icon, progress); the selected
// stage's settings form; Start / Pause / Resume / Stop. Starting builds a
// train::PipelineConfig from the forms (validated by core) and hands it to the bridge;
// while a run is active the forms are read-only and the queue follows the bridge's
// signals. GUI thread; owns its widgets, not the bridge or the workspace.
#pragma once

#include <QMap>
#include <QWidget>

#include "core/train/pipelineconfig.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace uae::train {
struct StepReport;
}

namespace uae::widgets {

class EngineBridge;
class StageForm;
class Workspace;

class PipelinePanel : public QWidget {
    Q_OBJECT
public:
    PipelinePanel(EngineBridge* bridge, Workspace* workspace, QWidget* parent = nullptr);

    // Replaces every setting with a preset's ("tiny", "cpu-demo", "gpu").
    void loadPreset(const QString& name);
    // The forms' run and stages: the preset's config with the checked stages' settings.
    train::PipelineConfig config() const;
    // Loads a config (e.g. from a JSON file or a run) into the forms.
    void setConfig(const train::PipelineConfig& config);
    // Every included stage's form is valid and at least one stage is included.
    bool configValid() const;
    QString problemsText() const;

    QTreeWidget* queue() const { return m_queue; }
    StageForm* form(train::StageKind kind) const { return m_forms.value(static_cast<int>(kind)); }
    QString messageText() const;
    QAction* startAction() const { return m_start; }
    QAction* pauseAction() const { return m_pause; }
    QAction* resumeAction() const { return m_resume; }
    QAction* stopAction() const { return m_stop; }

public Q_SLOTS:
    void start();
    void pause();
    void resume();
    void stop();
    // Shows a run's stages and settings (a run resumed elsewhere, e.g. from the runs browser).
    void showRun(qint64 run);
    bool loadConfigFile(const QString& file);
    bool saveConfigFile(const QString& file) const;

Q_SIGNALS:
    void runStarted(qint64 run);  // a run started from this panel

private:
    void buildQueue();
    QTreeWidgetItem* stageItem(const QString& stageName) const;
    void setStageStatus(QTreeWidgetItem* item, int status, const QString& progress = {});
    void resetStatuses();
    void updateActions();
    void setMessage(const QString& text, bool error);
    void onStepFinished(const train::StepReport& report);
    void onRunFinished(qint64 run, int state, const QString& message);

    EngineBridge* m_bridge;
    Workspace* m_workspace;
    QComboBox* m_preset = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_device = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_processes = nullptr;
    QTreeWidget* m_queue = nullptr;
    QStackedWidget* m_formStack = nullptr;
    QLabel* m_formTitle = nullptr;
    QMap<int, StageForm*> m_forms;  // by StageKind
    QLabel* m_message = nullptr;
    QAction* m_start = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_resume = nullptr;
    QAction* m_stop = nullptr;
    train::PipelineConfig m_base;  // the preset the forms started from (world, models, ...)
    qint64 m_shownRun = 0;
};

}  // namespace uae::widgets
