// Shared helpers of the core/io tests: a scratch folder per test and whole-file I/O.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

#include "core/common/error.h"

namespace uae::io::test {

// Removes a folder tree. Not std::filesystem::remove_all: LibTorch exports its own copy,
// which crashes against this system's libstdc++ (see core/store/removetree.h).
inline void removeTree(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(std::filesystem::symlink_status(path, ec))) {
        std::filesystem::permissions(path, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
        for (const auto& entry : std::filesystem::directory_iterator(path, ec)) removeTree(entry.path());
    }
    std::filesystem::remove(path, ec);
}

// A fresh folder under the build's test-output directory, removed when the test ends.
class TempDir {
public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_path = std::filesystem::path(UAE_TEST_OUTPUT_DIR) / "io" /
                 (std::string(info->test_suite_name()) + "." + info->name());
        removeTree(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() { removeTree(m_path); }
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

    // Names of the entries in the folder (to check that no temporary file lingers).
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(m_path)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

private:
    std::filesystem::path m_path;
};

inline std::string readBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void writeBytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Runs fn, expecting a uae::Error of `kind`; returns its message ("" and a test failure otherwise).
inline std::string errorOf(const std::function<void()>& fn, ErrorKind kind) {
    try {
        fn();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected uae::Error, got std::exception: " << e.what();
        return {};
    }
    ADD_FAILURE() << "expected uae::Error, nothing was thrown";
    return {};
}

}  // namespace uae::io::test
