#include "core/store/runlock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "core/common/error.h"

namespace uae::store {

std::unique_ptr<RunLock> RunLock::tryAcquire(const std::filesystem::path& file) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    // O_CLOEXEC: a program the trainer starts must not keep the run "alive" after it dies.
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(ErrorKind::Io, "cannot open the run lock file '" + file.string() + "': " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(fd);
        if (err == EWOULDBLOCK) return nullptr;
        throw Error(ErrorKind::Io, "cannot lock the run lock file '" + file.string() + "': " + std::strerror(err));
    }
    // For people looking at the folder: who holds it. Best effort.
    const std::string owner = "pid " + std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) == 0) {
        [[maybe_unused]] const auto written = ::pwrite(fd, owner.data(), owner.size(), 0);
    }
    return std::unique_ptr<RunLock>(new RunLock(fd));
}

RunLock::~RunLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing the last descriptor releases the flock
}

}  // namespace uae::store
