// The run store's single writer: one thread with its own SQLite connection drains a job
// queue and commits many rows per transaction. Torch-free.
//
// Threads: every log/add/update call may come from any thread; it copies its arguments
// into the queue under a short mutex and returns without touching the disk (the training
// loop never waits on SQLite). The writer commits a batch when `batchRows` jobs are queued,
// when the oldest queued job is `flushInterval` old, or when flush() asks. flush() blocks
// until everything queued before it is committed (synchronous=FULL by default: durable
// across a crash of the process and of the machine), then reports failures.
//
// Failures never reach the training thread as exceptions from logMetric & co. A row the
// database rejects (a run that no longer exists, a non-finite step) is dropped; a failing
// disk (full, read-only, I/O error) rolls the whole batch back and drops it, so the file is
// never left half-written. Both are counted and described in stats(), passed to
// WriterOptions::onError on the writer thread, and thrown by the next flush().
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/common/error.h"
#include "core/store/storetypes.h"

namespace uae::store {

struct JobCounts;  // storebatch.h

struct WriterOptions {
    std::chrono::milliseconds flushInterval{200};  // the most a queued row waits for its commit
    std::size_t batchRows = 4096;                   // commit early when this many jobs are queued
    std::size_t maxQueuedJobs = 2'000'000;          // beyond it new jobs are dropped (and reported)
    bool fullSync = true;                           // false: synchronous=NORMAL (survives a process crash only)
    std::int64_t maxPageCount = 0;                  // >0 caps the database size in pages (quota; tests use it)
    std::function<void(const Error&)> onError;      // called on the writer thread; must not block
};

struct WriterStats {
    std::uint64_t queued = 0;   // jobs accepted so far
    std::uint64_t written = 0;  // jobs committed
    std::uint64_t dropped = 0;  // jobs lost: rejected rows, failed batches, queue overflow
    std::uint64_t batches = 0;  // committed transactions
    std::string lastError;
};

class StoreWriter {
public:
    // Opens its own connection to `databaseFile` (a migrated workspace database) and starts
    // the thread. Paths of checkpoints inside `workspaceDir` are stored relative to it.
    StoreWriter(std::filesystem::path workspaceDir, std::filesystem::path databaseFile, WriterOptions options = {},
                int busyTimeoutMs = 5000);
    // Drains the queue (commits everything) and joins the thread. Never throws.
    ~StoreWriter();
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;

    // One value of a series. `stage` and `name` must not be empty (checked here, cheaply);
    // a stage not yet known for the run is created (status running). Logging the same
    // (run, stage, name, step) again replaces the value: a resumed run overwrites the steps
    // it repeats.
    void logMetric(RunId run, std::string_view stage, std::int64_t step, std::string_view name, double value);
    // Several series of one step under one lock.
    void logMetrics(RunId run, std::string_view stage, std::int64_t step,
                    std::initializer_list<std::pair<std::string_view, double>> values);
    // A log line; run 0 logs about the workspace.
    void logEvent(RunId run, EventLevel level, std::string message, std::string_view stage = {});
    void addSnapshot(RunId run, SnapshotRecord snapshot);  // replaces (run, stage, step, probe)
    void addProbe(RunId run, ProbeRecord probe);           // replaces (run, probe)
    void addCheckpoint(RunId run, CheckpointRecord checkpoint);  // replaces (run, stage, path)
    void addBenchmark(RunId run, BenchmarkRecord result);  // replaces (run, benchmark, stage, step, metric)
    void updateStage(RunId run, std::string_view stage, StageProgress progress);

    // Blocks until every job queued before the call is committed. Throws uae::Error
    // describing the first failure since the previous flush (and how many rows were lost).
    void flush();
    // Like flush(), but leaves failures for the next flush() to report.
    void waitIdle();
    // flush() and stop the thread; later calls to log/add throw. Idempotent.
    void close();

    // True from a failure until the flush() that reports it: a cheap check (one atomic load)
    // for a training loop that must stop when the store can no longer write.
    bool failing() const { return m_failing.load(std::memory_order_relaxed); }

    WriterStats stats() const;
    const std::filesystem::path& databaseFile() const { return m_databaseFile; }

private:
    friend struct JobCounts;
    struct MetricJob;
    struct OtherJob;
    class Batch;

    void enqueueMetricLocked(RunId run, std::string_view stage, std::int64_t step, std::string_view name,
                             double value, std::int64_t wallMs);
    void enqueueOther(OtherJob job);
    bool admitLocked(std::size_t count);  // false (and counted) when the queue is full or closed
    void wakeLocked(std::size_t before, std::size_t after);
    void threadMain();
    void recordError(const Error& error, std::uint64_t droppedJobs);
    void waitDurableLocked(std::unique_lock<std::mutex>& lock);

    std::filesystem::path m_workspaceDir;
    std::filesystem::path m_databaseFile;
    WriterOptions m_options;
    std::unique_ptr<Batch> m_batch;  // the writer thread's connection and statements

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;  // producers/flush -> writer
    std::condition_variable m_done;  // writer -> flush
    std::vector<MetricJob> m_metrics;
    std::vector<OtherJob> m_others;
    std::chrono::steady_clock::time_point m_firstQueued;
    std::uint64_t m_enqueued = 0;  // sequence of the last accepted job
    std::uint64_t m_durable = 0;   // every job up to this sequence is committed (or dropped)
    bool m_flushWanted = false;
    bool m_stopping = false;
    bool m_finished = false;  // the thread has left its loop
    bool m_closed = false;
    WriterStats m_stats;
    std::string m_pendingError;  // first failure since the last flush
    ErrorKind m_pendingKind = ErrorKind::Internal;
    std::uint64_t m_pendingProblems = 0;
    std::uint64_t m_pendingDropped = 0;
    std::atomic<bool> m_failing{false};  // m_pendingError is set
    std::unique_ptr<JobCounts> m_pendingLost;  // what the failed batches since the last flush held
    std::thread m_thread;
};

}  // namespace uae::store
