#include "core/store/schema.h"

#include <stdexcept>
#include <string>
#include <utility>

#include "core/common/error.h"
#include "core/store/sqlite.h"

namespace uae::store {

namespace {

// Version 1. Design notes (docs/store.md has the full story):
// - Times are INTEGER milliseconds since the Unix epoch.
// - Per-step rows (metrics, snapshots, checkpoints) hang off a stage, which hangs off a
//   run; deleting a run cascades through foreign keys, and every child table's key starts
//   with its parent id so that the cascade and the reads are index range scans.
// - metrics is WITHOUT ROWID with the key (stage, name, step): one series of one stage is a
//   contiguous range, and logging a step again (after a resume) replaces the old value.
// - Metric names are interned in metric_names (20 names x 100k steps would otherwise
//   repeat the strings 2M times).
// - Snapshot PNGs live in their own table so that listing snapshots never reads blobs.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE workspace (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: it names runs/<id>/
    name        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN
                ('queued','running','paused','finished','failed','interrupted','stopped')),
    preset      TEXT NOT NULL DEFAULT '',
    config      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
    device      TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL,
    started_ms  INTEGER,
    finished_ms INTEGER
);
CREATE INDEX runs_by_status ON runs (status);

CREATE TABLE stages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (name <> ''),
    ord         INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN
                ('queued','running','paused','finished','failed','interrupted','stopped')),
    step        INTEGER NOT NULL DEFAULT 0,
    total_steps INTEGER NOT NULL DEFAULT 0,
    started_ms  INTEGER,
    finished_ms INTEGER,
    UNIQUE (run_id, name)
);

CREATE TABLE metric_names (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '')
);

CREATE TABLE metrics (
    stage_id INTEGER NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    name_id  INTEGER NOT NULL REFERENCES metric_names (id),
    step     INTEGER NOT NULL,
    value    REAL,               -- NULL stands for NaN
    wall_ms  INTEGER NOT NULL,
    PRIMARY KEY (stage_id, name_id, step)
) WITHOUT ROWID;

CREATE TABLE probes (
    run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    probe   INTEGER NOT NULL,
    caption TEXT NOT NULL,
    png     BLOB NOT NULL,
    PRIMARY KEY (run_id, probe)
);

CREATE TABLE snapshots (
    id          INTEGER PRIMARY KEY,
    stage_id    INTEGER NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    step        INTEGER NOT NULL,
    probe       INTEGER NOT NULL,
    caption     TEXT NOT NULL,
    similarity  REAL,
    image_bytes INTEGER NOT NULL DEFAULT 0,
    wall_ms     INTEGER NOT NULL,
    UNIQUE (stage_id, step, probe)
);

CREATE TABLE snapshot_images (
    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots (id) ON DELETE CASCADE,
    png         BLOB NOT NULL
);

CREATE TABLE checkpoints (
    id         INTEGER PRIMARY KEY,
    stage_id   INTEGER NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    step       INTEGER NOT NULL,
    path       TEXT NOT NULL,    -- relative to the workspace folder when inside it
    bytes      INTEGER NOT NULL,
    kind       TEXT NOT NULL DEFAULT '',
    created_ms INTEGER NOT NULL,
    UNIQUE (stage_id, path)
);
CREATE INDEX checkpoints_by_step ON checkpoints (stage_id, step);

CREATE TABLE events (
    id      INTEGER PRIMARY KEY,
    run_id  INTEGER REFERENCES runs (id) ON DELETE CASCADE,  -- NULL: about the workspace
    stage   TEXT NOT NULL DEFAULT '',
    time_ms INTEGER NOT NULL,
    level   TEXT NOT NULL CHECK (level IN ('debug','info','warning','error')),
    message TEXT NOT NULL
);
CREATE INDEX events_by_run ON events (run_id, id);

CREATE TABLE benchmark_results (
    id            INTEGER PRIMARY KEY,
    run_id        INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    stage         TEXT NOT NULL DEFAULT '',
    step          INTEGER NOT NULL,
    checkpoint_id INTEGER REFERENCES checkpoints (id) ON DELETE SET NULL,
    benchmark     TEXT NOT NULL,
    metric        TEXT NOT NULL,
    value         REAL,
    details       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
    created_ms    INTEGER NOT NULL,
    UNIQUE (run_id, benchmark, stage, step, metric)
);
CREATE INDEX benchmark_results_by_checkpoint ON benchmark_results (checkpoint_id);
)sql";

bool tableExists(Connection& db, const char* name) {
    Statement stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", "looking for a table");
    stmt.bind(1, name);
    return stmt.step();
}

std::string fileName(const Connection& db) { return "'" + db.file().string() + "'"; }

}  // namespace

Migration sqlMigration(int version, std::string description, std::string sql) {
    return {version, description, [sql = std::move(sql), description](Connection& db) {
                db.exec(sql, "migration '" + description + "'");
            }};
}

const std::vector<Migration>& schemaMigrations() {
    static const std::vector<Migration> migrations = {
        sqlMigration(1, "initial schema", kSchemaV1),
        // Data-parallel runs (torch.distributed): how many processes, which backend.
        sqlMigration(2, "world size and backend of a run",
                     "ALTER TABLE runs ADD COLUMN world_size INTEGER NOT NULL DEFAULT 1 CHECK (world_size >= 1);\n"
                     "ALTER TABLE runs ADD COLUMN backend TEXT NOT NULL DEFAULT '';"),
    };
    return migrations;
}

int latestSchemaVersion(const std::vector<Migration>& migrations) {
    return migrations.empty() ? 0 : migrations.back().version;
}

int readSchemaVersion(Connection& db) {
    const auto appId = db.queryInt("PRAGMA application_id", "reading the application id").value_or(0);
    if (!tableExists(db, "meta")) {
        const auto tables = db.queryInt("SELECT count(*) FROM sqlite_master", "listing the tables").value_or(0);
        if (tables == 0 && (appId == 0 || appId == kApplicationId)) return 0;
        throw Error(ErrorKind::Corrupt, "workspace database " + fileName(db) +
                                            " is a SQLite database of another application, not a UAE Studio "
                                            "workspace (it has no 'meta' table)");
    }
    if (appId != 0 && appId != kApplicationId)
        throw Error(ErrorKind::Corrupt, "workspace database " + fileName(db) + " has the application id " +
                                            std::to_string(appId) + ", not UAE Studio's");
    const auto text = db.queryText("SELECT value FROM meta WHERE key = 'schema_version'", "reading the schema version");
    try {
        if (text) {
            std::size_t used = 0;
            const int version = std::stoi(*text, &used);
            if (used == text->size() && version > 0) return version;
        }
    } catch (const std::logic_error&) {
    }
    throw Error(ErrorKind::Corrupt, "workspace database " + fileName(db) + " has no valid schema version in its "
                                        "'meta' table (found '" + text.value_or("nothing") + "')");
}

void refuseNewerSchema(const Connection& db, int found, int known) {
    if (found <= known) return;
    throw Error(ErrorKind::Unsupported,
                "workspace database " + fileName(db) + " has schema version " + std::to_string(found) +
                    ", but this build of UAE Studio knows versions up to " + std::to_string(known) +
                    "; open it with a newer UAE Studio (nothing was changed)");
}

int migrate(Connection& db, const std::vector<Migration>& migrations) {
    const int known = latestSchemaVersion(migrations);
    int current = readSchemaVersion(db);
    refuseNewerSchema(db, current, known);
    if (current == 0 && !db.inTransaction()) {
        // Lets deleted runs give their space back. Switching needs a VACUUM once the header
        // exists (enabling WAL wrote it); on an empty database that is instant.
        db.exec("PRAGMA auto_vacuum = INCREMENTAL; VACUUM", "setting the vacuum mode");
    }
    int expected = 1;
    for (const Migration& m : migrations) {
        if (m.version != expected)
            throw Error(ErrorKind::Internal, "schema migrations out of order: expected version " +
                                                 std::to_string(expected) + ", found " + std::to_string(m.version));
        ++expected;
        if (m.version <= current) continue;
        try {
            Transaction tx(db, "schema migration " + std::to_string(m.version));
            // Another process may have migrated between our read and our lock.
            const int now = readSchemaVersion(db);
            refuseNewerSchema(db, now, known);
            if (now < m.version) {
                m.apply(db);
                db.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
                        "creating the meta table");
                Statement set(db, "INSERT INTO meta (key, value) VALUES ('schema_version', ?1) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              "recording the schema version");
                set.bind(1, std::to_string(m.version)).run();
                db.exec("PRAGMA application_id = " + std::to_string(kApplicationId), "setting the application id");
            }
            tx.commit();
            current = std::max(now, m.version);
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Unsupported) throw;  // a newer schema appeared meanwhile
            throw Error(e.kind(), "workspace database " + fileName(db) + ": schema migration to version " +
                                      std::to_string(m.version) + " ('" + m.description +
                                      "') failed and was rolled back, the database stays at version " +
                                      std::to_string(current) + ": " + e.what());
        } catch (const std::exception& e) {
            throw Error(ErrorKind::Internal, "workspace database " + fileName(db) + ": schema migration to version " +
                                                 std::to_string(m.version) + " ('" + m.description +
                                                 "') failed and was rolled back: " + e.what());
        }
    }
    return current;
}

}  // namespace uae::store
