#include "widgets/pipeline/pipelinepanel.h"

#include <QAction>
#include <QComboBox>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/common/device.h"
#include "core/common/error.h"
#include "core/store/runstore.h"
#include "widgets/bridge/enginebridge.h"
#include "widgets/common/coretext.h"
#include "widgets/common/icons.h"
#include "widgets/common/workspace.h"
#include "widgets/pipeline/stageform.h"

namespace uae::widgets {

namespace {

constexpr int kKindRole = Qt::UserRole;
constexpr int kStatusRole = Qt::UserRole + 1;
constexpr int kNoStatus = -1;

const train::StageKind kAllKinds[] = {train::StageKind::Judges,     train::StageKind::EncoderSft,
                                      train::StageKind::DecoderPretrain, train::StageKind::ColdStart,
                                      train::StageKind::G4U,        train::StageKind::U4G,
                                      train::StageKind::Bench};

// A data-parallel run splits every stage's batch over the processes: refuse up front what the
// workers would refuse after starting.
void checkProcesses(const train::PipelineConfig& c, int processes) {
    for (const auto& s : c.stages) {
        if (!s.settings.contains("batch")) continue;
        const auto batch = s.settings.at("batch").get<int64_t>();
        if (batch % processes != 0)
            throw Error(ErrorKind::InvalidArgument, std::string(train::stageKindName(s.kind)) + ".batch = " + std::to_string(batch) +
                                                        " does not split over " + std::to_string(processes) +
                                                        " processes; make it a multiple of the process count");
    }
}

// The uae program that runs the worker processes: UAE_EXE when set, beside uae-studio, else
// on the PATH.
QString cliPath() {
    const QString fromEnv = qEnvironmentVariable("UAE_EXE");
    if (!fromEnv.isEmpty()) return fromEnv;
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/uae");
    if (QFileInfo(beside).isExecutable()) return beside;
    const QString found = QStandardPaths::findExecutable(QStringLiteral("uae"));
    return found.isEmpty() ? beside : found;
}

}  // namespace

PipelinePanel::PipelinePanel(EngineBridge* bridge, Workspace* workspace, QWidget* parent)
    : QWidget(parent), m_bridge(bridge), m_workspace(workspace) {
    setObjectName(QStringLiteral("pipelinePanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* runBox = new QGroupBox(tr("Run"), this);
    auto* runForm = new QFormLayout(runBox);
    m_preset = new QComboBox(runBox);
    m_preset->setObjectName(QStringLiteral("preset"));
    m_preset->addItem(tr("Tiny (tests, a minute or two)"), QStringLiteral("tiny"));
    m_preset->addItem(tr("CPU demo (under 30 minutes on 2 cores)"), QStringLiteral("cpu-demo"));
    m_preset->addItem(tr("GPU (one H100 / H200)"), QStringLiteral("gpu"));
    runForm->addRow(tr("Preset:"), m_preset);
    m_name = new QLineEdit(runBox);
    m_name->setObjectName(QStringLiteral("runName"));
    m_name->setPlaceholderText(tr("automatic"));
    runForm->addRow(tr("Name:"), m_name);
    m_device = new QComboBox(runBox);
    m_device->setObjectName(QStringLiteral("device"));
    m_device->addItem(tr("Automatic"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    if (cudaAvailable()) m_device->addItem(tr("CUDA"), QStringLiteral("cuda"));
    runForm->addRow(tr("Device:"), m_device);
    m_seed = new QSpinBox(runBox);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, 999999999);
    runForm->addRow(tr("Seed:"), m_seed);
    m_processes = new QSpinBox(runBox);
    m_processes->setObjectName(QStringLiteral("processes"));
    m_processes->setRange(1, 64);
    m_processes->setToolTip(tr("Worker processes of one data-parallel run (torch.distributed): each takes its "
                               "share of every batch. 1 trains inside this window."));
    runForm->addRow(tr("Processes:"), m_processes);
    layout->addWidget(runBox);

    auto* queueLabel = new QLabel(tr("Stages (the queue, in pipeline order):"), this);
    layout->addWidget(queueLabel);
    m_queue = new QTreeWidget(this);
    m_queue->setObjectName(QStringLiteral("stageQueue"));
    m_queue->setColumnCount(2);
    m_queue->setHeaderLabels({tr("Stage"), tr("Progress")});
    m_queue->setRootIsDecorated(false);
    m_queue->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_queue->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_queue->header()->setStretchLastSection(false);
    m_queue->setMinimumHeight(170);
    layout->addWidget(m_queue, 1);

    m_formTitle = new QLabel(this);
    m_formTitle->setObjectName(QStringLiteral("formTitle"));
    layout->addWidget(m_formTitle);
    m_formStack = new QStackedWidget(this);
    for (train::StageKind kind : kAllKinds) {
        auto* form = new StageForm(kind, m_formStack);
        m_forms.insert(static_cast<int>(kind), form);
        m_formStack->addWidget(form);
        connect(form, &StageForm::validityChanged, this, [this] { updateActions(); });
    }
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_formStack);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::StyledPanel);
    layout->addWidget(scroll, 2);

    m_start = new QAction(icon(QStringLiteral("start")), tr("&Start"), this);
    m_start->setObjectName(QStringLiteral("startAction"));
    m_start->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_start->setToolTip(tr("Start a new run with the checked stages (Ctrl+Return)"));
    m_pause = new QAction(icon(QStringLiteral("pause")), tr("&Pause"), this);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_pause->setToolTip(tr("Pause after the current step (Ctrl+Shift+P)"));
    m_resume = new QAction(icon(QStringLiteral("resume")), tr("&Resume"), this);
    m_resume->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_resume->setToolTip(tr("Continue a paused run (Ctrl+Shift+R)"));
    m_stop = new QAction(icon(QStringLiteral("stop")), tr("S&top"), this);
    m_stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_stop->setToolTip(tr("Stop gracefully: finish the step, save a checkpoint (Ctrl+.)"));
    connect(m_start, &QAction::triggered, this, &PipelinePanel::start);
    connect(m_pause, &QAction::triggered, this, &PipelinePanel::pause);
    connect(m_resume, &QAction::triggered, this, &PipelinePanel::resume);
    connect(m_stop, &QAction::triggered, this, &PipelinePanel::stop);
    auto* buttons = new QToolBar(this);
    buttons->setObjectName(QStringLiteral("pipelineButtons"));
    buttons->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    buttons->addAction(m_start);
    buttons->addAction(m_pause);
    buttons->addAction(m_resume);
    buttons->addAction(m_stop);
    layout->addWidget(buttons);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("pipelineMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    const auto showForm = [this](QTreeWidgetItem* item) {
        if (!item) return;
        const int kind = item->data(0, kKindRole).toInt();
        m_formStack->setCurrentWidget(m_forms.value(kind));
        m_formTitle->setText(tr("<b>Settings of %1</b>").arg(item->text(0).toHtmlEscaped()));
    };
    connect(m_queue, &QTreeWidget::currentItemChanged, this, showForm);
    buildQueue();
    showForm(m_queue->currentItem());
    connect(m_queue, &QTreeWidget::itemChanged, this, [this] { updateActions(); });
    connect(m_preset, &QComboBox::activated, this, [this] { loadPreset(m_preset->currentData().toString()); });

    connect(m_bridge, &EngineBridge::stateChanged, this, [this] { updateActions(); });
    connect(m_bridge, &EngineBridge::runStarted, this, [this](qint64 run) {
        if (run != m_shownRun) showRun(run);
    });
    connect(m_bridge, &EngineBridge::stageStarted, this,
            [this](qint64 run, const QString& stage, int, int, qint64 first, qint64 total) {
                if (run != m_shownRun) return;
                setStageStatus(stageItem(stage), static_cast<int>(store::RunStatus::Running),
                               QStringLiteral("%1 / %2").arg(first).arg(total));
            });
    connect(m_bridge, &EngineBridge::stepFinished, this, &PipelinePanel::onStepFinished);
    connect(m_bridge, &EngineBridge::stageFinished, this, [this](qint64 run, const QString& stage) {
        if (run == m_shownRun) setStageStatus(stageItem(stage), static_cast<int>(store::RunStatus::Finished));
    });
    connect(m_bridge, &EngineBridge::runFinished, this, &PipelinePanel::onRunFinished);

    loadPreset(QStringLiteral("tiny"));
}

void PipelinePanel::buildQueue() {
    for (train::StageKind kind : kAllKinds) {
        auto* item = new QTreeWidgetItem(m_queue);
        item->setText(0, stageTitle(kind));
        item->setData(0, kKindRole, static_cast<int>(kind));
        item->setData(0, kStatusRole, kNoStatus);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(0, Qt::Checked);
        item->setToolTip(0, QString::fromLatin1(train::stageKindName(kind)));
    }
    m_queue->setCurrentItem(m_queue->topLevelItem(0));
}

void PipelinePanel::loadPreset(const QString& name) {
    if (m_bridge->isActive()) return;
    train::PipelineConfig preset;
    Status st = capture([&] { preset = train::presetConfig(name.toStdString()); });
    if (!st) {
        setMessage(QString::fromStdString(st.message), true);
        return;
    }
    setConfig(preset);
    setMessage(tr("Preset \"%1\" loaded.").arg(name), false);
}

void PipelinePanel::setConfig(const train::PipelineConfig& config) {
    m_base = config;
    const int presetIndex = m_preset->findData(QString::fromStdString(config.preset));
    if (presetIndex >= 0) m_preset->setCurrentIndex(presetIndex);
    m_name->setText(QString::fromStdString(config.name));
    int deviceIndex = m_device->findData(QString::fromStdString(config.device));
    if (deviceIndex < 0 && config.device.rfind("cuda", 0) == 0) deviceIndex = m_device->findData(QStringLiteral("cuda"));
    m_device->setCurrentIndex(deviceIndex >= 0 ? deviceIndex : 0);
    m_seed->setValue(static_cast<int>(config.seed));
    QSignalBlocker block(m_queue);
    for (int i = 0; i < m_queue->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_queue->topLevelItem(i);
        const auto kind = static_cast<train::StageKind>(item->data(0, kKindRole).toInt());
        const train::StageConfig* stage = config.stage(kind);
        item->setCheckState(0, stage ? Qt::Checked : Qt::Unchecked);
        m_forms.value(static_cast<int>(kind))
            ->setSettings(stage ? stage->settings : train::defaultStage(kind).settings);
    }
    resetStatuses();
    updateActions();
}

train::PipelineConfig PipelinePanel::config() const {
    train::PipelineConfig c = m_base;
    c.preset = m_preset->currentData().toString().toStdString();
    c.name = m_name->text().trimmed().toStdString();
    c.device = m_device->currentData().toString().toStdString();
    c.seed = static_cast<uint64_t>(m_seed->value());
    c.stages.clear();
    for (int i = 0; i < m_queue->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_queue->topLevelItem(i);
        if (item->checkState(0) != Qt::Checked) continue;
        train::StageConfig stage;
        stage.kind = static_cast<train::StageKind>(item->data(0, kKindRole).toInt());
        stage.settings = m_forms.value(static_cast<int>(stage.kind))->settings();
        c.stages.push_back(stage);
    }
    return c;
}

bool PipelinePanel::configValid() const { return problemsText().isEmpty(); }

QString PipelinePanel::problemsText() const {
    QStringList problems;
    int included = 0;
    for (int i = 0; i < m_queue->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_queue->topLevelItem(i);
        if (item->checkState(0) != Qt::Checked) continue;
        ++included;
        for (const QString& p : m_forms.value(item->data(0, kKindRole).toInt())->problems())
            problems << item->text(0) + QStringLiteral(" — ") + p;
    }
    if (included == 0) problems << tr("Check at least one stage.");
    return problems.join(QLatin1Char('\n'));
}

QString PipelinePanel::messageText() const { return m_message->text(); }

void PipelinePanel::setMessage(const QString& text, bool error) {
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { color: #c0142b; }") : QString());
}

void PipelinePanel::start() {
    if (m_bridge->isActive()) return;
    if (!configValid()) {
        setMessage(tr("Cannot start:\n%1").arg(problemsText()), true);
        return;
    }
    const train::PipelineConfig c = config();
    Status st = capture([&] { train::validate(c); });
    qint64 run = 0;
    if (st && m_processes->value() > 1)
        st = capture([&] { checkProcesses(c, m_processes->value()); });
    m_bridge->setProcesses(m_processes->value(), cliPath());
    if (st) st = m_bridge->start(c, &run);
    if (!st) {
        setMessage(tr("Cannot start: %1").arg(QString::fromStdString(st.message)), true);
        return;
    }
    m_shownRun = run;
    resetStatuses();
    setMessage(tr("Run %1 started.").arg(run), false);
    if (m_workspace) m_workspace->notifyRunsChanged();
    updateActions();
    Q_EMIT runStarted(run);
}

void PipelinePanel::pause() {
    m_bridge->pause();
    setMessage(tr("Pausing after the current step…"), false);
}

void PipelinePanel::resume() {
    m_bridge->unpause();
    setMessage(tr("Resumed."), false);
}

void PipelinePanel::stop() {
    m_bridge->stop();
    setMessage(tr("Stopping: the current step finishes and a checkpoint is saved…"), false);
}

void PipelinePanel::showRun(qint64 run) {
    m_shownRun = run;
    if (!m_workspace || !m_workspace->store()) return;
    store::RunStore* store = m_workspace->store();
    train::PipelineConfig c;
    std::vector<store::StageInfo> stages;
    Status st = capture([&] {
        c = train::fromJson(store->config(run));
        stages = store->stages(run);
    });
    if (!st) {
        setMessage(QString::fromStdString(st.message), true);
        return;
    }
    setConfig(c);
    for (const store::StageInfo& s : stages)
        setStageStatus(stageItem(QString::fromStdString(s.name)), static_cast<int>(s.status),
                       QStringLiteral("%1 / %2").arg(s.step).arg(s.totalSteps));
    updateActions();
}

QTreeWidgetItem* PipelinePanel::stageItem(const QString& stageName) const {
    const auto kind = train::stageKindFromName(stageName.toStdString());
    if (!kind) return nullptr;
    for (int i = 0; i < m_queue->topLevelItemCount(); ++i)
        if (m_queue->topLevelItem(i)->data(0, kKindRole).toInt() == static_cast<int>(*kind))
            return m_queue->topLevelItem(i);
    return nullptr;
}

void PipelinePanel::setStageStatus(QTreeWidgetItem* item, int status, const QString& progress) {
    if (!item) return;
    QSignalBlocker block(m_queue);
    item->setData(0, kStatusRole, status);
    item->setIcon(0, status == kNoStatus ? QIcon() : statusIcon(static_cast<store::RunStatus>(status)));
    if (status != kNoStatus)
        item->setToolTip(1, runStatusText(static_cast<store::RunStatus>(status)));
    if (!progress.isNull()) item->setText(1, progress);
}

void PipelinePanel::resetStatuses() {
    for (int i = 0; i < m_queue->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_queue->topLevelItem(i);
        const bool included = item->checkState(0) == Qt::Checked;
        const auto kind = static_cast<train::StageKind>(item->data(0, kKindRole).toInt());
        const nlohmann::json settings = m_forms.value(static_cast<int>(kind))->settings();
        const qint64 steps = settings.contains("steps") && settings["steps"].is_number_integer()
                                 ? settings["steps"].get<qint64>()
                                 : 0;
        // An excluded stage's progress is cleared (an empty, not a null, text).
        setStageStatus(item, included ? static_cast<int>(store::RunStatus::Queued) : kNoStatus,
                       included ? QStringLiteral("0 / %1").arg(steps) : QStringLiteral(""));
    }
}

void PipelinePanel::onStepFinished(const train::StepReport& update) {
    if (update.run != m_shownRun) return;
    QTreeWidgetItem* item = stageItem(QString::fromStdString(update.stage));
    if (!item) return;
    if (item->data(0, kStatusRole).toInt() != static_cast<int>(store::RunStatus::Running))
        setStageStatus(item, static_cast<int>(store::RunStatus::Running));
    QSignalBlocker block(m_queue);
    item->setText(1, QStringLiteral("%1 / %2").arg(update.step).arg(update.totalSteps));
}

void PipelinePanel::onRunFinished(qint64 run, int state, const QString& message) {
    const auto s = static_cast<train::EngineState>(state);
    if (run == m_shownRun) {
        const store::RunStatus leftover = s == train::EngineState::Failed ? store::RunStatus::Failed
                                                                          : store::RunStatus::Stopped;
        for (int i = 0; i < m_queue->topLevelItemCount(); ++i) {
            QTreeWidgetItem* item = m_queue->topLevelItem(i);
            const int st = item->data(0, kStatusRole).toInt();
            if (st == static_cast<int>(store::RunStatus::Running) || st == static_cast<int>(store::RunStatus::Paused))
                setStageStatus(item, static_cast<int>(leftover));
        }
    }
    if (s == train::EngineState::Finished) setMessage(tr("Run %1 finished.").arg(run), false);
    else if (s == train::EngineState::Stopped)
        setMessage(tr("Run %1 stopped and saved; resume it from the runs browser.").arg(run), false);
    else setMessage(tr("Run %1 failed: %2").arg(run).arg(message), true);
    if (m_workspace) m_workspace->notifyRunsChanged();
    updateActions();
}

void PipelinePanel::updateActions() {
    const bool active = m_bridge->isActive();
    const auto state = m_bridge->state();
    m_start->setEnabled(!active && configValid());
    m_start->setToolTip(configValid() ? tr("Start a new run with the checked stages (Ctrl+Return)")
                                      : tr("Cannot start:\n%1").arg(problemsText()));
    m_pause->setEnabled(active && state == train::EngineState::Running);
    m_resume->setEnabled(active && state == train::EngineState::Paused);
    m_stop->setEnabled(active && state != train::EngineState::Stopping);
    m_preset->setEnabled(!active);
    m_name->setReadOnly(active);
    m_device->setEnabled(!active);
    m_seed->setReadOnly(active);
    m_processes->setEnabled(!active);
    for (StageForm* form : std::as_const(m_forms)) form->setReadOnly(active);
    QSignalBlocker block(m_queue);
    for (int i = 0; i < m_queue->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_queue->topLevelItem(i);
        Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
        if (!active) flags |= Qt::ItemIsUserCheckable;
        item->setFlags(flags);
    }
    // Paused: the running stage shows the pause icon.
    for (int i = 0; i < m_queue->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_queue->topLevelItem(i);
        const int st = item->data(0, kStatusRole).toInt();
        if (state == train::EngineState::Paused && st == static_cast<int>(store::RunStatus::Running))
            setStageStatus(item, static_cast<int>(store::RunStatus::Paused));
        else if (state == train::EngineState::Running && st == static_cast<int>(store::RunStatus::Paused))
            setStageStatus(item, static_cast<int>(store::RunStatus::Running));
    }
}

bool PipelinePanel::loadConfigFile(const QString& file) {
    train::PipelineConfig c;
    Status st = capture([&] { c = train::loadConfig(file.toStdString()); });
    if (!st) {
        setMessage(QString::fromStdString(st.message), true);
        return false;
    }
    setConfig(c);
    setMessage(tr("Loaded %1.").arg(file), false);
    return true;
}

bool PipelinePanel::saveConfigFile(const QString& file) const {
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    const std::string text = train::toJson(config()).dump(2) + "\n";
    return out.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size());
}

}  // namespace uae::widgets
