// The liveness lock of an active run: an exclusive flock() on <workspace>/runs/<id>/run.lock,
// held by the RunStore of the process that runs the run. The kernel drops it when that
// process ends in any way (kill -9 included), so a run marked running whose lock can be
// taken belongs to a dead process and is marked interrupted. Local file systems only
// (flock over NFS is unreliable; docs/store.md).
#pragma once

#include <filesystem>
#include <memory>

namespace uae::store {

class RunLock {
public:
    // Takes the lock without waiting; nullptr when another holder (any process, or another
    // RunStore of this one) has it. Creates the folder and the file when missing. Throws
    // uae::Error(Io) when the file cannot be created.
    static std::unique_ptr<RunLock> tryAcquire(const std::filesystem::path& file);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    explicit RunLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

}  // namespace uae::store
