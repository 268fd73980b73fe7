// The runs of a workspace as a table (id, name, status, preset, device, progress,
// created, updated, message), read from the run store with a filter. The name is
// editable: editing it renames the run in the store. GUI thread.
#pragma once

#include <QAbstractTableModel>

#include <vector>

#include "core/store/storetypes.h"

namespace uae::widgets {

class Workspace;

class RunsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Name, Status, Preset, Device, Progress, Created, Updated, Message, ColumnCount };
    static constexpr int kRunIdRole = Qt::UserRole;
    static constexpr int kSortRole = Qt::UserRole + 1;

    explicit RunsTableModel(Workspace* workspace, QObject* parent = nullptr);

    void setFilter(const store::RunFilter& filter);
    const store::RunFilter& filter() const { return m_filter; }
    // Re-reads the store; resets the model only when something changed.
    void refresh();

    const store::RunInfo* runAt(int row) const;
    int rowOf(qint64 run) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

Q_SIGNALS:
    void failed(const QString& message);
    void renamed(qint64 run);

private:
    struct Row {
        store::RunInfo info;
        std::int64_t step = 0;
        std::int64_t total = 0;
        bool operator==(const Row& o) const;
    };
    Workspace* m_workspace;
    store::RunFilter m_filter;
    std::vector<Row> m_rows;
};

}  // namespace uae::widgets
