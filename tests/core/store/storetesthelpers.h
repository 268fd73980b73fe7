// Helpers shared by the run store tests: a temporary workspace folder and raw SQL access.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "core/store/removetree.h"
#include "core/store/runstore.h"
#include "core/store/sqlite.h"

namespace uae::store::storetest {

// A fresh folder under the system temp dir, removed (with everything in it) at scope end.
class TempDir {
public:
    explicit TempDir(const std::string& tag = "store") {
        static std::atomic<int> counter{0};
        m_path = std::filesystem::temp_directory_path() /
                 ("uae-test-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::error_code ec;
        removeTree(m_path, ec);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::permissions(m_path, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
        removeTree(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

// An extra connection of the test's own, for checking rows directly.
inline std::int64_t countRows(const std::filesystem::path& workspace, const std::string& sql) {
    Connection db(workspace / RunStore::kDatabaseFileName, Connection::Mode::ReadOnly, 5000);
    return db.queryInt(sql, "counting rows in a test").value_or(-1);
}

inline void execSql(const std::filesystem::path& workspace, const std::string& sql) {
    Connection db(workspace / RunStore::kDatabaseFileName, Connection::Mode::ReadWrite, 5000);
    db.exec(sql, "changing the database in a test");
}

inline std::vector<std::uint8_t> fakePng(std::size_t bytes, std::uint8_t seed) {
    std::vector<std::uint8_t> data = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::uint32_t x = 2463534242u + seed;
    while (data.size() < bytes) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data.push_back(static_cast<std::uint8_t>(x));
    }
    return data;
}

inline std::vector<char> readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

}  // namespace uae::store::storetest
