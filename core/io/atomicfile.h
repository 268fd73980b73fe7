// Atomic file replacement, the way every checkpoint and export file is written: the
// bytes go to a temporary file in the target's own directory, which is flushed to disk
// (fsync) and renamed over the target; then the directory itself is synced so that the
// rename survives a power cut. Until commit() succeeds the target is untouched, and a
// writer destroyed without commit() removes its temporary file, so a failure (full disk,
// unwritable directory, an exception in the caller) never leaves a half-written target
// or a stray temporary behind. Torch-free. One writer is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace uae::io {

class AtomicFileWriter {
public:
    // Creates the temporary file next to target; throws uae::Error(Io) naming the path.
    explicit AtomicFileWriter(std::filesystem::path target);
    ~AtomicFileWriter();  // discards the temporary file unless committed
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    void write(const void* data, size_t size);  // buffered; throws uae::Error(Io)
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
    void writeZeros(size_t count);
    // Flushes, fsyncs, renames over the target and fsyncs the directory. Throws
    // uae::Error(Io) naming the target; the target is unchanged when it throws before
    // the rename.
    void commit();

    uint64_t bytesWritten() const { return m_written; }
    const std::filesystem::path& target() const { return m_target; }
    const std::filesystem::path& tempPath() const { return m_temp; }

private:
    void flushBuffer();
    void writeRaw(const void* data, size_t size);
    [[noreturn]] void fail(const std::string& what, int err);
    void discard() noexcept;

    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    int m_fd = -1;
    bool m_committed = false;
    uint64_t m_written = 0;    // bytes accepted by write(), buffered or not
    uint64_t m_onDisk = 0;     // bytes handed to the kernel
    std::vector<char> m_buffer;
};

// Writes a whole small file atomically (config.json, README.md, ...).
void writeFileAtomically(const std::filesystem::path& target, std::string_view bytes);

// Removes the temporary files of writers that died before commit() ("<name>.tmp.<pid>.<n>":
// a SIGKILL or a power cut runs no destructor, and each such file is as large as the file
// it was to become). Only for a folder no other writer is using: the engine calls it on a
// run's checkpoint folder when it resumes the run, holding the run's lock. Returns how many
// it removed; a file it cannot remove is left as it is.
size_t removeAbandonedTemporaries(const std::filesystem::path& dir);

// Test hook: while alive, the AtomicFileWriters of the calling thread fail at the chosen
// point as a full disk or a failed rename would (the error names the point as simulated).
enum class WriteFault { None, Write, Sync, Rename };
class ScopedWriteFault {
public:
    explicit ScopedWriteFault(WriteFault fault, uint64_t afterBytes = 0);
    ~ScopedWriteFault();
    ScopedWriteFault(const ScopedWriteFault&) = delete;
    ScopedWriteFault& operator=(const ScopedWriteFault&) = delete;

private:
    WriteFault m_previous;
    uint64_t m_previousAfter;
};

}  // namespace uae::io
