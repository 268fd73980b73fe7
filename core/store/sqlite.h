// A thin RAII layer over the SQLite3 C API for the run store. Internal to core/store
// (the public headers are runstore.h, storewriter.h and storetypes.h), but torch-free.
//
// Every failure becomes a uae::Error whose message names the database file and the
// purpose of the statement ("inserting metrics"), with SQLite's own message and code.
// A Connection is used by one thread at a time; its owner provides the locking.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/error.h"
#include "core/common/testhook.h"

struct sqlite3;
struct sqlite3_stmt;

namespace uae::store {

class Connection;

// Builds the error for a failed SQLite call: kind from the result code (SQLITE_FULL and
// I/O codes -> Io, SQLITE_CORRUPT / SQLITE_NOTADB -> Corrupt, constraints ->
// InvalidArgument), a message naming the file and the purpose, and a hint where one helps.
Error sqliteError(const std::filesystem::path& file, std::string_view purpose, int code, std::string_view detail);

// A prepared statement; finalised by the destructor. Bind indexes start at 1.
class Statement {
public:
    Statement() = default;
    Statement(Connection& db, std::string_view sql, std::string purpose);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);  // NaN is stored as NULL (SQLite's rule)
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bindBlob(int index, std::span<const std::uint8_t> bytes);
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Runs one step: true when a row is available, false when done. Throws on error.
    bool step();
    // Runs to completion, ignoring rows, then resets so it can be bound again.
    void run();
    // Steps once and returns the result code instead of throwing (the writer uses it to
    // tell a rejected row from a failing disk). The statement is reset afterwards.
    int tryRun();
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;  // NULL reads as NaN
    std::string text(int column) const;
    std::vector<std::uint8_t> blob(int column) const;
    int columnBytes(int column) const;

    const std::string& purpose() const { return m_purpose; }

private:
    Connection* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    std::string m_purpose;
};

// One connection to a workspace database. Not thread-safe: one thread at a time.
class Connection {
public:
    enum class Mode { ReadWrite, ReadWriteCreate, ReadOnly };

    // Opens the file and applies the connection settings every store connection shares:
    // busy timeout, foreign keys, and (writable) WAL journal with the given synchronous level.
    Connection(std::filesystem::path file, Mode mode, int busyTimeoutMs, bool fullSync = true);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs one or more statements without results.
    void exec(std::string_view sql, std::string_view purpose);
    // The first column of the first row of a query as text; nullopt when there is no row.
    std::optional<std::string> queryText(std::string_view sql, std::string_view purpose);
    std::optional<std::int64_t> queryInt(std::string_view sql, std::string_view purpose);

    std::int64_t lastInsertId() const;
    int changes() const;
    bool inTransaction() const;
    bool readOnly() const;
    std::string errorMessage() const;

    [[noreturn]] void fail(std::string_view purpose, int code) const;

    const std::filesystem::path& file() const { return m_file; }
    sqlite3* handle() const { return m_db; }

private:
    std::filesystem::path m_file;
    sqlite3* m_db = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless committed, so an
// exception anywhere inside leaves the database as it was.
class Transaction {
public:
    Transaction(Connection& db, std::string purpose);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& m_db;
    std::string m_purpose;
    bool m_done = false;
    std::optional<testhook::Scope> m_hook;  // the soak's kill points (inert outside tests)
};

}  // namespace uae::store
