#include "core/io/inputfile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/error.h"

namespace uae::io {

InputFile::InputFile(std::filesystem::path path, std::string what) : m_path(std::move(path)), m_what(std::move(what)) {
    // O_NONBLOCK: opening a FIFO by mistake must not wait for a writer (refused below).
    m_fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (m_fd < 0) {
        const int err = errno;
        throw Error(ErrorKind::Io, "cannot open " + describe() + ": " + std::strerror(err));
    }
    struct stat st {};
    if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(m_fd);
        m_fd = -1;
        throw Error(ErrorKind::Io, "cannot read " + describe() + ": not a regular file");
    }
    m_size = static_cast<uint64_t>(st.st_size);
}

InputFile::~InputFile() {
    if (m_fd >= 0) ::close(m_fd);
}

std::string InputFile::describe() const { return m_what + " '" + m_path.string() + "'"; }

void InputFile::corrupt(const std::string& what) const { throw Error(ErrorKind::Corrupt, describe() + ": " + what); }

void InputFile::seek(uint64_t pos) {
    if (pos > m_size)
        corrupt("truncated: offset " + std::to_string(pos) + " is past the end of the file (" + std::to_string(m_size) +
                " bytes)");
    m_pos = pos;
}

void InputFile::read(void* dst, size_t n) {
    if (n > m_size - m_pos)
        corrupt("truncated: needs " + std::to_string(n) + " bytes at offset " + std::to_string(m_pos) +
                " but the file has " + std::to_string(m_size) + " bytes");
    auto* p = static_cast<char*>(dst);
    while (n > 0) {
        const size_t chunk = std::min(n, size_t{1} << 30);
        const ssize_t got = ::pread(m_fd, p, chunk, static_cast<off_t>(m_pos));
        if (got < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            throw Error(ErrorKind::Io, "cannot read " + describe() + ": " + std::strerror(err));
        }
        if (got == 0) corrupt("truncated while reading (the file shrank at offset " + std::to_string(m_pos) + ")");
        p += got;
        n -= static_cast<size_t>(got);
        m_pos += static_cast<uint64_t>(got);
    }
}

}  // namespace uae::io
