#include <gtest/gtest.h>

#include <cstring>

#include "checkpointsample.h"
#include "core/io/atomicfile.h"
#include "core/io/checkpoint.h"
#include "core/io/checkpointformat.h"
#include "core/io/checkpointinfo.h"
#include "core/io/crc32c.h"
#include "iotesthelpers.h"

namespace uae::io {
namespace {

using test::errorOf;
using test::readBytes;
using test::sameTensor;
using test::TempDir;
using test::writeBytes;

TEST(CheckpointTest, RoundTripKeepsEveryPart) {
    TempDir dir;
    const Checkpoint saved = test::sampleCheckpoint();
    saveCheckpoint(dir / "a.uaeckpt", saved);
    const Checkpoint loaded = loadCheckpoint(dir / "a.uaeckpt");

    EXPECT_EQ(loaded.step, 2);
    EXPECT_EQ(loaded.stage, "encoder-sft");
    EXPECT_EQ(loaded.runId, "run-42");
    EXPECT_EQ(loaded.config, saved.config);
    EXPECT_EQ(loaded.dataPosition, saved.dataPosition);
    EXPECT_EQ(loaded.metadata, saved.metadata);
    EXPECT_EQ(loaded.tokenizerJson, saved.tokenizerJson);
    EXPECT_EQ(loaded.source, dir / "a.uaeckpt");
    EXPECT_EQ(loaded.created.size(), 20u) << "created is filled with an ISO-8601 UTC time: " << loaded.created;
    EXPECT_EQ(loaded.optimizers, saved.optimizers);

    ASSERT_EQ(loaded.modules.size(), saved.modules.size());
    EXPECT_TRUE(loaded.module("empty-module").empty());
    for (const auto& [module, tensors] : saved.modules) {
        const TensorMap& got = loaded.module(module);
        ASSERT_EQ(got.size(), tensors.size()) << module;
        for (const auto& [name, t] : tensors) {
            ASSERT_TRUE(got.count(name)) << module << "/" << name;
            EXPECT_TRUE(sameTensor(got.at(name), t)) << module << "/" << name;
            EXPECT_TRUE(got.at(name).is_contiguous());
        }
    }
    // BatchNorm's integer buffer survives as int64.
    EXPECT_EQ(loaded.module("net").at("norm.num_batches_tracked").scalar_type(), torch::kInt64);
    EXPECT_EQ(loaded.module("net").at("norm.num_batches_tracked").item<int64_t>(), 2);
    ASSERT_TRUE(loaded.rng.cpu.defined());
    EXPECT_TRUE(torch::equal(loaded.rng.cpu, saved.rng.cpu));
    EXPECT_EQ(loaded.rng.cuda.size(), saved.rng.cuda.size());
}

TEST(CheckpointTest, MinimalCheckpointAndGivenCreatedTime) {
    TempDir dir;
    Checkpoint c;
    c.step = 7;
    c.created = "2024-05-06T07:08:09Z";
    saveCheckpoint(dir / "min.uaeckpt", c);
    const Checkpoint loaded = loadCheckpoint(dir / "min.uaeckpt");
    EXPECT_EQ(loaded.step, 7);
    EXPECT_EQ(loaded.created, "2024-05-06T07:08:09Z");
    EXPECT_TRUE(loaded.modules.empty());
    EXPECT_TRUE(loaded.tokenizerJson.empty());
    EXPECT_FALSE(loaded.rng.cpu.defined());
    EXPECT_TRUE(loaded.dataPosition.is_null());
}

TEST(CheckpointTest, LayoutIsAlignedAndSelfDescribing) {
    TempDir dir;
    saveCheckpoint(dir / "a.uaeckpt", test::sampleCheckpoint());
    InputFile file(dir / "a.uaeckpt", "checkpoint");
    const CheckpointHeader h = readCheckpointHeader(file);
    EXPECT_EQ(h.version, kCheckpointFormatVersion);
    EXPECT_EQ(h.dataStart % kCheckpointAlign, 0u);
    EXPECT_EQ(h.dataStart + h.dataBytes + kCheckpointTrailerBytes, file.size());
    for (const auto& s : h.sections) EXPECT_EQ(s.offset % kCheckpointAlign, 0u) << s.name;
    const std::string bytes = readBytes(dir / "a.uaeckpt");
    EXPECT_EQ(bytes.substr(0, 7), "UAECKPT");
    EXPECT_EQ(bytes.substr(bytes.size() - 16, 8), "UAECKEND");
    uint32_t stored;
    std::memcpy(&stored, bytes.data() + bytes.size() - 8, 4);
    EXPECT_EQ(stored, crc32c(0, bytes.data(), bytes.size() - 16));
}

TEST(CheckpointTest, InspectReadsTheHeaderOnly) {
    TempDir dir;
    const Checkpoint saved = test::sampleCheckpoint();
    saveCheckpoint(dir / "a.uaeckpt", saved);
    const CheckpointInfo info = inspectCheckpoint(dir / "a.uaeckpt");
    EXPECT_EQ(info.formatVersion, kCheckpointFormatVersion);
    EXPECT_EQ(info.step, 2);
    EXPECT_EQ(info.stage, "encoder-sft");
    EXPECT_EQ(info.runId, "run-42");
    EXPECT_EQ(info.uaeVersion, UAE_VERSION);
    EXPECT_EQ(info.fileBytes, std::filesystem::file_size(dir / "a.uaeckpt"));
    EXPECT_EQ(info.config, saved.config);
    EXPECT_EQ(info.dataPosition, saved.dataPosition);
    EXPECT_TRUE(info.hasTokenizer);
    EXPECT_EQ(info.optimizers, std::vector<std::string>{"net"});
    EXPECT_FALSE(info.checksumVerified);
    ASSERT_EQ(info.modules.size(), 3u);
    const auto& net = info.modules[2];  // modules in name order: empty-module, extra, net
    EXPECT_EQ(net.name, "net");
    EXPECT_EQ(net.tensors, 6);  // fc.weight, norm.{weight, bias, running_mean, running_var, num_batches_tracked}
    EXPECT_EQ(net.elements, 12 + 3 * 4 + 1);
    EXPECT_EQ(info.modules[0].tensors, 0);
    EXPECT_TRUE(inspectCheckpoint(dir / "a.uaeckpt", /*verifyChecksum=*/true).checksumVerified);
}

TEST(CheckpointTest, RefusesAFileFromANewerVersion) {
    TempDir dir;
    saveCheckpoint(dir / "a.uaeckpt", test::sampleCheckpoint());
    std::string bytes = readBytes(dir / "a.uaeckpt");
    // Rewrite the prefix as a future writer would: version + 1, valid checksums.
    uint64_t headerBytes;
    uint32_t headerCrc;
    std::memcpy(&headerBytes, bytes.data() + 16, 8);
    std::memcpy(&headerCrc, bytes.data() + 24, 4);
    const auto prefix = encodeCheckpointPrefix(headerBytes, headerCrc, kCheckpointFormatVersion + 1);
    bytes.replace(0, prefix.size(), prefix.data(), prefix.size());
    writeBytes(dir / "future.uaeckpt", bytes);
    for (const auto& load : std::vector<std::function<void()>>{[&] { loadCheckpoint(dir / "future.uaeckpt"); },
                                                               [&] { inspectCheckpoint(dir / "future.uaeckpt"); }}) {
        const std::string msg = errorOf(load, ErrorKind::Unsupported);
        EXPECT_NE(msg.find("newer UAE Studio"), std::string::npos) << msg;
        EXPECT_NE(msg.find("future.uaeckpt"), std::string::npos) << msg;
        EXPECT_NE(msg.find("version " + std::to_string(kCheckpointFormatVersion + 1)), std::string::npos) << msg;
    }
}

TEST(CheckpointTest, ClearErrorsForMissingOrForeignFiles) {
    TempDir dir;
    std::string msg = errorOf([&] { loadCheckpoint(dir / "nope.uaeckpt"); }, ErrorKind::Io);
    EXPECT_NE(msg.find("nope.uaeckpt"), std::string::npos) << msg;
    errorOf([&] { loadCheckpoint(dir.path()); }, ErrorKind::Io);
    writeBytes(dir / "text.uaeckpt", std::string(100, 'a'));
    msg = errorOf([&] { loadCheckpoint(dir / "text.uaeckpt"); }, ErrorKind::Corrupt);
    EXPECT_NE(msg.find("not a UAE Studio checkpoint"), std::string::npos) << msg;
    writeBytes(dir / "empty.uaeckpt", "");
    msg = errorOf([&] { loadCheckpoint(dir / "empty.uaeckpt"); }, ErrorKind::Corrupt);
    EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
}

TEST(CheckpointTest, NamedLookupsListWhatIsThere) {
    const Checkpoint c = test::sampleCheckpoint();
    std::string msg = errorOf([&] { c.module("decoder"); }, ErrorKind::InvalidArgument);
    EXPECT_NE(msg.find("'decoder'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("extra, net"), std::string::npos) << msg;
    msg = errorOf([&] { c.optimizer("decoder"); }, ErrorKind::InvalidArgument);
    EXPECT_NE(msg.find("it has: net"), std::string::npos) << msg;
}

TEST(CheckpointTest, SavingReplacesAtomicallyAndFailuresKeepTheOldFile) {
    TempDir dir;
    const auto path = dir / "run.uaeckpt";
    Checkpoint c = test::sampleCheckpoint();
    saveCheckpoint(path, c);
    const std::string before = readBytes(path);
    c.step = 99;
    {
        ScopedWriteFault fault(WriteFault::Write, /*afterBytes=*/before.size() / 2);
        const std::string msg = errorOf([&] { saveCheckpoint(path, c); }, ErrorKind::Io);
        EXPECT_NE(msg.find(path.string()), std::string::npos) << msg;
    }
    {
        ScopedWriteFault fault(WriteFault::Rename);
        errorOf([&] { saveCheckpoint(path, c); }, ErrorKind::Io);
    }
    EXPECT_EQ(readBytes(path), before);
    EXPECT_EQ(loadCheckpoint(path).step, 2);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"run.uaeckpt"});
    saveCheckpoint(path, c);
    EXPECT_EQ(loadCheckpoint(path).step, 99);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"run.uaeckpt"});
}

TEST(CheckpointTest, RefusesUnsupportedDtypesAndBadJsonWhenSaving) {
    TempDir dir;
    Checkpoint c;
    c.modules["m"]["complex"] = torch::zeros({2}, torch::kComplexFloat);
    std::string msg = errorOf([&] { saveCheckpoint(dir / "c.uaeckpt", c); }, ErrorKind::Unsupported);
    EXPECT_NE(msg.find("m/complex"), std::string::npos) << msg;
    Checkpoint bad;
    bad.config = {{"name", std::string("\xff\xfe")}};  // not UTF-8
    errorOf([&] { saveCheckpoint(dir / "c.uaeckpt", bad); }, ErrorKind::InvalidArgument);
    EXPECT_TRUE(dir.entries().empty());
}

}  // namespace
}  // namespace uae::io
