// The run store of one workspace: <workspace>/uae.sqlite (WAL, schema version, migrations)
// plus <workspace>/runs/<id>/ for each run's checkpoints and sample images. Torch-free and
// Qt-free, so the GUI, the CLI and the training engine all use it. docs/store.md has the
// schema, the threading and the durability guarantees.
//
// Threads: every method may be called from any thread. Run management and reads share one
// connection behind a mutex (short statements; WAL lets them read while the writer
// commits). Per-step logging goes through writer(): its own thread and connection, so the
// training loop never waits on the disk.
//
// Errors: uae::Error naming the database file and what was being done; at the GUI / CLI
// boundary wrap calls in uae::capture() (core/common/status.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store/storetypes.h"
#include "core/store/storewriter.h"

namespace uae::store {

class Connection;
class RunLock;

struct StoreOptions {
    bool create = true;     // create the folder and the database when missing
    bool readOnly = false;  // browse only: no migration, no writer, no change of any kind
    int busyTimeoutMs = 5000;
    WriterOptions writer;
};

class RunStore {
public:
    static constexpr const char* kDatabaseFileName = "uae.sqlite";
    static constexpr const char* kRunsFolderName = "runs";

    // Opens the workspace folder `dir`, creating it when allowed, and migrates its database
    // to this build's schema. A database of a newer schema, a damaged file or another
    // application's database is refused (uae::Error naming the file). Runs left active by a
    // process that died are marked interrupted.
    explicit RunStore(std::filesystem::path dir, StoreOptions options = {});
    // Drains the writer; runs this store still holds active are marked interrupted.
    ~RunStore();
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    static int latestSchemaVersion();
    static bool isWorkspace(const std::filesystem::path& dir);  // has a uae.sqlite

    WorkspaceInfo workspace() const;
    const std::filesystem::path& dir() const { return m_dir; }
    const std::filesystem::path& databaseFile() const { return m_databaseFile; }
    std::filesystem::path runDir(RunId run) const;  // <workspace>/runs/<id>
    bool readOnly() const { return m_options.readOnly; }

    // ---- runs (synchronous) ----
    // A new run, status queued, with its folder; an empty name becomes "run <id>".
    RunInfo createRun(const NewRun& spec);
    // Running / Paused take the run's lock (uae::Error when another process holds it);
    // other states release it. Leaving the active states first waits until everything
    // queued in the writer is committed, so a reader that sees "finished" sees all rows.
    // `message` says why (failures, interruptions); it is also logged as an event.
    void setStatus(RunId run, RunStatus status, const std::string& message = {});
    void rename(RunId run, const std::string& name);
    void setNotes(RunId run, const std::string& notes);
    void setDevice(RunId run, const std::string& device);
    // The process count and collective backend of a data-parallel run (world size 1, "" for one process).
    void setParallelism(RunId run, int worldSize, const std::string& backend);
    void setConfig(RunId run, const nlohmann::json& config);
    // Declares the stages in order (queued); existing ones keep their progress.
    void setStages(RunId run, const std::vector<StageSpec>& stages);
    // Deletes every row of the run and its folder. Refused while the run is active.
    void deleteRun(RunId run);

    // ---- reads ----
    std::vector<RunInfo> listRuns(const RunFilter& filter = {}) const;
    std::optional<RunInfo> findRun(RunId run) const;
    RunInfo getRun(RunId run) const;                      // throws naming the id
    RunInfo resolveRun(const std::string& idOrName) const;  // "7" or an unambiguous name
    nlohmann::json config(RunId run) const;
    std::vector<RunInfo> interruptedRuns() const;  // candidates for "resume"
    std::vector<StageInfo> stages(RunId run) const;

    std::vector<std::string> metricNames(RunId run) const;
    // The points of one series with step > sinceStep, ordered by stage then step; `stage`
    // empty means every stage. For live charts: pass the last step seen.
    std::vector<MetricPoint> readMetrics(RunId run, const std::string& name, std::int64_t sinceStep = -1,
                                         const std::string& stage = {}) const;
    // Ordered by stage, step, probe; `stage` empty means every stage. No image bytes.
    std::vector<SnapshotInfo> listSnapshots(RunId run, const std::string& stage = {}) const;
    std::vector<std::uint8_t> snapshotImage(std::int64_t snapshotId) const;  // PNG; empty if none
    std::vector<ProbeInfo> probes(RunId run) const;
    std::vector<std::uint8_t> probeImage(RunId run, int probe) const;
    std::vector<CheckpointInfo> listCheckpoints(RunId run) const;  // by stage order, then step
    std::optional<CheckpointInfo> latestCheckpoint(RunId run, const std::string& stage = {}) const;
    std::vector<BenchmarkInfo> benchmarks(RunId run) const;
    // Run 0: the workspace's own events. Oldest first.
    std::vector<EventInfo> events(RunId run, const EventFilter& filter = {}) const;

    // "ok", or SQLite's list of problems (PRAGMA integrity_check).
    std::string integrityCheck() const;

    // ---- logging ----
    // The writer, started on first use (then lock-free to get). Lives as long as the store.
    // Throws when the store is read-only.
    StoreWriter& writer();
    // writer().flush() when the writer was started; otherwise nothing to do.
    void flush();

private:
    void requireWritable(const char* what) const;
    void recoverInterruptedRuns();
    void markInterruptedLocked(RunId run, const std::string& message);
    void waitForWriter();
    RunInfo getRunLocked(RunId run) const;
    void requireRunLocked(RunId run, int changes) const;
    void updateRunField(RunId run, const char* column, const std::string& value, const char* purpose);

    std::filesystem::path m_dir;
    std::filesystem::path m_databaseFile;
    StoreOptions m_options;
    int m_schemaVersion = 0;

    mutable std::mutex m_mutex;  // guards m_db and m_locks
    std::unique_ptr<Connection> m_db;
    std::map<RunId, std::unique_ptr<RunLock>> m_locks;  // runs this store holds active

    std::mutex m_writerMutex;  // guards the writer's creation and destruction
    std::unique_ptr<StoreWriter> m_writer;
    std::atomic<StoreWriter*> m_writerPtr{nullptr};  // m_writer once created; read without a lock
};

}  // namespace uae::store
