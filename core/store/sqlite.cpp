#include "core/store/sqlite.h"

#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/statvfs.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>

namespace uae::store {

namespace {

ErrorKind kindOf(int code) {
    switch (code & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
    case SQLITE_AUTH: return ErrorKind::Io;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return ErrorKind::Corrupt;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG: return ErrorKind::InvalidArgument;
    default: return ErrorKind::Internal;
    }
}

const char* hintOf(int code) {
    switch (code & 0xff) {
    case SQLITE_FULL: return "the disk is full (or the database reached its size limit); free space and retry";
    case SQLITE_READONLY: return "the file, its folder or the disk is read-only";
    case SQLITE_CANTOPEN: return "the file or its folder cannot be opened (missing, or no permission)";
    case SQLITE_PERM: return "permission denied";
    case SQLITE_CORRUPT: return "the database is damaged; restore it from a backup";
    case SQLITE_NOTADB: return "the file is not a SQLite database, or its header is damaged";
    case SQLITE_BUSY: return "another process held the database locked for too long";
    case SQLITE_IOERR: return "the disk could not be read or written (full, made read-only, or failing)";
    default: return nullptr;
    }
}

std::string humanBytes(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024.0 && u < 4) {
        bytes /= 1024.0;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
    return buf;
}

// An I/O error says little by itself: add the system's reason when SQLite kept it, and what
// the disk and the process allow now (free space, a read-only file system, a file size
// limit), so the user sees which of the usual causes it is.
std::string withSystemError(sqlite3* db, const std::filesystem::path& file, int code, std::string detail) {
    const int primary = code & 0xff;
    if (!db || (primary != SQLITE_IOERR && primary != SQLITE_FULL && primary != SQLITE_CANTOPEN)) return detail;
    if (const int sys = sqlite3_system_errno(db); sys != 0) detail += std::string(" (") + std::strerror(sys) + ")";
    std::string disk;
    struct statvfs fs {};
    const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    if (::statvfs(dir.c_str(), &fs) == 0) {
        disk = (fs.f_flag & ST_RDONLY) ? "the file system is read-only"
                                       : humanBytes(static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize)) +
                                             " free on its disk";
    }
    struct rlimit limit {};
    if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        disk += (disk.empty() ? "" : ", ") + std::string("files limited to ") +
                humanBytes(static_cast<double>(limit.rlim_cur)) + " for this process (ulimit -f)";
    if (!disk.empty()) detail += " [" + disk + "]";
    return detail;
}

}  // namespace

Error sqliteError(const std::filesystem::path& file, std::string_view purpose, int code, std::string_view detail) {
    std::string message = "workspace database '" + file.string() + "': " + std::string(purpose) +
                          " failed: " + std::string(detail) + " (SQLite code " + std::to_string(code) + ")";
    if (const char* hint = hintOf(code)) message += "; " + std::string(hint);
    return Error(kindOf(code), message);
}

// ---- Statement ----

Statement::Statement(Connection& db, std::string_view sql, std::string purpose)
    : m_db(&db), m_purpose(std::move(purpose)) {
    const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (rc != SQLITE_OK) db.fail("preparing the statement for " + m_purpose, rc);
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_stmt(std::exchange(other.m_stmt, nullptr)), m_purpose(std::move(other.m_purpose)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_purpose = std::move(other.m_purpose);
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK) m_db->fail(m_purpose, rc);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    const int rc = std::isnan(value) ? sqlite3_bind_null(m_stmt, index) : sqlite3_bind_double(m_stmt, index, value);
    if (rc != SQLITE_OK) m_db->fail(m_purpose, rc);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    // A null pointer would bind SQL NULL; an empty string must stay an empty string.
    const char* data = text.empty() ? "" : text.data();
    const int rc = sqlite3_bind_text64(m_stmt, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) m_db->fail(m_purpose, rc);
    return *this;
}

Statement& Statement::bindBlob(int index, std::span<const std::uint8_t> bytes) {
    const int rc = bytes.empty() ? sqlite3_bind_zeroblob(m_stmt, index, 0)
                                 : sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) m_db->fail(m_purpose, rc);
    return *this;
}

Statement& Statement::bindNull(int index) {
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK) m_db->fail(m_purpose, rc);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const Error error = sqliteError(m_db->file(), m_purpose, sqlite3_extended_errcode(m_db->handle()),
                                    m_db->errorMessage());
    sqlite3_reset(m_stmt);
    throw error;
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

int Statement::tryRun() {
    int rc = sqlite3_step(m_stmt);
    while (rc == SQLITE_ROW) rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(m_stmt);
        return SQLITE_OK;
    }
    rc = sqlite3_extended_errcode(m_db->handle());
    sqlite3_reset(m_stmt);
    return rc;
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }

double Statement::real(int column) const {
    if (isNull(column)) return std::numeric_limits<double>::quiet_NaN();
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
}

std::vector<std::uint8_t> Statement::blob(int column) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, column));
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}

int Statement::columnBytes(int column) const { return sqlite3_column_bytes(m_stmt, column); }

// ---- Connection ----

Connection::Connection(std::filesystem::path file, Mode mode, int busyTimeoutMs, bool fullSync)
    : m_file(std::move(file)) {
    int flags = SQLITE_OPEN_NOMUTEX;  // each connection is used by one thread at a time
    switch (mode) {
    case Mode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
    case Mode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case Mode::ReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    }
    const int rc = sqlite3_open_v2(m_file.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string detail = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw sqliteError(m_file, "opening the file", rc, detail);
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, busyTimeoutMs);
    try {
        exec("PRAGMA foreign_keys = ON", "enabling foreign keys");
        if (mode == Mode::ReadOnly) {
            // Touch the file so that a damaged header is reported now, not at first use.
            queryInt("PRAGMA schema_version", "reading the database header");
            return;
        }
        if (sqlite3_db_readonly(m_db, "main") == 1)
            throw Error(ErrorKind::Io, "workspace database '" + m_file.string() +
                                           "' cannot be written (the file, its folder or the disk is read-only); "
                                           "open the workspace read-only to browse it");
        const auto journal = queryText("PRAGMA journal_mode = WAL", "enabling the WAL journal");
        if (!journal || *journal != "wal")
            throw Error(ErrorKind::Io, "workspace database '" + m_file.string() +
                                           "': the WAL journal could not be enabled (journal mode is '" +
                                           journal.value_or("?") + "'); is it on a network file system?");
        exec(fullSync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", "setting the sync level");
    } catch (...) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw;
    }
}

Connection::~Connection() { sqlite3_close_v2(m_db); }

void Connection::exec(std::string_view sql, std::string_view purpose) {
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string detail = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        const int code = sqlite3_extended_errcode(m_db);
        throw sqliteError(m_file, purpose, code, withSystemError(m_db, m_file, code, detail));
    }
}

std::optional<std::string> Connection::queryText(std::string_view sql, std::string_view purpose) {
    Statement stmt(*this, sql, std::string(purpose));
    if (!stmt.step()) return std::nullopt;
    return stmt.text(0);
}

std::optional<std::int64_t> Connection::queryInt(std::string_view sql, std::string_view purpose) {
    Statement stmt(*this, sql, std::string(purpose));
    if (!stmt.step() || stmt.isNull(0)) return std::nullopt;
    return stmt.int64(0);
}

std::int64_t Connection::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
int Connection::changes() const { return sqlite3_changes(m_db); }
bool Connection::inTransaction() const { return sqlite3_get_autocommit(m_db) == 0; }
bool Connection::readOnly() const { return sqlite3_db_readonly(m_db, "main") == 1; }
std::string Connection::errorMessage() const { return sqlite3_errmsg(m_db); }

void Connection::fail(std::string_view purpose, int code) const {
    throw sqliteError(m_file, purpose, code, withSystemError(m_db, m_file, code, sqlite3_errmsg(m_db)));
}

// ---- Transaction ----

Transaction::Transaction(Connection& db, std::string purpose) : m_db(db), m_purpose(std::move(purpose)) {
    m_db.exec("BEGIN IMMEDIATE", "starting a transaction for " + m_purpose);
    m_hook.emplace(testhook::Phase::StoreTransaction);
}

Transaction::~Transaction() {
    if (!m_done && m_db.inTransaction()) {
        try {
            m_db.exec("ROLLBACK", "rolling back " + m_purpose);
        } catch (...) {
            // SQLite may already have rolled back after SQLITE_FULL or an I/O error.
        }
    }
}

void Transaction::commit() {
    testhook::killPoint(testhook::Phase::StoreTransaction);
    m_db.exec("COMMIT", "committing the transaction for " + m_purpose);
    m_done = true;
    testhook::killPoint(testhook::Phase::StoreTransaction);
    m_hook.reset();
}

}  // namespace uae::store
