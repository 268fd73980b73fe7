#include "core/store/storewriter.h"

#include <variant>

#include "core/store/storebatch.h"

namespace uae::store {

namespace {

void requireName(std::string_view value, const char* what, const StoreWriter& writer) {
    if (value.empty())
        throw Error(ErrorKind::InvalidArgument,
                    std::string("store writer of '") + writer.databaseFile().string() + "': the " + what +
                        " must not be empty");
}

}  // namespace

StoreWriter::StoreWriter(std::filesystem::path workspaceDir, std::filesystem::path databaseFile,
                         WriterOptions options, int busyTimeoutMs)
    : m_workspaceDir(std::move(workspaceDir)),
      m_databaseFile(std::move(databaseFile)),
      m_options(std::move(options)),
      m_batch(std::make_unique<Batch>(m_workspaceDir, m_databaseFile, m_options, busyTimeoutMs)),
      m_pendingLost(std::make_unique<JobCounts>()) {
    if (m_options.batchRows == 0) m_options.batchRows = 1;
    m_thread = std::thread([this] { threadMain(); });
}

StoreWriter::~StoreWriter() {
    try {
        close();
    } catch (...) {
        // close() reports failures through flush(); a destructor must not throw. They were
        // already passed to onError and kept in stats().
    }
    if (m_thread.joinable()) m_thread.join();
}

// ---- producers ----

bool StoreWriter::admitLocked(std::size_t count) {
    if (m_closed)
        throw Error(ErrorKind::InvalidArgument,
                    "store writer of '" + m_databaseFile.string() + "' is closed; nothing more can be logged");
    if (m_metrics.size() + m_others.size() + count > m_options.maxQueuedJobs) {
        m_stats.dropped += count;
        m_pendingDropped += count;
        if (m_pendingError.empty()) {
            m_pendingKind = ErrorKind::Io;
            m_pendingError = "workspace database '" + m_databaseFile.string() + "': the write queue is full (" +
                             std::to_string(m_options.maxQueuedJobs) +
                             " jobs); the disk cannot keep up, so new rows are dropped";
        }
        ++m_pendingProblems;
        m_failing = true;
        return false;
    }
    return true;
}

void StoreWriter::wakeLocked(std::size_t before, std::size_t after) {
    if (before == 0) m_firstQueued = std::chrono::steady_clock::now();
    // Only the transitions the writer waits for: the first job (to arm its timer) and a full batch.
    if (before == 0 || (before < m_options.batchRows && after >= m_options.batchRows)) m_wake.notify_one();
}

void StoreWriter::enqueueMetricLocked(RunId run, std::string_view stage, std::int64_t step, std::string_view name,
                                      double value, std::int64_t wallMs) {
    m_metrics.push_back(MetricJob{run, std::string(stage), std::string(name), step, value, wallMs});
    ++m_enqueued;
    ++m_stats.queued;
}

void StoreWriter::logMetric(RunId run, std::string_view stage, std::int64_t step, std::string_view name,
                            double value) {
    requireName(stage, "stage name", *this);
    requireName(name, "metric name", *this);
    const std::int64_t wall = nowMs();
    std::lock_guard lock(m_mutex);
    if (!admitLocked(1)) return;
    const std::size_t before = m_metrics.size() + m_others.size();
    enqueueMetricLocked(run, stage, step, name, value, wall);
    wakeLocked(before, before + 1);
}

void StoreWriter::logMetrics(RunId run, std::string_view stage, std::int64_t step,
                             std::initializer_list<std::pair<std::string_view, double>> values) {
    requireName(stage, "stage name", *this);
    for (const auto& [name, value] : values) requireName(name, "metric name", *this);
    const std::int64_t wall = nowMs();
    std::lock_guard lock(m_mutex);
    if (!admitLocked(values.size())) return;
    const std::size_t before = m_metrics.size() + m_others.size();
    for (const auto& [name, value] : values) enqueueMetricLocked(run, stage, step, name, value, wall);
    wakeLocked(before, before + values.size());
}

void StoreWriter::enqueueOther(OtherJob job) {
    std::lock_guard lock(m_mutex);
    if (!admitLocked(1)) return;
    const std::size_t before = m_metrics.size() + m_others.size();
    m_others.push_back(std::move(job));
    ++m_enqueued;
    ++m_stats.queued;
    wakeLocked(before, before + 1);
}

void StoreWriter::logEvent(RunId run, EventLevel level, std::string message, std::string_view stage) {
    enqueueOther(OtherJob{run, std::string(stage), nowMs(), EventJob{level, std::move(message)}});
}

void StoreWriter::addSnapshot(RunId run, SnapshotRecord snapshot) {
    requireName(snapshot.stage, "stage name", *this);
    std::string stage = snapshot.stage;
    enqueueOther(OtherJob{run, std::move(stage), nowMs(), std::move(snapshot)});
}

void StoreWriter::addProbe(RunId run, ProbeRecord probe) {
    enqueueOther(OtherJob{run, {}, nowMs(), std::move(probe)});
}

void StoreWriter::addCheckpoint(RunId run, CheckpointRecord checkpoint) {
    requireName(checkpoint.stage, "stage name", *this);
    requireName(checkpoint.path.native(), "checkpoint path", *this);
    std::string stage = checkpoint.stage;
    enqueueOther(OtherJob{run, std::move(stage), nowMs(), std::move(checkpoint)});
}

void StoreWriter::addBenchmark(RunId run, BenchmarkRecord result) {
    requireName(result.benchmark, "benchmark name", *this);
    requireName(result.metric, "benchmark metric", *this);
    std::string stage = result.stage;
    enqueueOther(OtherJob{run, std::move(stage), nowMs(), std::move(result)});
}

void StoreWriter::updateStage(RunId run, std::string_view stage, StageProgress progress) {
    requireName(stage, "stage name", *this);
    enqueueOther(OtherJob{run, std::string(stage), nowMs(), progress});
}

// ---- flush, close, stats ----

void StoreWriter::waitDurableLocked(std::unique_lock<std::mutex>& lock) {
    const std::uint64_t target = m_enqueued;
    if (m_durable >= target) return;
    m_flushWanted = true;
    m_wake.notify_one();
    m_done.wait(lock, [&] { return m_durable >= target || m_finished; });
}

void StoreWriter::waitIdle() {
    std::unique_lock lock(m_mutex);
    waitDurableLocked(lock);
}

void StoreWriter::flush() {
    std::unique_lock lock(m_mutex);
    waitDurableLocked(lock);
    if (m_pendingError.empty()) return;
    std::string message = m_pendingError;
    if (m_pendingProblems > 1) message += " (and " + std::to_string(m_pendingProblems - 1) + " more problems)";
    if (m_pendingDropped > 0) message += "; " + std::to_string(m_pendingDropped) + " rows were not stored";
    message += " since the previous flush";
    const std::string lost = m_pendingLost->describe();
    if (!lost.empty()) message += "; the failed batches held " + lost;
    const ErrorKind kind = m_pendingKind;
    m_pendingError.clear();
    m_pendingProblems = 0;
    m_pendingDropped = 0;
    *m_pendingLost = JobCounts{};
    m_failing = false;
    throw Error(kind, message);
}

void StoreWriter::close() {
    {
        std::lock_guard lock(m_mutex);
        if (m_closed) return;
        m_closed = true;
        m_stopping = true;
        m_wake.notify_one();
    }
    if (m_thread.joinable()) m_thread.join();
    flush();  // nothing is left to wait for; reports what failed
}

WriterStats StoreWriter::stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void StoreWriter::recordError(const Error& error, std::uint64_t droppedJobs) {
    {
        std::lock_guard lock(m_mutex);
        m_stats.dropped += droppedJobs;
        m_stats.lastError = error.what();
        m_pendingDropped += droppedJobs;
        ++m_pendingProblems;
        if (m_pendingError.empty()) {
            m_pendingError = error.what();
            m_pendingKind = error.kind();
        }
        m_failing = true;
    }
    if (m_options.onError) {
        try {
            m_options.onError(error);
        } catch (...) {
            // A callback's failure must not kill the writer.
        }
    }
}

// ---- the writer thread ----

void StoreWriter::threadMain() {
    std::vector<MetricJob> metrics;
    std::vector<OtherJob> others;
    std::unique_lock lock(m_mutex);
    for (;;) {
        // Wait for a reason to commit: a full batch, an old enough job, a flush, or the end.
        for (;;) {
            const std::size_t queued = m_metrics.size() + m_others.size();
            if (m_stopping || m_flushWanted || queued >= m_options.batchRows) break;
            if (queued == 0) {
                m_wake.wait(lock);
                continue;
            }
            const auto deadline = m_firstQueued + m_options.flushInterval;
            if (std::chrono::steady_clock::now() >= deadline) break;
            m_wake.wait_until(lock, deadline);
        }
        if (m_metrics.empty() && m_others.empty()) {
            m_flushWanted = false;
            m_done.notify_all();
            if (m_stopping) break;
            continue;
        }
        metrics.swap(m_metrics);
        others.swap(m_others);
        const std::uint64_t upto = m_enqueued;
        m_flushWanted = false;
        lock.unlock();

        const BatchResult result = m_batch->write(metrics, others);
        for (std::size_t i = 0; i < result.rowErrors.size(); ++i)
            recordError(result.rowErrors[i], i == 0 ? result.rejected : 0);
        if (result.failure) {
            {
                std::lock_guard lost(m_mutex);
                m_pendingLost->add(metrics, others);
            }
            recordError(*result.failure, metrics.size() + others.size());
        }
        metrics.clear();
        others.clear();

        lock.lock();
        if (!result.failure) {
            m_stats.written += result.written;
            ++m_stats.batches;
        }
        m_durable = upto;
        m_done.notify_all();
    }
    m_finished = true;
    m_done.notify_all();
}

}  // namespace uae::store
