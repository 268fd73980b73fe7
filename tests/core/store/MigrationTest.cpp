// Schema migrations: ordered, one transaction each, rolled back on failure.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/store/schema.h"
#include "core/store/sqlite.h"
#include "storetesthelpers.h"

using namespace uae;
using namespace uae::store;
using uae::store::storetest::TempDir;

namespace {

int storedVersion(Connection& db) {
    return std::stoi(db.queryText("SELECT value FROM meta WHERE key = 'schema_version'", "test").value_or("0"));
}

bool hasTable(Connection& db, const std::string& name) {
    return db.queryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'", "test") == 1;
}

std::vector<Migration> threeSteps() {
    return {
        sqlMigration(1, "notes table", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)"),
        sqlMigration(2, "notes get a tag", "ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT ''"),
        sqlMigration(3, "seed note", "INSERT INTO notes (text, tag) VALUES ('hello', 'seed')"),
    };
}

}  // namespace

TEST(Migration, AppliesMissingMigrationsInOrderOnce) {
    TempDir tmp;
    Connection db(tmp / "db.sqlite", Connection::Mode::ReadWriteCreate, 1000);
    EXPECT_EQ(readSchemaVersion(db), 0);
    EXPECT_EQ(migrate(db, threeSteps()), 3);
    EXPECT_EQ(storedVersion(db), 3);
    EXPECT_EQ(db.queryInt("SELECT count(*) FROM notes WHERE tag = 'seed'", "test"), 1);
    EXPECT_EQ(migrate(db, threeSteps()), 3);  // nothing left to do: the seed is not inserted twice
    EXPECT_EQ(db.queryInt("SELECT count(*) FROM notes", "test"), 1);
}

TEST(Migration, UpgradesAnOlderDatabaseKeepingItsData) {
    TempDir tmp;
    Connection db(tmp / "db.sqlite", Connection::Mode::ReadWriteCreate, 1000);
    auto steps = threeSteps();
    std::vector<Migration> v1(steps.begin(), steps.begin() + 1);
    EXPECT_EQ(migrate(db, v1), 1);
    db.exec("INSERT INTO notes (text) VALUES ('kept')", "test");
    EXPECT_EQ(migrate(db, steps), 3);
    EXPECT_EQ(db.queryText("SELECT tag FROM notes WHERE text = 'kept'", "test"), "");
    EXPECT_EQ(db.queryInt("SELECT count(*) FROM notes", "test"), 2);
}

TEST(Migration, AFailingMigrationIsRolledBackAndNamed) {
    TempDir tmp;
    Connection db(tmp / "db.sqlite", Connection::Mode::ReadWriteCreate, 1000);
    std::vector<Migration> steps = {
        sqlMigration(1, "notes table", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)"),
        sqlMigration(2, "tags, then a typo",
                     "CREATE TABLE tags (name TEXT); INSERT INTO notes (text) VALUES ('half');"
                     "INSERT INTO no_such_table VALUES (1);"),
        sqlMigration(3, "never reached", "CREATE TABLE later (x)"),
    };
    try {
        migrate(db, steps);
        FAIL() << "the failing migration did not throw";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find((tmp / "db.sqlite").string()), std::string::npos) << message;
        EXPECT_NE(message.find("version 2"), std::string::npos) << message;
        EXPECT_NE(message.find("tags, then a typo"), std::string::npos) << message;
        EXPECT_NE(message.find("no_such_table"), std::string::npos) << message;
        EXPECT_NE(message.find("rolled back"), std::string::npos) << message;
    }
    EXPECT_FALSE(db.inTransaction());
    EXPECT_EQ(storedVersion(db), 1);  // migration 1 committed on its own
    EXPECT_TRUE(hasTable(db, "notes"));
    EXPECT_FALSE(hasTable(db, "tags"));  // migration 2's first statements are gone too
    EXPECT_EQ(db.queryInt("SELECT count(*) FROM notes", "test"), 0);
    EXPECT_FALSE(hasTable(db, "later"));
}

TEST(Migration, AFailingCodeMigrationIsRolledBack) {
    TempDir tmp;
    Connection db(tmp / "db.sqlite", Connection::Mode::ReadWriteCreate, 1000);
    std::vector<Migration> steps = {
        sqlMigration(1, "notes table", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)"),
        {2, "data fix in code", [](Connection& c) {
             c.exec("INSERT INTO notes (text) VALUES ('written before the failure')", "test");
             throw std::runtime_error("conversion failed on row 7");
         }},
    };
    EXPECT_THROW(migrate(db, steps), Error);
    EXPECT_EQ(storedVersion(db), 1);
    EXPECT_EQ(db.queryInt("SELECT count(*) FROM notes", "test"), 0);
    // Fixed code then migrates fine.
    steps[1].apply = [](Connection& c) { c.exec("INSERT INTO notes (text) VALUES ('fixed')", "test"); };
    EXPECT_EQ(migrate(db, steps), 2);
}

TEST(Migration, ANewerDatabaseIsRefusedUntouched) {
    TempDir tmp;
    Connection db(tmp / "db.sqlite", Connection::Mode::ReadWriteCreate, 1000);
    migrate(db, threeSteps());
    auto steps = threeSteps();
    steps.pop_back();
    try {
        migrate(db, steps);
        FAIL() << "a newer database was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
        const std::string message = e.what();
        EXPECT_NE(message.find("schema version 3"), std::string::npos) << message;
        EXPECT_NE(message.find("up to 2"), std::string::npos) << message;
    }
    EXPECT_EQ(storedVersion(db), 3);
}

TEST(Migration, AListOutOfOrderIsAnInternalError) {
    TempDir tmp;
    Connection db(tmp / "db.sqlite", Connection::Mode::ReadWriteCreate, 1000);
    std::vector<Migration> steps = {sqlMigration(1, "a", "CREATE TABLE a (x)"), sqlMigration(3, "c", "CREATE TABLE c (x)")};
    try {
        migrate(db, steps);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Internal);
    }
}

TEST(Migration, TheBuiltinSchemaIsConsistent) {
    TempDir tmp;
    Connection db(tmp / "db.sqlite", Connection::Mode::ReadWriteCreate, 1000);
    EXPECT_EQ(migrate(db, schemaMigrations()), latestSchemaVersion(schemaMigrations()));
    EXPECT_EQ(db.queryText("PRAGMA integrity_check", "test"), "ok");
    EXPECT_FALSE(db.queryText("PRAGMA foreign_key_check", "test").has_value());
    EXPECT_EQ(db.queryInt("PRAGMA auto_vacuum", "test"), 2);  // incremental
    for (const char* table : {"workspace", "runs", "stages", "metric_names", "metrics", "probes", "snapshots",
                              "snapshot_images", "checkpoints", "events", "benchmark_results", "meta"})
        EXPECT_TRUE(hasTable(db, table)) << table;
}
