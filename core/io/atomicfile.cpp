#include "core/io/atomicfile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "core/common/error.h"
#include "core/common/testhook.h"

namespace uae::io {
namespace {

constexpr size_t kBufferBytes = size_t{1} << 20;  // small tensors and headers are coalesced

thread_local WriteFault t_fault = WriteFault::None;
thread_local uint64_t t_faultAfter = 0;

std::atomic<uint64_t> s_tempCounter{0};

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

}  // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target) : m_target(std::move(target)) {
    if (m_target.filename().empty())
        throw Error(ErrorKind::InvalidArgument, "cannot write " + quoted(m_target) + ": not a file name");
    const std::filesystem::path dir = m_target.has_parent_path() ? m_target.parent_path() : ".";
    std::error_code ec;
    if (std::filesystem::is_directory(m_target, ec))
        throw Error(ErrorKind::Io, "cannot write " + quoted(m_target) + ": it is a directory");
    if (!std::filesystem::is_directory(dir, ec))
        throw Error(ErrorKind::Io, "cannot write " + quoted(m_target) + ": the directory " + quoted(dir) +
                                       " does not exist");
    // Same directory as the target, so that rename() is atomic (one filesystem).
    const std::string name = m_target.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                             std::to_string(s_tempCounter.fetch_add(1));
    m_temp = dir / name;
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        const int err = errno;
        throw Error(ErrorKind::Io, "cannot write " + quoted(m_target) + ": cannot create a temporary file in " +
                                       quoted(dir) + ": " + std::strerror(err));
    }
    m_buffer.reserve(kBufferBytes);
}

AtomicFileWriter::~AtomicFileWriter() {
    if (!m_committed) discard();
}

void AtomicFileWriter::discard() noexcept {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_temp.empty()) ::unlink(m_temp.c_str());
}

void AtomicFileWriter::fail(const std::string& what, int err) {
    discard();
    m_committed = true;  // nothing left to clean up
    throw Error(ErrorKind::Io, "cannot write " + quoted(m_target) + ": " + what + ": " + std::strerror(err) +
                                   " (the previous file, if any, is unchanged)");
}

void AtomicFileWriter::write(const void* data, size_t size) {
    if (m_fd < 0) throw Error(ErrorKind::Internal, "AtomicFileWriter::write after commit of " + quoted(m_target));
    m_written += size;
    if (m_buffer.size() + size <= kBufferBytes) {
        const auto* p = static_cast<const char*>(data);
        m_buffer.insert(m_buffer.end(), p, p + size);
        return;
    }
    flushBuffer();
    if (size >= kBufferBytes / 2) {
        writeRaw(data, size);
    } else {
        const auto* p = static_cast<const char*>(data);
        m_buffer.insert(m_buffer.end(), p, p + size);
    }
}

void AtomicFileWriter::writeZeros(size_t count) {
    static const char kZeros[256] = {};
    while (count > 0) {
        const size_t n = std::min(count, sizeof(kZeros));
        write(kZeros, n);
        count -= n;
    }
}

void AtomicFileWriter::flushBuffer() {
    if (m_buffer.empty()) return;
    writeRaw(m_buffer.data(), m_buffer.size());
    m_buffer.clear();
}

void AtomicFileWriter::writeRaw(const void* data, size_t size) {
    const auto* p = static_cast<const char*>(data);
    while (size > 0) {
        // Small writes under the soak's test hook, so that its kill points fall at many offsets.
        size_t chunk = std::min(size, testhook::enabled() ? size_t{1} << 16 : size_t{1} << 30);
        if (t_fault == WriteFault::Write) {
            if (m_onDisk >= t_faultAfter) fail("simulated write failure after " + std::to_string(m_onDisk) + " bytes", ENOSPC);
            chunk = std::min<uint64_t>(chunk, t_faultAfter - m_onDisk);
        }
        const ssize_t n = ::write(m_fd, p, chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("writing the temporary file " + quoted(m_temp) + " failed", errno);
        }
        if (n == 0) fail("writing the temporary file " + quoted(m_temp) + " made no progress", EIO);
        p += n;
        size -= static_cast<size_t>(n);
        m_onDisk += static_cast<uint64_t>(n);
        testhook::killPoint(testhook::Phase::CheckpointWrite);
    }
}

void AtomicFileWriter::commit() {
    if (m_fd < 0) throw Error(ErrorKind::Internal, "AtomicFileWriter::commit twice for " + quoted(m_target));
    flushBuffer();
    if (t_fault == WriteFault::Sync) fail("simulated fsync failure", EIO);
    testhook::killPoint(testhook::Phase::CheckpointWrite);
    if (::fsync(m_fd) != 0) fail("fsync of the temporary file failed", errno);
    testhook::killPoint(testhook::Phase::CheckpointWrite);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) fail("closing the temporary file failed", errno);
    if (t_fault == WriteFault::Rename) fail("simulated rename failure", EXDEV);
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0) fail("renaming the temporary file over it failed", errno);
    m_committed = true;
    testhook::killPoint(testhook::Phase::CheckpointWrite);
    // The rename is durable only once the directory entry is on disk. Filesystems that
    // cannot sync a directory answer EINVAL; that is not a failure of this write.
    const std::filesystem::path dir = m_target.has_parent_path() ? m_target.parent_path() : ".";
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        const int rc = ::fsync(dfd);
        const int err = errno;
        ::close(dfd);
        if (rc != 0 && err != EINVAL && err != EROFS)
            throw Error(ErrorKind::Io, "wrote " + quoted(m_target) + " but could not sync its directory: " +
                                           std::strerror(err));
    }
}

void writeFileAtomically(const std::filesystem::path& target, std::string_view bytes) {
    AtomicFileWriter writer(target);
    writer.write(bytes);
    writer.commit();
}

size_t removeAbandonedTemporaries(const std::filesystem::path& dir) {
    // The name AtomicFileWriter gives: "<target>.tmp.<pid>.<counter>".
    auto isTemporary = [](const std::string& name) {
        const auto at = name.rfind(".tmp.");
        if (at == std::string::npos || at == 0) return false;
        const std::string tail = name.substr(at + 5);
        const auto dot = tail.find('.');
        auto digits = [](std::string_view s) {
            return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
        };
        return dot != std::string::npos && digits(std::string_view(tail).substr(0, dot)) &&
               digits(std::string_view(tail).substr(dot + 1));
    };
    size_t removed = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        std::error_code fileEc;
        if (entry.is_regular_file(fileEc) && isTemporary(entry.path().filename().string()) &&
            std::filesystem::remove(entry.path(), fileEc))
            ++removed;
    }
    return removed;
}

ScopedWriteFault::ScopedWriteFault(WriteFault fault, uint64_t afterBytes)
    : m_previous(t_fault), m_previousAfter(t_faultAfter) {
    t_fault = fault;
    t_faultAfter = afterBytes;
}

ScopedWriteFault::~ScopedWriteFault() {
    t_fault = m_previous;
    t_faultAfter = m_previousAfter;
}

}  // namespace uae::io
