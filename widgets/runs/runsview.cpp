#include "widgets/runs/runsview.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/store/runstore.h"
#include "widgets/common/confirm.h"
#include "widgets/common/coretext.h"
#include "widgets/common/icons.h"
#include "widgets/common/workspace.h"
#include "widgets/runs/configcomparedialog.h"
#include "widgets/runs/runstablemodel.h"

namespace uae::widgets {

namespace {

constexpr int kRefreshMs = 2000;

QString timeText(const std::optional<std::int64_t>& ms) {
    return ms ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(*ms), QLocale::ShortFormat) : QString();
}

QString bytesText(std::int64_t bytes) { return QLocale().formattedDataSize(bytes); }

bool resumable(store::RunStatus s) {
    return s == store::RunStatus::Interrupted || s == store::RunStatus::Stopped || s == store::RunStatus::Failed;
}

}  // namespace

RunsView::RunsView(Workspace* workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_model(new RunsTableModel(workspace, this)),
      m_proxy(new QSortFilterProxyModel(this)) {
    setObjectName(QStringLiteral("runs"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* filters = new QHBoxLayout();
    filters->addWidget(new QLabel(tr("Filter:"), this));
    m_nameFilter = new QLineEdit(this);
    m_nameFilter->setObjectName(QStringLiteral("nameFilter"));
    m_nameFilter->setPlaceholderText(tr("name contains…"));
    m_nameFilter->setClearButtonEnabled(true);
    filters->addWidget(m_nameFilter, 1);
    m_statusFilter = new QComboBox(this);
    m_statusFilter->setObjectName(QStringLiteral("statusFilter"));
    m_statusFilter->addItem(tr("All statuses"), QString());
    for (auto s : {store::RunStatus::Queued, store::RunStatus::Running, store::RunStatus::Paused,
                   store::RunStatus::Finished, store::RunStatus::Failed, store::RunStatus::Interrupted,
                   store::RunStatus::Stopped})
        m_statusFilter->addItem(statusIcon(s), runStatusText(s), QString::fromLatin1(store::toString(s)));
    filters->addWidget(m_statusFilter);
    m_presetFilter = new QComboBox(this);
    m_presetFilter->setObjectName(QStringLiteral("presetFilter"));
    m_presetFilter->addItem(tr("All presets"), QString());
    for (const char* p : {"tiny", "cpu-demo", "gpu"}) m_presetFilter->addItem(QString::fromLatin1(p), QString::fromLatin1(p));
    filters->addWidget(m_presetFilter);
    layout->addLayout(filters);

    auto* toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QAction* refreshAction = toolbar->addAction(icon(QStringLiteral("refresh")), tr("Refresh"), this, &RunsView::refresh);
    refreshAction->setShortcut(QKeySequence::Refresh);
    m_rename = toolbar->addAction(icon(QStringLiteral("rename")), tr("Rename"), this, &RunsView::renameSelected);
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_delete = toolbar->addAction(icon(QStringLiteral("delete")), tr("Delete…"), this, [this] { deleteSelected(); });
    m_delete->setShortcut(QKeySequence::Delete);
    m_resume = toolbar->addAction(icon(QStringLiteral("resume")), tr("Resume"), this, &RunsView::resumeSelected);
    m_compare = toolbar->addAction(icon(QStringLiteral("compare")), tr("Compare configs"), this, &RunsView::compareSelected);
    m_export = toolbar->addAction(icon(QStringLiteral("export")), tr("Export…"), this, [this] {
        const auto runs = selectedRuns();
        if (!runs.isEmpty()) Q_EMIT exportRequested(runs.front());
    });
    for (QAction* a : {refreshAction, m_rename, m_delete, m_resume, m_compare, m_export})
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    layout->addWidget(toolbar);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunsTableModel::kSortRole);
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("runsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunsTableModel::Id, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    splitter->addWidget(m_table);

    auto* details = new QTabWidget(splitter);
    details->setObjectName(QStringLiteral("runDetails"));
    m_stages = new QTreeWidget(details);
    m_stages->setObjectName(QStringLiteral("runStages"));
    m_stages->setHeaderLabels({tr("Stage"), tr("Status"), tr("Step"), tr("Started"), tr("Finished")});
    m_stages->setRootIsDecorated(false);
    details->addTab(m_stages, tr("Stages"));
    m_config = new QPlainTextEdit(details);
    m_config->setObjectName(QStringLiteral("runConfig"));
    m_config->setReadOnly(true);
    m_config->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    details->addTab(m_config, tr("Config"));
    m_checkpoints = new QTreeWidget(details);
    m_checkpoints->setObjectName(QStringLiteral("runCheckpoints"));
    m_checkpoints->setHeaderLabels({tr("Stage"), tr("Step"), tr("Kind"), tr("Size"), tr("File")});
    m_checkpoints->setRootIsDecorated(false);
    details->addTab(m_checkpoints, tr("Checkpoints"));
    m_benchmarks = new QTreeWidget(details);
    m_benchmarks->setHeaderLabels({tr("Benchmark"), tr("Metric"), tr("Stage"), tr("Step"), tr("Value")});
    m_benchmarks->setRootIsDecorated(false);
    details->addTab(m_benchmarks, tr("Benchmarks"));
    m_events = new QPlainTextEdit(details);
    m_events->setReadOnly(true);
    m_events->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    details->addTab(m_events, tr("Log"));
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("runsMessage"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    connect(m_nameFilter, &QLineEdit::textChanged, this, &RunsView::applyFilter);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &RunsView::applyFilter);
    connect(m_presetFilter, &QComboBox::currentIndexChanged, this, &RunsView::applyFilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        showDetails();
        updateActions();
    });
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        if (index.column() != RunsTableModel::Name) Q_EMIT runActivated(index.data(RunsTableModel::kRunIdRole).toLongLong());
    });
    connect(m_model, &RunsTableModel::failed, this, [this](const QString& m) { setMessage(m, true); });
    connect(m_model, &RunsTableModel::renamed, this, [this](qint64 run) {
        setMessage(tr("Run %1 renamed.").arg(run), false);
        m_workspace->notifyRunsChanged();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        updateActions();
        showDetails();
    });
    connect(m_workspace, &Workspace::runsChanged, this, &RunsView::refresh);
    m_timer = new QTimer(this);
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &RunsView::refresh);
    m_timer->start();
    refresh();
    updateActions();
}

void RunsView::refresh() {
    const QList<qint64> keep = selectedRuns();
    m_model->refresh();
    if (!keep.isEmpty() && selectedRuns() != keep) {
        m_table->clearSelection();
        for (qint64 run : keep) {
            const int row = m_model->rowOf(run);
            if (row < 0) continue;
            const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
            m_table->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }
    showDetails();
    updateActions();
}

void RunsView::applyFilter() {
    store::RunFilter filter;
    filter.nameContains = m_nameFilter->text().trimmed().toStdString();
    const QString status = m_statusFilter->currentData().toString();
    if (!status.isEmpty()) filter.statuses = {store::parseRunStatus(status.toStdString())};
    filter.preset = m_presetFilter->currentData().toString().toStdString();
    m_model->setFilter(filter);
    showDetails();
    updateActions();
}

void RunsView::setNameFilter(const QString& text) { m_nameFilter->setText(text); }

void RunsView::setStatusFilter(const QString& status) {
    const int i = m_statusFilter->findData(status);
    m_statusFilter->setCurrentIndex(i >= 0 ? i : 0);
}

QList<qint64> RunsView::selectedRuns() const {
    QList<qint64> runs;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        runs << index.data(RunsTableModel::kRunIdRole).toLongLong();
    std::sort(runs.begin(), runs.end());
    return runs;
}

void RunsView::selectRun(qint64 run) {
    const int row = m_model->rowOf(run);
    if (row < 0) return;
    m_table->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
}

QString RunsView::messageText() const { return m_message->text(); }
QString RunsView::configText() const { return m_config->toPlainText(); }

void RunsView::setMessage(const QString& text, bool error) {
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { color: #c0142b; }") : QString());
}

void RunsView::updateActions() {
    const QList<qint64> runs = selectedRuns();
    const store::RunInfo* first = runs.isEmpty() ? nullptr : m_model->runAt(m_model->rowOf(runs.front()));
    m_rename->setEnabled(runs.size() == 1);
    m_delete->setEnabled(runs.size() == 1 && first && !store::isActive(first->status));
    m_resume->setEnabled(runs.size() == 1 && first && resumable(first->status));
    m_compare->setEnabled(runs.size() >= 2);
    m_export->setEnabled(runs.size() == 1);
}

void RunsView::showDetails() {
    const QList<qint64> runs = selectedRuns();
    store::RunStore* store = m_workspace->store();
    const qint64 run = runs.size() == 1 ? runs.front() : 0;
    if (!store || !run) {
        m_detailsRun = 0;
        m_stages->clear();
        m_config->clear();
        m_checkpoints->clear();
        m_benchmarks->clear();
        m_events->clear();
        return;
    }
    std::vector<store::StageInfo> stages;
    std::vector<store::CheckpointInfo> checkpoints;
    std::vector<store::BenchmarkInfo> benchmarks;
    std::vector<store::EventInfo> events;
    nlohmann::json config;
    store::EventFilter last;
    last.limit = 200;
    Status st = capture([&] {
        stages = store->stages(run);
        checkpoints = store->listCheckpoints(run);
        benchmarks = store->benchmarks(run);
        events = store->events(run, last);
        config = store->config(run);
    });
    if (!st) {
        setMessage(QString::fromStdString(st.message), true);
        return;
    }
    m_detailsRun = run;
    m_stages->clear();
    for (const store::StageInfo& s : stages) {
        auto* item = new QTreeWidgetItem(m_stages, {stageTitle(s.name), runStatusText(s.status),
                                                    QStringLiteral("%1 / %2").arg(s.step).arg(s.totalSteps),
                                                    timeText(s.startedMs), timeText(s.finishedMs)});
        item->setIcon(1, statusIcon(s.status));
    }
    // Every column as wide as its text ("G4U: generation for understanding", dates); the
    // last one (a checkpoint's file, a value) takes the rest.
    for (int c = 0; c + 1 < m_stages->columnCount(); ++c) m_stages->resizeColumnToContents(c);
    const QString json = QString::fromStdString(config.dump(2));
    if (m_config->toPlainText() != json) m_config->setPlainText(json);
    m_checkpoints->clear();
    for (const store::CheckpointInfo& c : checkpoints)
        new QTreeWidgetItem(m_checkpoints, {stageTitle(c.stage), QString::number(c.step),
                                            QString::fromStdString(c.kind), bytesText(c.bytes),
                                            QString::fromStdString(c.path.string())});
    m_benchmarks->clear();
    for (const store::BenchmarkInfo& b : benchmarks)
        new QTreeWidgetItem(m_benchmarks, {QString::fromStdString(b.benchmark), QString::fromStdString(b.metric),
                                           stageTitle(b.stage), QString::number(b.step),
                                           QString::number(b.value, 'g', 5)});
    for (QTreeWidget* tree : {m_checkpoints, m_benchmarks})
        for (int c = 0; c + 1 < tree->columnCount(); ++c) tree->resizeColumnToContents(c);
    QString log;
    for (const store::EventInfo& e : events)
        log += QStringLiteral("%1 [%2] %3\n")
                   .arg(QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(Qt::ISODate),
                        QString::fromLatin1(store::toString(e.level)), QString::fromStdString(e.message));
    if (m_events->toPlainText() != log) m_events->setPlainText(log);
}

void RunsView::renameSelected() {
    const QList<qint64> runs = selectedRuns();
    if (runs.size() != 1) return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(m_model->rowOf(runs.front()), RunsTableModel::Name));
    m_table->setCurrentIndex(index);
    m_table->edit(index);
}

bool RunsView::renameRun(qint64 run, const QString& name) {
    const int row = m_model->rowOf(run);
    return row >= 0 && m_model->setData(m_model->index(row, RunsTableModel::Name), name, Qt::EditRole);
}

bool RunsView::deleteSelected() {
    const QList<qint64> runs = selectedRuns();
    if (runs.size() != 1 || !m_workspace->store()) return false;
    const store::RunInfo* info = m_model->runAt(m_model->rowOf(runs.front()));
    if (!info) return false;
    const qint64 run = info->id;
    const QString name = QString::fromStdString(info->name);
    if (!confirm(this, tr("Delete run"),
                 tr("Delete run %1 (\"%2\") with all its metrics, snapshots and checkpoints? This cannot be undone.")
                     .arg(run)
                     .arg(name),
                 tr("Delete")))
        return false;
    Status st = capture([&] { m_workspace->store()->deleteRun(run); });
    if (!st) {
        setMessage(tr("Cannot delete run %1: %2").arg(run).arg(QString::fromStdString(st.message)), true);
        return false;
    }
    setMessage(tr("Run %1 deleted.").arg(run), false);
    m_workspace->notifyRunsChanged();
    return true;
}

void RunsView::resumeSelected() {
    const QList<qint64> runs = selectedRuns();
    if (runs.size() != 1) return;
    const store::RunInfo* info = m_model->runAt(m_model->rowOf(runs.front()));
    if (!info || !resumable(info->status)) return;
    Q_EMIT resumeRequested(info->id);
}

void RunsView::compareSelected() {
    const QList<qint64> runs = selectedRuns();
    if (runs.size() < 2 || !m_workspace->store()) return;
    std::vector<nlohmann::json> configs;
    QStringList titles;
    for (qint64 run : runs) {
        nlohmann::json c;
        if (!capture([&] { c = m_workspace->store()->config(run); })) continue;
        configs.push_back(c);
        const store::RunInfo* info = m_model->runAt(m_model->rowOf(run));
        titles << QStringLiteral("#%1 %2").arg(run).arg(info ? QString::fromStdString(info->name) : QString());
    }
    auto* dialog = new ConfigCompareDialog(titles, configs, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

}  // namespace uae::widgets
