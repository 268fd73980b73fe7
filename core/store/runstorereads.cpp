// RunStore's read queries. Each holds the store's mutex for one statement; WAL lets them
// run while the writer thread commits, and they see the last committed batch.
#include <algorithm>
#include <cctype>

#include "core/store/runstore.h"
#include "core/store/sqlite.h"

namespace uae::store {

namespace {

constexpr const char* kRunColumns =
    "id, name, status, preset, device, notes, message, created_ms, updated_ms, started_ms, finished_ms, world_size, "
    "backend";

std::optional<std::int64_t> optionalInt(const Statement& s, int column) {
    if (s.isNull(column)) return std::nullopt;
    return s.int64(column);
}

std::optional<double> optionalReal(const Statement& s, int column) {
    if (s.isNull(column)) return std::nullopt;
    return s.real(column);
}

RunInfo readRun(const Statement& s, const RunStore& store) {
    RunInfo r;
    r.id = s.int64(0);
    r.name = s.text(1);
    r.status = parseRunStatus(s.text(2));
    r.preset = s.text(3);
    r.device = s.text(4);
    r.notes = s.text(5);
    r.message = s.text(6);
    r.createdMs = s.int64(7);
    r.updatedMs = s.int64(8);
    r.startedMs = optionalInt(s, 9);
    r.finishedMs = optionalInt(s, 10);
    r.worldSize = static_cast<int>(s.int64(11));
    r.backend = s.text(12);
    r.dir = store.runDir(r.id);
    return r;
}

// LIKE pattern matching `text` literally anywhere (ASCII case-insensitive, SQLite's LIKE).
std::string containsPattern(const std::string& text) {
    std::string p = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') p += '\\';
        p += c;
    }
    return p + "%";
}

std::filesystem::path absolutePath(const std::filesystem::path& workspace, const std::string& stored) {
    std::filesystem::path p(stored);
    return p.is_absolute() ? p : workspace / p;
}

}  // namespace

WorkspaceInfo RunStore::workspace() const {
    std::lock_guard lock(m_mutex);
    WorkspaceInfo w;
    Statement s(*m_db, "SELECT name, created_ms FROM workspace WHERE id = 1", "reading the workspace");
    if (s.step()) {
        w.name = s.text(0);
        w.createdMs = s.int64(1);
    }
    w.schemaVersion = m_schemaVersion;
    w.dir = m_dir;
    w.databaseFile = m_databaseFile;
    return w;
}

RunInfo RunStore::getRunLocked(RunId run) const {
    Statement s(*m_db, std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?1", "reading a run");
    s.bind(1, run);
    if (!s.step())
        throw Error(ErrorKind::InvalidArgument,
                    "no run with id " + std::to_string(run) + " in workspace '" + m_dir.string() + "'");
    return readRun(s, *this);
}

RunInfo RunStore::getRun(RunId run) const {
    std::lock_guard lock(m_mutex);
    return getRunLocked(run);
}

std::optional<RunInfo> RunStore::findRun(RunId run) const {
    std::lock_guard lock(m_mutex);
    Statement s(*m_db, std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?1", "reading a run");
    s.bind(1, run);
    if (!s.step()) return std::nullopt;
    return readRun(s, *this);
}

std::vector<RunInfo> RunStore::listRuns(const RunFilter& filter) const {
    std::string sql = std::string("SELECT ") + kRunColumns + " FROM runs WHERE 1";
    int index = 0;
    if (!filter.statuses.empty()) {
        sql += " AND status IN (";
        for (std::size_t i = 0; i < filter.statuses.size(); ++i) sql += (i ? ", ?" : "?") + std::to_string(++index);
        sql += ")";
    }
    if (!filter.nameContains.empty()) sql += " AND name LIKE ?" + std::to_string(++index) + " ESCAPE '\\'";
    if (!filter.preset.empty()) sql += " AND preset = ?" + std::to_string(++index);
    sql += " ORDER BY id DESC";
    if (filter.limit > 0) sql += " LIMIT " + std::to_string(filter.limit);

    std::lock_guard lock(m_mutex);
    Statement s(*m_db, sql, "listing runs");
    index = 0;
    for (RunStatus status : filter.statuses) s.bind(++index, toString(status));
    if (!filter.nameContains.empty()) s.bind(++index, containsPattern(filter.nameContains));
    if (!filter.preset.empty()) s.bind(++index, filter.preset);
    std::vector<RunInfo> runs;
    while (s.step()) runs.push_back(readRun(s, *this));
    return runs;
}

RunInfo RunStore::resolveRun(const std::string& idOrName) const {
    const bool numeric = !idOrName.empty() && std::all_of(idOrName.begin(), idOrName.end(), [](unsigned char c) {
        return std::isdigit(c) != 0;
    });
    std::lock_guard lock(m_mutex);
    if (numeric && idOrName.size() < 18) {
        Statement s(*m_db, std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?1", "reading a run");
        s.bind(1, static_cast<std::int64_t>(std::stoll(idOrName)));
        if (s.step()) return readRun(s, *this);
    }
    Statement s(*m_db, std::string("SELECT ") + kRunColumns + " FROM runs WHERE name = ?1 ORDER BY id",
                "finding a run by name");
    s.bind(1, idOrName);
    std::vector<RunInfo> found;
    while (s.step()) found.push_back(readRun(s, *this));
    if (found.size() == 1) return found.front();
    if (found.empty())
        throw Error(ErrorKind::InvalidArgument,
                    "no run with id or name '" + idOrName + "' in workspace '" + m_dir.string() + "'");
    std::string ids;
    for (const RunInfo& r : found) ids += (ids.empty() ? "" : ", ") + std::to_string(r.id);
    throw Error(ErrorKind::InvalidArgument, std::to_string(found.size()) + " runs are named '" + idOrName +
                                                "' in workspace '" + m_dir.string() + "'; use an id (" + ids + ")");
}

nlohmann::json RunStore::config(RunId run) const {
    std::lock_guard lock(m_mutex);
    Statement s(*m_db, "SELECT config FROM runs WHERE id = ?1", "reading a run's config");
    s.bind(1, run);
    if (!s.step())
        throw Error(ErrorKind::InvalidArgument,
                    "no run with id " + std::to_string(run) + " in workspace '" + m_dir.string() + "'");
    try {
        return nlohmann::json::parse(s.text(0));
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorKind::Corrupt, "workspace database '" + m_databaseFile.string() + "': the config of run " +
                                            std::to_string(run) + " is not valid JSON: " + e.what());
    }
}

std::vector<RunInfo> RunStore::interruptedRuns() const {
    RunFilter filter;
    filter.statuses = {RunStatus::Interrupted};
    return listRuns(filter);
}

std::vector<StageInfo> RunStore::stages(RunId run) const {
    std::lock_guard lock(m_mutex);
    Statement s(*m_db,
                "SELECT id, name, ord, status, step, total_steps, started_ms, finished_ms FROM stages "
                "WHERE run_id = ?1 ORDER BY ord, id",
                "listing a run's stages");
    s.bind(1, run);
    std::vector<StageInfo> out;
    while (s.step()) {
        StageInfo st;
        st.id = s.int64(0);
        st.run = run;
        st.name = s.text(1);
        st.order = static_cast<int>(s.int64(2));
        st.status = parseRunStatus(s.text(3));
        st.step = s.int64(4);
        st.totalSteps = s.int64(5);
        st.startedMs = optionalInt(s, 6);
        st.finishedMs = optionalInt(s, 7);
        out.push_back(std::move(st));
    }
    return out;
}

std::vector<std::string> RunStore::metricNames(RunId run) const {
    std::lock_guard lock(m_mutex);
    Statement s(*m_db,
                "SELECT n.name FROM metric_names n WHERE EXISTS (SELECT 1 FROM stages st JOIN metrics m "
                "ON m.stage_id = st.id AND m.name_id = n.id WHERE st.run_id = ?1) ORDER BY n.name",
                "listing a run's metric names");
    s.bind(1, run);
    std::vector<std::string> names;
    while (s.step()) names.push_back(s.text(0));
    return names;
}

std::vector<MetricPoint> RunStore::readMetrics(RunId run, const std::string& name, std::int64_t sinceStep,
                                               const std::string& stage) const {
    std::lock_guard lock(m_mutex);
    // Per stage, a range scan of the (stage, name, step) key.
    Statement s(*m_db,
                "SELECT st.name, m.step, m.value, m.wall_ms FROM stages st "
                "JOIN metrics m ON m.stage_id = st.id AND m.name_id = (SELECT id FROM metric_names WHERE name = ?2) "
                "WHERE st.run_id = ?1 AND m.step > ?3 AND (?4 = '' OR st.name = ?4) ORDER BY st.ord, st.id, m.step",
                "reading a metric series");
    s.bind(1, run).bind(2, name).bind(3, sinceStep).bind(4, stage);
    std::vector<MetricPoint> points;
    while (s.step()) points.push_back({s.text(0), s.int64(1), s.real(2), s.int64(3)});
    return points;
}

std::vector<SnapshotInfo> RunStore::listSnapshots(RunId run, const std::string& stage) const {
    std::lock_guard lock(m_mutex);
    Statement s(*m_db,
                "SELECT sn.id, st.name, sn.step, sn.probe, sn.caption, sn.similarity, sn.image_bytes, sn.wall_ms "
                "FROM stages st JOIN snapshots sn ON sn.stage_id = st.id WHERE st.run_id = ?1 "
                "AND (?2 = '' OR st.name = ?2) ORDER BY st.ord, st.id, sn.step, sn.probe",
                "listing probe snapshots");
    s.bind(1, run).bind(2, stage);
    std::vector<SnapshotInfo> out;
    while (s.step())
        out.push_back({s.int64(0), s.text(1), s.int64(2), static_cast<int>(s.int64(3)), s.text(4), optionalReal(s, 5),
                       s.int64(6), s.int64(7)});
    return out;
}

std::vector<std::uint8_t> RunStore::snapshotImage(std::int64_t snapshotId) const {
    std::lock_guard lock(m_mutex);
    Statement s(*m_db, "SELECT png FROM snapshot_images WHERE snapshot_id = ?1", "reading a snapshot image");
    s.bind(1, snapshotId);
    return s.step() ? s.blob(0) : std::vector<std::uint8_t>();
}

std::vector<ProbeInfo> RunStore::probes(RunId run) const {
    std::lock_guard lock(m_mutex);
    Statement s(*m_db, "SELECT probe, caption, length(png) FROM probes WHERE run_id = ?1 ORDER BY probe",
                "listing probe images");
    s.bind(1, run);
    std::vector<ProbeInfo> out;
    while (s.step()) out.push_back({static_cast<int>(s.int64(0)), s.text(1), s.int64(2)});
    return out;
}

std::vector<std::uint8_t> RunStore::probeImage(RunId run, int probe) const {
    std::lock_guard lock(m_mutex);
    Statement s(*m_db, "SELECT png FROM probes WHERE run_id = ?1 AND probe = ?2", "reading a probe image");
    s.bind(1, run).bind(2, probe);
    return s.step() ? s.blob(0) : std::vector<std::uint8_t>();
}

std::vector<CheckpointInfo> RunStore::listCheckpoints(RunId run) const {
    std::lock_guard lock(m_mutex);
    Statement s(*m_db,
                "SELECT c.id, st.name, c.step, c.path, c.bytes, c.kind, c.created_ms FROM stages st "
                "JOIN checkpoints c ON c.stage_id = st.id WHERE st.run_id = ?1 ORDER BY st.ord, st.id, c.step, c.id",
                "listing checkpoints");
    s.bind(1, run);
    std::vector<CheckpointInfo> out;
    while (s.step())
        out.push_back({s.int64(0), run, s.text(1), s.int64(2), absolutePath(m_dir, s.text(3)), s.int64(4), s.text(5),
                       s.int64(6)});
    return out;
}

std::optional<CheckpointInfo> RunStore::latestCheckpoint(RunId run, const std::string& stage) const {
    std::optional<CheckpointInfo> latest;
    for (CheckpointInfo& c : listCheckpoints(run))
        if (stage.empty() || c.stage == stage) latest = std::move(c);  // ordered: the last one wins
    return latest;
}

std::vector<BenchmarkInfo> RunStore::benchmarks(RunId run) const {
    std::lock_guard lock(m_mutex);
    Statement s(*m_db,
                "SELECT id, stage, step, checkpoint_id, benchmark, metric, value, details, created_ms "
                "FROM benchmark_results WHERE run_id = ?1 ORDER BY benchmark, step, stage, metric",
                "reading benchmark results");
    s.bind(1, run);
    std::vector<BenchmarkInfo> out;
    while (s.step()) {
        BenchmarkInfo b;
        b.id = s.int64(0);
        b.run = run;
        b.stage = s.text(1);
        b.step = s.int64(2);
        b.checkpointId = optionalInt(s, 3);
        b.benchmark = s.text(4);
        b.metric = s.text(5);
        b.value = s.real(6);
        b.details = nlohmann::json::parse(s.text(7), nullptr, /*allow_exceptions=*/false);
        b.createdMs = s.int64(8);
        out.push_back(std::move(b));
    }
    return out;
}

std::vector<EventInfo> RunStore::events(RunId run, const EventFilter& filter) const {
    std::string levels;
    for (EventLevel l : {EventLevel::Debug, EventLevel::Info, EventLevel::Warning, EventLevel::Error})
        if (l >= filter.minLevel) levels += std::string(levels.empty() ? "'" : ", '") + toString(l) + "'";
    // The last `limit` events, returned oldest first.
    std::string sql = "SELECT id, run_id, stage, time_ms, level, message FROM events WHERE " +
                      std::string(run == 0 ? "run_id IS NULL" : "run_id = ?1") + " AND id > ?2 AND level IN (" +
                      levels + ") ORDER BY id DESC";
    if (filter.limit > 0) sql += " LIMIT " + std::to_string(filter.limit);
    std::lock_guard lock(m_mutex);
    Statement s(*m_db, sql, "reading log events");
    if (run != 0) s.bind(1, run);
    s.bind(2, filter.afterId);
    std::vector<EventInfo> out;
    while (s.step())
        out.push_back({s.int64(0), optionalInt(s, 1), s.text(2), s.int64(3), parseEventLevel(s.text(4)), s.text(5)});
    std::reverse(out.begin(), out.end());
    return out;
}

std::string RunStore::integrityCheck() const {
    std::lock_guard lock(m_mutex);
    Statement s(*m_db, "PRAGMA integrity_check", "checking the database's integrity");
    std::string result;
    while (s.step()) result += (result.empty() ? "" : "\n") + s.text(0);
    return result;
}

}  // namespace uae::store
