// A file opened for reading with its size known up front, so that every length and
// offset read from it can be checked against the size before anything is allocated.
// Reads past the end throw uae::Error(Corrupt) naming the file as truncated. Torch-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace uae::io {

class InputFile {
public:
    // what: how errors name the file ("checkpoint", "safetensors file"). Throws
    // uae::Error(Io) when it cannot be opened (missing, a directory, no permission).
    InputFile(std::filesystem::path path, std::string what);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    uint64_t size() const { return m_size; }
    uint64_t position() const { return m_pos; }
    const std::filesystem::path& path() const { return m_path; }

    // Reads exactly n bytes at the current position and advances.
    void read(void* dst, size_t n);
    void seek(uint64_t pos);  // to any position <= size()

    // "checkpoint '/a/b.uaeckpt'": the prefix of every error message about this file.
    std::string describe() const;
    [[noreturn]] void corrupt(const std::string& what) const;  // throws Error(Corrupt)

private:
    std::filesystem::path m_path;
    std::string m_what;
    int m_fd = -1;
    uint64_t m_size = 0;
    uint64_t m_pos = 0;
};

}  // namespace uae::io
