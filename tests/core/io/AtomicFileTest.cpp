#include <gtest/gtest.h>

#include <unistd.h>

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

TEST(AtomicFileTest, ReadOnlyDirectoryFailsAndKeepsTheOldFile) {
    if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions (covered by the fault hook test)";
    TempDir dir;
    const auto target = dir / "keep.bin";
    writeFileAtomically(target, "old");
    std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    const std::string msg = errorOf([&] { writeFileAtomically(target, "new"); }, ErrorKind::Io);
    std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all);
    EXPECT_NE(msg.find(target.string()), std::string::npos) << msg;
    EXPECT_EQ(readBytes(target), "old");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"keep.bin"});
}

}  // namespace
}  // namespace uae::io
