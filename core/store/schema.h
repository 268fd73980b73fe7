// The schema of a workspace database and its migrations. Internal to core/store.
//
// The version lives in the `meta` table (key 'schema_version'). Migrations form an ordered
// list; each runs in its own transaction together with the version update, so a failing
// migration leaves the database at the previous version, untouched. A database whose
// version is newer than the newest migration is refused, never modified.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace uae::store {

class Connection;

// "UAE1": marks a SQLite file as a UAE Studio workspace (PRAGMA application_id).
constexpr std::int32_t kApplicationId = 0x55414531;

struct Migration {
    int version = 0;          // the schema version after this migration; 1, 2, 3, ... in order
    std::string description;  // named in errors
    std::function<void(Connection&)> apply;  // runs inside the migration's transaction
};

// A migration made of SQL statements.
Migration sqlMigration(int version, std::string description, std::string sql);

// The migrations of this build, oldest first.
const std::vector<Migration>& schemaMigrations();

// The version the given list brings a database to (its last entry).
int latestSchemaVersion(const std::vector<Migration>& migrations);

// The stored schema version: 0 for a new, empty file. Throws uae::Error(Corrupt) for a
// SQLite file that is not a workspace (other tables, another application id, no version).
int readSchemaVersion(Connection& db);

// Throws uae::Error(Unsupported) naming the file and both versions when `found` is newer
// than this build knows.
void refuseNewerSchema(const Connection& db, int found, int known);

// Brings the database to the newest version of `migrations`, one transaction per
// migration; returns the version reached. Throws (after rolling back that migration)
// with a message naming the file, the migration and the cause.
int migrate(Connection& db, const std::vector<Migration>& migrations);

}  // namespace uae::store
