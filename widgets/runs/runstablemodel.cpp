#include "widgets/runs/runstablemodel.h"

#include <QDateTime>
#include <QLocale>

#include "core/common/status.h"
#include "core/store/runstore.h"
#include "widgets/common/coretext.h"
#include "widgets/common/icons.h"
#include "widgets/common/workspace.h"

namespace uae::widgets {

namespace {

QString timeText(std::int64_t ms) {
    if (ms <= 0) return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

}  // namespace

bool RunsTableModel::Row::operator==(const Row& o) const {
    return info.id == o.info.id && info.name == o.info.name && info.status == o.info.status &&
           info.updatedMs == o.info.updatedMs && info.message == o.info.message && step == o.step && total == o.total;
}

RunsTableModel::RunsTableModel(Workspace* workspace, QObject* parent) : QAbstractTableModel(parent), m_workspace(workspace) {}

void RunsTableModel::setFilter(const store::RunFilter& filter) {
    m_filter = filter;
    refresh();
}

void RunsTableModel::refresh() {
    std::vector<Row> rows;
    if (store::RunStore* store = m_workspace->store()) {
        uae::Status st = capture([&] {
            for (const store::RunInfo& info : store->listRuns(m_filter)) {
                Row row{info, 0, 0};
                for (const store::StageInfo& s : store->stages(info.id)) {
                    row.step += s.step;
                    row.total += s.totalSteps;
                }
                rows.push_back(std::move(row));
            }
        });
        if (!st) Q_EMIT failed(QString::fromStdString(st.message));
    }
    if (rows == m_rows) return;
    if (rows.size() == m_rows.size()) {
        bool sameIds = true;
        for (size_t i = 0; i < rows.size(); ++i) sameIds = sameIds && rows[i].info.id == m_rows[i].info.id;
        if (sameIds) {
            // Same runs, new values: update in place (keeps the selection and the editor).
            m_rows = std::move(rows);
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
            return;
        }
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const store::RunInfo* RunsTableModel::runAt(int row) const {
    return row >= 0 && row < rowCount() ? &m_rows[static_cast<size_t>(row)].info : nullptr;
}

int RunsTableModel::rowOf(qint64 run) const {
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].info.id == run) return static_cast<int>(i);
    return -1;
}

int RunsTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RunsTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunsTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Row& row = m_rows[static_cast<size_t>(index.row())];
    const store::RunInfo& r = row.info;
    if (role == kRunIdRole) return static_cast<qint64>(r.id);
    if (role == Qt::DecorationRole && index.column() == Status) return statusIcon(r.status);
    if (role == Qt::ToolTipRole && index.column() == Message) return QString::fromStdString(r.message);
    if (role == kSortRole) {
        switch (index.column()) {
        case Id: return static_cast<qint64>(r.id);
        case Progress: return row.total > 0 ? static_cast<double>(row.step) / row.total : 0.0;
        case Created: return static_cast<qint64>(r.createdMs);
        case Updated: return static_cast<qint64>(r.updatedMs);
        default: return data(index, Qt::DisplayRole);
        }
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    switch (index.column()) {
    case Id: return static_cast<qint64>(r.id);
    case Name: return QString::fromStdString(r.name);
    case Status: return runStatusText(r.status);
    case Preset: return QString::fromStdString(r.preset);
    case Device:
        // A data-parallel run: "cpu ×2 gloo" (device, processes, collective backend).
        if (r.worldSize > 1)
            return QStringLiteral("%1 \u00d7%2 %3").arg(QString::fromStdString(r.device)).arg(r.worldSize).arg(QString::fromStdString(r.backend));
        return QString::fromStdString(r.device);
    case Progress:
        if (row.total <= 0) return QString();
        return QStringLiteral("%1 / %2 (%3%)").arg(row.step).arg(row.total).arg(100 * row.step / row.total);
    case Created: return timeText(r.createdMs);
    case Updated: return timeText(r.updatedMs);
    case Message: return QString::fromStdString(r.message);
    default: return {};
    }
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Id: return tr("ID");
    case Name: return tr("Name");
    case Status: return tr("Status");
    case Preset: return tr("Preset");
    case Device: return tr("Device");
    case Progress: return tr("Progress");
    case Created: return tr("Created");
    case Updated: return tr("Updated");
    case Message: return tr("Message");
    default: return {};
    }
}

Qt::ItemFlags RunsTableModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == Name) f |= Qt::ItemIsEditable;
    return f;
}

bool RunsTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || index.column() != Name || !m_workspace->store()) return false;
    const QString name = value.toString().trimmed();
    Row& row = m_rows[static_cast<size_t>(index.row())];
    if (name.isEmpty() || name.toStdString() == row.info.name) return false;
    uae::Status st = capture([&] { m_workspace->store()->rename(row.info.id, name.toStdString()); });
    if (!st) {
        Q_EMIT failed(QString::fromStdString(st.message));
        return false;
    }
    row.info.name = name.toStdString();
    Q_EMIT dataChanged(index, index);
    Q_EMIT renamed(row.info.id);
    return true;
}

}  // namespace uae::widgets
