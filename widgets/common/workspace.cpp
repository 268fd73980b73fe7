#include "widgets/common/workspace.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

#include "core/store/runstore.h"

namespace uae::widgets {

namespace {
const QString kSettingsKey = QStringLiteral("workspace/path");
}

Workspace::Workspace(QObject* parent) : QObject(parent) {}

Workspace::~Workspace() = default;

QString Workspace::defaultPath() {
    const QString env = qEnvironmentVariable("UAE_WORKSPACE");
    if (!env.isEmpty()) return env;
    // The `uae` CLI's default (./uae-workspace), when started where the CLI has trained.
    const QString cli = QDir::current().filePath(QStringLiteral("uae-workspace"));
    if (store::RunStore::isWorkspace(cli.toStdString())) return cli;
    const QString saved = QSettings().value(kSettingsKey).toString();
    if (!saved.isEmpty()) return saved;
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/workspace");
}

Status Workspace::open(const QString& dir) {
    std::unique_ptr<store::RunStore> runStore;
    const QString absolute = QDir(dir).absolutePath();
    Status st = capture([&] { runStore = std::make_unique<store::RunStore>(absolute.toStdString()); });
    if (!st) return st;
    m_store = std::move(runStore);
    m_path = absolute;
    QSettings().setValue(kSettingsKey, absolute);
    Q_EMIT opened(absolute);
    Q_EMIT runsChanged();
    return st;
}

void Workspace::notifyRunsChanged() { Q_EMIT runsChanged(); }

}  // namespace uae::widgets
