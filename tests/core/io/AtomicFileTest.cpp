#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/io/atomicfile.h"
#include "iotesthelpers.h"

namespace uae::io {
namespace {

using test::errorOf;
using test::readBytes;
using test::TempDir;

TEST(AtomicFileTest, WritesAndReplacesWithoutLeavingTemporaries) {
    TempDir dir;
    const auto target = dir / "file.bin";
    writeFileAtomically(target, "first version");
    EXPECT_EQ(readBytes(target), "first version");
    {
        AtomicFileWriter w(target);
        w.write("second ");
        w.writeZeros(3);
        std::string big(3 << 20, 'x');  // larger than the internal buffer
        w.write(big);
        EXPECT_EQ(w.bytesWritten(), 7u + 3u + big.size());
        EXPECT_EQ(readBytes(target), "first version") << "the target changes only at commit";
        w.commit();
    }
    const std::string content = readBytes(target);
    EXPECT_EQ(content.size(), 10u + (3u << 20));
    EXPECT_EQ(content.substr(0, 10), std::string("second \0\0\0", 10));
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"file.bin"});
}

TEST(AtomicFileTest, AbandonedWriterRemovesItsTemporaryFile) {
    TempDir dir;
    writeFileAtomically(dir / "a.txt", "old");
    {
        AtomicFileWriter w(dir / "a.txt");
        w.write("new content that is never committed");
        EXPECT_TRUE(std::filesystem::exists(w.tempPath()));
        EXPECT_EQ(w.tempPath().parent_path(), dir.path()) << "temporary file must be in the target's directory";
    }
    EXPECT_EQ(readBytes(dir / "a.txt"), "old");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"a.txt"});
}

// A writer killed before commit() (SIGKILL: no destructor runs) leaves its temporary file;
// removeAbandonedTemporaries() takes it away and nothing else (found by scripts/soak.sh).
TEST(AtomicFileTest, TemporariesOfAKilledWriterAreRemovedOnRequest) {
    TempDir dir;
    const auto target = dir / "01-judges-latest.uaeckpt";
    writeFileAtomically(target, "committed");
    const pid_t pid = ::fork();
    if (pid == 0) {
        AtomicFileWriter w(target);
        w.write(std::string(3 << 20, 'x'));  // past the buffer: bytes on disk
        ::kill(::getpid(), SIGKILL);
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    for (const char* keep : {"notes.tmp.txt", "a.tmp.12", "x.tmp.1.b"}) writeFileAtomically(dir / keep, "keep");
    int temporaries = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        temporaries += e.path().filename().string().rfind("01-judges-latest.uaeckpt.tmp.", 0) == 0;
    EXPECT_EQ(temporaries, 1);

    EXPECT_EQ(removeAbandonedTemporaries(dir.path()), 1u);
    std::vector<std::string> left;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) left.push_back(e.path().filename().string());
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (std::vector<std::string>{"01-judges-latest.uaeckpt", "a.tmp.12", "notes.tmp.txt", "x.tmp.1.b"}));
    EXPECT_EQ(readBytes(target), "committed");
    EXPECT_EQ(removeAbandonedTemporaries(dir / "no-such-folder"), 0u);
}

TEST(AtomicFileTest, FailureAtEveryStageKeepsTheOldFile) {
    TempDir dir;
    const auto target = dir / "ckpt.bin";
    writeFileAtomically(target, "precious old checkpoint");
    const std::string big(2 << 20, 'n');
    for (const auto fault : {WriteFault::Write, WriteFault::Sync, WriteFault::Rename}) {
        ScopedWriteFault simulate(fault, /*afterBytes=*/1000);  // a disk that fills after 1000 bytes
        const std::string msg = errorOf([&] { writeFileAtomically(target, big); }, ErrorKind::Io);
        EXPECT_NE(msg.find(target.string()), std::string::npos) << msg;
        EXPECT_NE(msg.find("simulated"), std::string::npos) << msg;
        EXPECT_EQ(readBytes(target), "precious old checkpoint");
        EXPECT_EQ(dir.entries(), std::vector<std::string>{"ckpt.bin"}) << "fault " << static_cast<int>(fault);
    }
    writeFileAtomically(target, "after the faults");  // the hook is gone with its scope
    EXPECT_EQ(readBytes(target), "after the faults");
}

TEST(AtomicFileTest, ClearErrorsForImpossibleTargets) {
    TempDir dir;
    std::string msg = errorOf([&] { writeFileAtomically(dir / "missing-dir" / "x.bin", "x"); }, ErrorKind::Io);
    EXPECT_NE(msg.find("missing-dir"), std::string::npos) << msg;
    std::filesystem::create_directory(dir / "sub");
    msg = errorOf([&] { writeFileAtomically(dir / "sub", "x"); }, ErrorKind::Io);
    EXPECT_NE(msg.find("directory"), std::string::npos) << msg;
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"sub"});
}

// Root ignores directory permissions, so the write runs in a child that drops to an
// unprivileged user when the test runs as root (as CI may).
TEST(AtomicFileTest, ReadOnlyDirectoryFailsAndKeepsTheOldFile) {
    TempDir dir;
    const auto target = dir / "keep.bin";
    writeFileAtomically(target, "old");
    using std::filesystem::perms;
    std::filesystem::permissions(dir.path(), perms::owner_read | perms::owner_exec | perms::group_read |
                                                 perms::group_exec | perms::others_read | perms::others_exec);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(fds[0]);
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
        int code = 1;  // written: the directory was not read-only after all
        std::string msg;
        try {
            writeFileAtomically(target, "new");
        } catch (const Error& e) {
            msg = e.what();
            code = e.kind() == ErrorKind::Io ? 0 : 2;
        }
        [[maybe_unused]] auto n = ::write(fds[1], msg.data(), msg.size());
        ::_exit(code);
    }
    ::close(fds[1]);
    std::string msg;
    char buffer[512];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) msg.append(buffer, static_cast<size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    std::filesystem::permissions(dir.path(), perms::owner_all);
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 3) GTEST_SKIP() << "cannot drop to an unprivileged user here";
    EXPECT_EQ(WEXITSTATUS(status), 0) << msg;
    EXPECT_NE(msg.find(target.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("Permission denied"), std::string::npos) << msg;
    EXPECT_EQ(readBytes(target), "old");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"keep.bin"});
}

}  // namespace
}  // namespace uae::io
