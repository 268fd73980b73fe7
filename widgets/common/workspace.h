// The workspace the GUI shows: its run store, opened once, shared by every view (reads,
// renames, deletes). The training engine opens its own store of the same folder; the
// store's locks and WAL make the two (and a `uae` CLI in another process) safe together.
//
// Threads: GUI thread. RunStore itself is thread-safe, so workers may use store() too.
// Errors: open() returns a Status; a view calling store() wraps its calls in capture().
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "core/common/status.h"

namespace uae::store {
class RunStore;
}

namespace uae::widgets {

class Workspace : public QObject {
    Q_OBJECT
public:
    explicit Workspace(QObject* parent = nullptr);
    ~Workspace() override;

    // $UAE_WORKSPACE (as the CLI), else ./uae-workspace when it is one (the CLI's default),
    // else the last workspace opened (settings), else <AppLocalDataLocation>/workspace.
    static QString defaultPath();

    // Opens (creating when missing) the workspace folder; closes the previous one.
    Status open(const QString& dir);
    bool isOpen() const { return m_store != nullptr; }
    QString path() const { return m_path; }
    store::RunStore* store() const { return m_store.get(); }

    // Views call this after changing runs (rename, delete, a new run) so that the others
    // refresh; the runs browser also polls, for runs other processes change.
    void notifyRunsChanged();

Q_SIGNALS:
    void opened(const QString& path);
    void runsChanged();

private:
    QString m_path;
    std::unique_ptr<store::RunStore> m_store;
};

}  // namespace uae::widgets
