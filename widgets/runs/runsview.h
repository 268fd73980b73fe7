// The runs browser: every run of the workspace in a table (filter by name, status and
// preset; sort by any column), with a run's stages, config, checkpoints, benchmark
// results and log below. Rename (F2 or edit the name), delete (with confirmation),
// compare the configs of several runs side by side, resume an interrupted, stopped or
// failed run, export a checkpoint. A timer refreshes the table so runs changed by the
// `uae` CLI show up too. GUI thread.
#pragma once

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;
class QTreeWidget;

namespace uae::widgets {

class RunsTableModel;
class Workspace;

class RunsView : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(Workspace* workspace, QWidget* parent = nullptr);

    RunsTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QList<qint64> selectedRuns() const;
    void selectRun(qint64 run);
    void setNameFilter(const QString& text);
    void setStatusFilter(const QString& status);  // "" for all, else "running", ...
    QString messageText() const;
    QString configText() const;
    QTreeWidget* stagesTree() const { return m_stages; }
    QTreeWidget* checkpointsTree() const { return m_checkpoints; }

    QAction* renameAction() const { return m_rename; }
    QAction* deleteAction() const { return m_delete; }
    QAction* resumeAction() const { return m_resume; }
    QAction* compareAction() const { return m_compare; }
    QAction* exportAction() const { return m_export; }

public Q_SLOTS:
    void refresh();
    void renameSelected();
    bool deleteSelected();  // asks first; true when deleted
    void resumeSelected();
    void compareSelected();
    // Renames without the inline editor (tests, scripts).
    bool renameRun(qint64 run, const QString& name);

Q_SIGNALS:
    void resumeRequested(qint64 run);
    void exportRequested(qint64 run);
    void runActivated(qint64 run);  // double-click: show it in the dashboard / inspector

private:
    void applyFilter();
    void showDetails();
    void updateActions();
    void setMessage(const QString& text, bool error);

    Workspace* m_workspace;
    RunsTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table = nullptr;
    QLineEdit* m_nameFilter = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QComboBox* m_presetFilter = nullptr;
    QTreeWidget* m_stages = nullptr;
    QPlainTextEdit* m_config = nullptr;
    QTreeWidget* m_checkpoints = nullptr;
    QTreeWidget* m_benchmarks = nullptr;
    QPlainTextEdit* m_events = nullptr;
    QLabel* m_message = nullptr;
    QAction* m_rename = nullptr;
    QAction* m_delete = nullptr;
    QAction* m_resume = nullptr;
    QAction* m_compare = nullptr;
    QAction* m_export = nullptr;
    QTimer* m_timer = nullptr;
    qint64 m_detailsRun = -1;
};

}  // namespace uae::widgets
