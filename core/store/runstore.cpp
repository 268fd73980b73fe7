// RunStore: opening a workspace, recovery of interrupted runs, and run management. The
// read queries are in runstorereads.cpp.
#include "core/store/runstore.h"

#include <system_error>

#include "core/store/removetree.h"
#include "core/store/runlock.h"
#include "core/store/schema.h"
#include "core/store/sqlite.h"

namespace uae::store {

namespace {

constexpr const char* kLockFileName = "run.lock";
constexpr const char* kInterruptedMessage =
    "the process running it ended without stopping it; resume it from its last checkpoint";

EventLevel levelOf(RunStatus status) {
    switch (status) {
    case RunStatus::Failed: return EventLevel::Error;
    case RunStatus::Interrupted: return EventLevel::Warning;
    default: return EventLevel::Info;
    }
}

bool isTerminal(RunStatus status) {
    return status == RunStatus::Finished || status == RunStatus::Failed || status == RunStatus::Stopped ||
           status == RunStatus::Interrupted;
}

void insertEvent(Connection& db, std::optional<RunId> run, EventLevel level, const std::string& message) {
    Statement stmt(db, "INSERT INTO events (run_id, time_ms, level, message) VALUES (?1, ?2, ?3, ?4)",
                   "logging an event");
    stmt.bind(1, run).bind(2, nowMs()).bind(3, toString(level)).bind(4, message).run();
}

}  // namespace

RunStore::RunStore(std::filesystem::path dir, StoreOptions options)
    : m_dir(std::move(dir)), m_options(std::move(options)) {
    m_dir = m_dir.lexically_normal();
    if (!m_dir.empty() && !m_dir.has_filename()) m_dir = m_dir.parent_path();  // "ws/" -> "ws"
    m_databaseFile = m_dir / kDatabaseFileName;
    std::error_code ec;
    const bool exists = std::filesystem::exists(m_databaseFile, ec);
    if (!exists && (m_options.readOnly || !m_options.create))
        throw Error(ErrorKind::InvalidArgument,
                    "'" + m_dir.string() + "' is not a UAE Studio workspace (it has no " + kDatabaseFileName + ")");
    if (!m_options.readOnly) {
        std::filesystem::create_directories(m_dir / kRunsFolderName, ec);
        if (ec)
            throw Error(ErrorKind::Io, "cannot create the workspace folder '" + (m_dir / kRunsFolderName).string() +
                                           "': " + ec.message());
    }
    m_db = std::make_unique<Connection>(
        m_databaseFile, m_options.readOnly ? Connection::Mode::ReadOnly : Connection::Mode::ReadWriteCreate,
        m_options.busyTimeoutMs);

    const int known = latestSchemaVersion();
    if (m_options.readOnly) {
        m_schemaVersion = readSchemaVersion(*m_db);
        refuseNewerSchema(*m_db, m_schemaVersion, known);
        if (m_schemaVersion < known)
            throw Error(ErrorKind::Unsupported, "workspace database '" + m_databaseFile.string() +
                                                    "' has schema version " + std::to_string(m_schemaVersion) +
                                                    " and needs upgrading to version " + std::to_string(known) +
                                                    "; open it once for writing");
        return;
    }
    m_schemaVersion = migrate(*m_db, schemaMigrations());
    Statement ws(*m_db, "INSERT INTO workspace (id, name, created_ms) VALUES (1, ?1, ?2) ON CONFLICT (id) DO NOTHING",
                 "recording the workspace");
    ws.bind(1, m_dir.filename().string()).bind(2, nowMs()).run();
    recoverInterruptedRuns();
}

RunStore::~RunStore() {
    // Destroying the writer drains its queue; failures were reported through onError/stats.
    {
        std::lock_guard lock(m_writerMutex);
        m_writerPtr.store(nullptr, std::memory_order_release);
        m_writer.reset();
    }
    std::lock_guard lock(m_mutex);
    for (auto& [run, runLock] : m_locks) {
        try {
            markInterruptedLocked(run, "the workspace was closed while the run was active");
        } catch (...) {
            // Nothing can be reported from a destructor; the next open finds the run
            // active with a free lock and marks it interrupted then.
        }
    }
    m_locks.clear();
}

int RunStore::latestSchemaVersion() { return store::latestSchemaVersion(schemaMigrations()); }

bool RunStore::isWorkspace(const std::filesystem::path& dir) {
    std::error_code ec;
    return std::filesystem::is_regular_file(dir / kDatabaseFileName, ec);
}

std::filesystem::path RunStore::runDir(RunId run) const { return m_dir / kRunsFolderName / std::to_string(run); }

void RunStore::requireWritable(const char* what) const {
    if (m_options.readOnly)
        throw Error(ErrorKind::InvalidArgument, "workspace '" + m_dir.string() + "' was opened read-only; cannot " +
                                                    what);
}

void RunStore::requireRunLocked(RunId run, int changes) const {
    if (changes == 0)
        throw Error(ErrorKind::InvalidArgument,
                    "no run with id " + std::to_string(run) + " in workspace '" + m_dir.string() + "'");
}

// ---- interrupted runs ----

void RunStore::markInterruptedLocked(RunId run, const std::string& message) {
    Transaction tx(*m_db, "marking run " + std::to_string(run) + " interrupted");
    const std::int64_t now = nowMs();
    Statement up(*m_db,
                 "UPDATE runs SET status = 'interrupted', message = ?2, updated_ms = ?3, finished_ms = ?3 "
                 "WHERE id = ?1 AND status IN ('running', 'paused')",
                 "marking a run interrupted");
    up.bind(1, run).bind(2, message).bind(3, now).run();
    if (m_db->changes() > 0) {
        Statement st(*m_db,
                     "UPDATE stages SET status = 'interrupted', finished_ms = ?2 "
                     "WHERE run_id = ?1 AND status IN ('running', 'paused')",
                     "marking a run's stages interrupted");
        st.bind(1, run).bind(2, now).run();
        insertEvent(*m_db, run, EventLevel::Warning, "interrupted: " + message);
    }
    tx.commit();
}

void RunStore::recoverInterruptedRuns() {
    std::vector<RunId> active;
    {
        Statement stmt(*m_db, "SELECT id FROM runs WHERE status IN ('running', 'paused')", "finding active runs");
        while (stmt.step()) active.push_back(stmt.int64(0));
    }
    for (RunId run : active) {
        // A free lock means the process that held it is gone (the kernel releases flocks of
        // dead processes). Held while we mark it, so no one can start it meanwhile.
        auto lock = RunLock::tryAcquire(runDir(run) / kLockFileName);
        if (lock) markInterruptedLocked(run, kInterruptedMessage);
    }
}

// ---- run management ----

RunInfo RunStore::createRun(const NewRun& spec) {
    requireWritable("create a run");
    std::lock_guard lock(m_mutex);
    RunId id = 0;
    {
        Transaction tx(*m_db, "creating a run");
        const std::int64_t now = nowMs();
        Statement ins(*m_db,
                      "INSERT INTO runs (name, preset, config, device, notes, created_ms, updated_ms) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                      "creating a run");
        ins.bind(1, spec.name).bind(2, spec.preset).bind(3, spec.config.dump()).bind(4, spec.device);
        ins.bind(5, spec.notes).bind(6, now).run();
        id = m_db->lastInsertId();
        if (spec.name.empty()) {
            Statement name(*m_db, "UPDATE runs SET name = ?2 WHERE id = ?1", "naming a run");
            name.bind(1, id).bind(2, "run " + std::to_string(id)).run();
        }
        Statement stage(*m_db, "INSERT INTO stages (run_id, name, ord) VALUES (?1, ?2, ?3)", "declaring a stage");
        for (std::size_t i = 0; i < spec.stages.size(); ++i)
            stage.bind(1, id).bind(2, spec.stages[i]).bind(3, static_cast<std::int64_t>(i)).run();
        insertEvent(*m_db, id, EventLevel::Info, "created");
        tx.commit();
    }
    std::error_code ec;
    std::filesystem::create_directories(runDir(id), ec);
    if (ec) {
        Statement del(*m_db, "DELETE FROM runs WHERE id = ?1", "removing a run whose folder failed");
        del.bind(1, id).run();
        throw Error(ErrorKind::Io, "cannot create the run folder '" + runDir(id).string() + "': " + ec.message());
    }
    return getRunLocked(id);
}

void RunStore::waitForWriter() {
    if (StoreWriter* w = m_writerPtr.load(std::memory_order_acquire)) w->waitIdle();
}

void RunStore::setStatus(RunId run, RunStatus status, const std::string& message) {
    requireWritable("change a run's status");
    if (!isActive(status)) waitForWriter();  // outside m_mutex: readers are not held up
    std::lock_guard lock(m_mutex);
    const RunInfo before = getRunLocked(run);
    // Whoever changes an active run must be the one running it: take its lock unless this
    // store holds it (a free lock means its process died).
    std::unique_ptr<RunLock> taken;
    if ((isActive(status) || isActive(before.status)) && !m_locks.count(run)) {
        taken = RunLock::tryAcquire(runDir(run) / kLockFileName);
        if (!taken)
            throw Error(ErrorKind::InvalidArgument, "run " + std::to_string(run) + " ('" + before.name +
                                                        "') is active in another process or store (its lock file '" +
                                                        (runDir(run) / kLockFileName).string() + "' is held)");
    }
    {
        Transaction tx(*m_db, "changing the status of run " + std::to_string(run));
        const std::int64_t now = nowMs();
        Statement up(*m_db,
                     "UPDATE runs SET status = ?2, message = ?3, updated_ms = ?4, "
                     "started_ms = CASE WHEN ?2 = 'running' THEN COALESCE(started_ms, ?4) ELSE started_ms END, "
                     "finished_ms = CASE WHEN ?5 THEN ?4 WHEN ?2 IN ('running', 'paused') THEN NULL "
                     "ELSE finished_ms END WHERE id = ?1",
                     "changing a run's status");
        up.bind(1, run).bind(2, toString(status)).bind(3, message).bind(4, now);
        up.bind(5, static_cast<std::int64_t>(isTerminal(status))).run();
        std::string text = std::string(toString(before.status)) + " -> " + toString(status);
        if (!message.empty()) text += ": " + message;
        insertEvent(*m_db, run, levelOf(status), text);
        tx.commit();
    }
    if (!isActive(status))
        m_locks.erase(run);
    else if (taken)
        m_locks.emplace(run, std::move(taken));
}

void RunStore::updateRunField(RunId run, const char* column, const std::string& value, const char* purpose) {
    requireWritable(purpose);
    std::lock_guard lock(m_mutex);
    Statement up(*m_db, std::string("UPDATE runs SET ") + column + " = ?2, updated_ms = ?3 WHERE id = ?1", purpose);
    up.bind(1, run).bind(2, value).bind(3, nowMs()).run();
    requireRunLocked(run, m_db->changes());
}

void RunStore::rename(RunId run, const std::string& name) {
    if (name.empty()) throw Error(ErrorKind::InvalidArgument, "a run's name must not be empty");
    updateRunField(run, "name", name, "renaming a run");
}

void RunStore::setNotes(RunId run, const std::string& notes) { updateRunField(run, "notes", notes, "setting notes"); }

void RunStore::setDevice(RunId run, const std::string& device) {
    updateRunField(run, "device", device, "setting a run's device");
}

void RunStore::setParallelism(RunId run, int worldSize, const std::string& backend) {
    if (worldSize < 1) throw Error(ErrorKind::InvalidArgument, "a run's world size must be at least 1");
    updateRunField(run, "world_size", std::to_string(worldSize), "setting a run's world size");
    updateRunField(run, "backend", backend, "setting a run's backend");
}

void RunStore::setConfig(RunId run, const nlohmann::json& config) {
    updateRunField(run, "config", config.dump(), "setting a run's config");
}

void RunStore::setStages(RunId run, const std::vector<StageSpec>& stages) {
    requireWritable("declare stages");
    std::lock_guard lock(m_mutex);
    getRunLocked(run);
    Transaction tx(*m_db, "declaring the stages of run " + std::to_string(run));
    Statement up(*m_db,
                 "INSERT INTO stages (run_id, name, ord, total_steps) VALUES (?1, ?2, ?3, ?4) "
                 "ON CONFLICT (run_id, name) DO UPDATE SET ord = excluded.ord, total_steps = excluded.total_steps",
                 "declaring a stage");
    for (std::size_t i = 0; i < stages.size(); ++i) {
        if (stages[i].name.empty()) throw Error(ErrorKind::InvalidArgument, "a stage's name must not be empty");
        up.bind(1, run).bind(2, stages[i].name).bind(3, static_cast<std::int64_t>(i));
        up.bind(4, stages[i].totalSteps).run();
    }
    tx.commit();
}

void RunStore::deleteRun(RunId run) {
    requireWritable("delete a run");
    waitForWriter();  // its queued rows land before the rows go, not after
    std::lock_guard lock(m_mutex);
    const RunInfo info = getRunLocked(run);
    if (m_locks.count(run))
        throw Error(ErrorKind::InvalidArgument, "run " + std::to_string(run) + " ('" + info.name +
                                                    "') is active in this process; stop it before deleting it");
    std::unique_ptr<RunLock> held;
    if (isActive(info.status)) {
        held = RunLock::tryAcquire(runDir(run) / kLockFileName);
        if (!held)
            throw Error(ErrorKind::InvalidArgument, "run " + std::to_string(run) + " ('" + info.name +
                                                        "') is active in another process; stop it before deleting it");
    }
    {
        Transaction tx(*m_db, "deleting run " + std::to_string(run));
        Statement del(*m_db, "DELETE FROM runs WHERE id = ?1", "deleting a run");
        del.bind(1, run).run();
        insertEvent(*m_db, std::nullopt, EventLevel::Info,
                    "deleted run " + std::to_string(run) + " ('" + info.name + "')");
        tx.commit();
    }
    held.reset();
    try {
        m_db->exec("PRAGMA incremental_vacuum", "giving the deleted run's space back");
    } catch (const Error&) {
        // Only space is at stake; the next deletion tries again.
    }
    std::error_code ec;
    removeTree(runDir(run), ec);
    if (ec)
        throw Error(ErrorKind::Io, "run " + std::to_string(run) + " was deleted from '" + m_databaseFile.string() +
                                       "' but its folder '" + runDir(run).string() +
                                       "' could not be removed: " + ec.message());
}

// ---- writer ----

StoreWriter& RunStore::writer() {
    if (StoreWriter* w = m_writerPtr.load(std::memory_order_acquire)) return *w;  // the per-step path: no lock
    requireWritable("log");
    std::lock_guard lock(m_writerMutex);
    if (!m_writer) {
        m_writer = std::make_unique<StoreWriter>(m_dir, m_databaseFile, m_options.writer, m_options.busyTimeoutMs);
        m_writerPtr.store(m_writer.get(), std::memory_order_release);
    }
    return *m_writer;
}

void RunStore::flush() {
    if (StoreWriter* w = m_writerPtr.load(std::memory_order_acquire)) w->flush();
}

}  // namespace uae::store
