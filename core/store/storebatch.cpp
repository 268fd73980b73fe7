#include "core/store/storebatch.h"

#include <algorithm>
#include <system_error>

#include "core/common/testhook.h"

namespace uae::store {

namespace {

// A deleted run can reject thousands of queued rows: their count is kept, a few messages.
constexpr std::uint64_t kKeptRowErrors = 4;

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

Error withContext(const Error& e, const std::string& context) {
    return Error(e.kind(), std::string(e.what()) + " [" + context + "]");
}

}  // namespace

StoreWriter::Batch::Batch(const std::filesystem::path& workspaceDir, const std::filesystem::path& databaseFile,
                          const WriterOptions& options, int busyTimeoutMs)
    : m_workspaceDir(workspaceDir), m_db(databaseFile, Connection::Mode::ReadWrite, busyTimeoutMs, options.fullSync) {
    if (options.maxPageCount > 0)
        m_db.exec("PRAGMA max_page_count = " + std::to_string(options.maxPageCount), "limiting the database size");
    m_insertStage = Statement(m_db,
                              "INSERT INTO stages (run_id, name, ord, status, started_ms) VALUES "
                              "(?1, ?2, (SELECT COALESCE(MAX(ord) + 1, 0) FROM stages WHERE run_id = ?1), "
                              "'running', ?3) ON CONFLICT (run_id, name) DO NOTHING",
                              "creating a stage");
    m_selectStage = Statement(m_db, "SELECT id FROM stages WHERE run_id = ?1 AND name = ?2", "finding a stage");
    m_insertName = Statement(m_db, "INSERT INTO metric_names (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
                             "registering a metric name");
    m_selectName = Statement(m_db, "SELECT id FROM metric_names WHERE name = ?1", "finding a metric name");
    m_insertMetric = Statement(m_db,
                               "INSERT INTO metrics (stage_id, name_id, step, value, wall_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
                               "ON CONFLICT (stage_id, name_id, step) DO UPDATE SET value = excluded.value, "
                               "wall_ms = excluded.wall_ms",
                               "inserting metrics");
    m_insertEvent = Statement(m_db,
                              "INSERT INTO events (run_id, stage, time_ms, level, message) VALUES (?1, ?2, ?3, ?4, ?5)",
                              "inserting a log event");
    m_upsertSnapshot = Statement(m_db,
                                 "INSERT INTO snapshots (stage_id, step, probe, caption, similarity, image_bytes, wall_ms) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (stage_id, step, probe) DO UPDATE SET "
                                 "caption = excluded.caption, similarity = excluded.similarity, "
                                 "image_bytes = excluded.image_bytes, wall_ms = excluded.wall_ms RETURNING id",
                                 "inserting a probe snapshot");
    m_upsertSnapshotImage = Statement(m_db,
                                      "INSERT INTO snapshot_images (snapshot_id, png) VALUES (?1, ?2) "
                                      "ON CONFLICT (snapshot_id) DO UPDATE SET png = excluded.png",
                                      "storing a snapshot image");
    m_deleteSnapshotImage =
        Statement(m_db, "DELETE FROM snapshot_images WHERE snapshot_id = ?1", "removing a snapshot image");
    m_upsertProbe = Statement(m_db,
                              "INSERT INTO probes (run_id, probe, caption, png) VALUES (?1, ?2, ?3, ?4) "
                              "ON CONFLICT (run_id, probe) DO UPDATE SET caption = excluded.caption, png = excluded.png",
                              "storing a probe image");
    m_upsertCheckpoint = Statement(m_db,
                                   "INSERT INTO checkpoints (stage_id, step, path, bytes, kind, created_ms) VALUES "
                                   "(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (stage_id, path) DO UPDATE SET "
                                   "step = excluded.step, bytes = excluded.bytes, kind = excluded.kind, "
                                   "created_ms = excluded.created_ms",
                                   "recording a checkpoint");
    m_upsertBenchmark = Statement(
        m_db,
        "INSERT INTO benchmark_results (run_id, stage, step, checkpoint_id, benchmark, metric, value, details, "
        "created_ms) VALUES (?1, ?2, ?3, CASE WHEN ?4 = '' THEN NULL ELSE (SELECT c.id FROM checkpoints c JOIN "
        "stages s ON s.id = c.stage_id WHERE s.run_id = ?1 AND c.path = ?4 ORDER BY c.id DESC LIMIT 1) END, "
        "?5, ?6, ?7, ?8, ?9) ON CONFLICT (run_id, benchmark, stage, step, metric) DO UPDATE SET "
        "checkpoint_id = excluded.checkpoint_id, value = excluded.value, details = excluded.details, "
        "created_ms = excluded.created_ms",
        "recording a benchmark result");
    m_updateStage = Statement(
        m_db,
        "UPDATE stages SET status = ?2, step = ?3, total_steps = CASE WHEN ?4 > 0 THEN ?4 ELSE total_steps END, "
        "started_ms = CASE WHEN ?2 = 'running' THEN COALESCE(started_ms, ?5) ELSE started_ms END, "
        "finished_ms = CASE WHEN ?2 IN ('finished', 'failed', 'stopped', 'interrupted') THEN ?5 "
        "WHEN ?2 IN ('running', 'paused') THEN NULL ELSE finished_ms END WHERE id = ?1",
        "updating a stage's progress");
}

std::int64_t StoreWriter::Batch::stageId(RunId run, const std::string& stage, std::int64_t timeMs) {
    if (run == m_lastRun && stage == m_lastStage) return m_lastStageId;
    auto key = std::make_pair(run, stage);
    auto it = m_stageIds.find(key);
    if (it == m_stageIds.end()) {
        m_selectStage.bind(1, run).bind(2, stage);
        std::optional<std::int64_t> id;
        if (m_selectStage.step()) id = m_selectStage.int64(0);
        m_selectStage.reset();
        if (!id) {
            requireRun(run);
            m_insertStage.bind(1, run).bind(2, stage).bind(3, timeMs).run();
            m_selectStage.bind(1, run).bind(2, stage);
            if (m_selectStage.step()) id = m_selectStage.int64(0);
            m_selectStage.reset();
            if (!id) throw Error(ErrorKind::Internal, "stage '" + stage + "' vanished after its creation");
        }
        it = m_stageIds.emplace(std::move(key), *id).first;
    }
    m_lastRun = run;
    m_lastStage = stage;
    m_lastStageId = it->second;
    return it->second;
}

void StoreWriter::Batch::requireRun(RunId run) {
    if (std::find(m_knownRuns.begin(), m_knownRuns.end(), run) != m_knownRuns.end()) return;
    // Without this a foreign key failure would say only "FOREIGN KEY constraint failed".
    if (!m_db.queryInt("SELECT 1 FROM runs WHERE id = " + std::to_string(run), "finding a run"))
        throw Error(ErrorKind::InvalidArgument, "workspace database '" + m_db.file().string() + "': run " +
                                                    std::to_string(run) + " does not exist (deleted?)");
    m_knownRuns.push_back(run);
}

std::int64_t StoreWriter::Batch::nameId(const std::string& name) {
    if (auto it = m_nameIds.find(name); it != m_nameIds.end()) return it->second;
    m_insertName.bind(1, name).run();
    m_selectName.bind(1, name);
    if (!m_selectName.step()) throw Error(ErrorKind::Internal, "metric name '" + name + "' vanished");
    const std::int64_t id = m_selectName.int64(0);
    m_selectName.reset();
    m_nameIds.emplace(name, id);
    return id;
}

std::string StoreWriter::Batch::relativePath(const std::filesystem::path& path) const {
    // A relative path names a file from the working directory, as every file call reads
    // it, and so does a relative workspace folder (`uae --workspace ws`, the default
    // `uae-workspace`): both are made absolute before the one is taken relative to the
    // other. (Stored as given, "ws/runs/1/..." was read back as "ws/ws/runs/1/...", and a
    // resume found none of the run's checkpoints.)
    std::error_code ec;
    const auto file = std::filesystem::absolute(path, ec).lexically_normal();
    const auto workspace = std::filesystem::absolute(m_workspaceDir, ec).lexically_normal();
    if (ec) return path.generic_string();
    const auto rel = file.lexically_relative(workspace);
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
    return file.generic_string();
}

void StoreWriter::Batch::insertMetric(const MetricJob& job) {
    const std::int64_t stage = stageId(job.run, job.stage, job.wallMs);
    const std::int64_t name = nameId(job.name);
    m_insertMetric.bind(1, stage).bind(2, name).bind(3, job.step).bind(4, job.value).bind(5, job.wallMs).run();
}

void StoreWriter::Batch::apply(const OtherJob& job) {
    std::visit(
        Overloaded{
            [&](const EventJob& e) {
                if (job.run == 0) {
                    m_insertEvent.bindNull(1);
                } else {
                    requireRun(job.run);
                    m_insertEvent.bind(1, job.run);
                }
                m_insertEvent.bind(2, job.stage).bind(3, job.timeMs).bind(4, toString(e.level)).bind(5, e.message).run();
            },
            [&](const SnapshotRecord& s) {
                testhook::Scope hook(testhook::Phase::SnapshotWrite);
                m_upsertSnapshot.bind(1, stageId(job.run, job.stage, job.timeMs))
                    .bind(2, s.step)
                    .bind(3, s.probe)
                    .bind(4, s.caption)
                    .bind(5, s.similarity)
                    .bind(6, static_cast<std::int64_t>(s.png.size()))
                    .bind(7, job.timeMs);
                if (!m_upsertSnapshot.step()) throw Error(ErrorKind::Internal, "the snapshot upsert returned no id");
                const std::int64_t id = m_upsertSnapshot.int64(0);
                m_upsertSnapshot.reset();
                if (s.png.empty())
                    m_deleteSnapshotImage.bind(1, id).run();
                else
                    m_upsertSnapshotImage.bind(1, id).bindBlob(2, s.png).run();
                testhook::killPoint(testhook::Phase::SnapshotWrite);
            },
            [&](const ProbeRecord& p) {
                requireRun(job.run);
                m_upsertProbe.bind(1, job.run).bind(2, p.probe).bind(3, p.caption).bindBlob(4, p.png).run();
            },
            [&](const CheckpointRecord& c) {
                std::int64_t bytes = c.bytes;
                if (bytes < 0) {
                    std::error_code ec;
                    const auto size = std::filesystem::file_size(c.path, ec);  // relative: to the working directory
                    bytes = ec ? 0 : static_cast<std::int64_t>(size);
                }
                m_upsertCheckpoint.bind(1, stageId(job.run, job.stage, job.timeMs))
                    .bind(2, c.step)
                    .bind(3, relativePath(c.path))
                    .bind(4, bytes)
                    .bind(5, c.kind)
                    .bind(6, job.timeMs)
                    .run();
            },
            [&](const BenchmarkRecord& b) {
                requireRun(job.run);
                m_upsertBenchmark.bind(1, job.run)
                    .bind(2, b.stage)
                    .bind(3, b.step)
                    .bind(4, b.checkpoint.empty() ? std::string() : relativePath(b.checkpoint))
                    .bind(5, b.benchmark)
                    .bind(6, b.metric)
                    .bind(7, b.value)
                    .bind(8, b.details.is_null() ? std::string("{}") : b.details.dump())
                    .bind(9, job.timeMs)
                    .run();
            },
            [&](const StageProgress& p) {
                m_updateStage.bind(1, stageId(job.run, job.stage, job.timeMs))
                    .bind(2, toString(p.status))
                    .bind(3, p.step)
                    .bind(4, p.totalSteps)
                    .bind(5, job.timeMs)
                    .run();
            },
        },
        job.payload);
}

BatchResult StoreWriter::Batch::write(const std::vector<MetricJob>& metrics, const std::vector<OtherJob>& others) {
    BatchResult result;
    const std::size_t total = metrics.size() + others.size();
    try {
        Transaction tx(m_db, "writing a batch of " + std::to_string(total) + " rows");
        // Rows the database refuses (constraints: a deleted run, a bad JSON) are skipped one
        // by one; any other error (disk full, I/O) aborts and rolls back the whole batch.
        for (const OtherJob& job : others) {
            try {
                apply(job);
                ++result.written;
                testhook::killPoint(testhook::Phase::StoreTransaction);
            } catch (const Error& e) {
                if (e.kind() != ErrorKind::InvalidArgument) throw;
                if (++result.rejected <= kKeptRowErrors)
                    result.rowErrors.push_back(withContext(e, "a row of run " + std::to_string(job.run) + " not stored"));
            }
        }
        for (const MetricJob& job : metrics) {
            try {
                insertMetric(job);
                if (++result.written % 8 == 0) testhook::killPoint(testhook::Phase::StoreTransaction);
            } catch (const Error& e) {
                if (e.kind() != ErrorKind::InvalidArgument) throw;
                if (++result.rejected <= kKeptRowErrors)
                    result.rowErrors.push_back(withContext(e, "metric '" + job.name + "' of run " +
                                                                  std::to_string(job.run) + ", stage '" + job.stage +
                                                                  "', step " + std::to_string(job.step) +
                                                                  " not stored"));
            }
        }
        tx.commit();
    } catch (const Error& e) {
        JobCounts held;  // what the lost batch held ("12 metric values, 4 snapshots")
        held.add(metrics, others);
        result.failure =
            withContext(e, std::to_string(total) + " queued rows (" + held.describe() + ") rolled back and dropped");
    } catch (const std::exception& e) {
        result.failure = Error(ErrorKind::Internal, "workspace database '" + m_db.file().string() +
                                                        "': writing a batch failed: " + e.what());
    }
    if (result.failure) {
        result.written = 0;
        result.rejected = 0;
        result.rowErrors.clear();
        m_stageIds.clear();
        m_nameIds.clear();
        m_knownRuns.clear();
        m_lastRun = -1;
    }
    return result;
}

}  // namespace uae::store
