// Damaged checkpoints must always give uae::Error(Corrupt) naming the file: never a
// crash, a hang, a giant allocation or a silently wrong load.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>

#include "checkpointsample.h"
#include "core/io/checkpoint.h"
#include "core/io/checkpointformat.h"
#include "core/io/checkpointinfo.h"
#include "core/io/crc32c.h"
#include "iotesthelpers.h"

namespace uae::io {
namespace {

using test::readBytes;
using test::TempDir;
using test::writeBytes;

// Loads `bytes` as a checkpoint; returns "" when it fails as Corrupt naming the file,
// else a description of what happened instead.
std::string loadFailure(const std::filesystem::path& path, const std::string& bytes) {
    writeBytes(path, bytes);
    try {
        loadCheckpoint(path);
        return "loaded without error";
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Corrupt) return std::string("kind ") + errorKindName(e.kind()) + ": " + e.what();
        if (std::string(e.what()).find(path.string()) == std::string::npos) return std::string("unnamed file: ") + e.what();
        return {};
    } catch (const std::exception& e) {
        return std::string("foreign exception: ") + e.what();
    }
}

// A small checkpoint (no big optimizer archive), so that every offset can be tried.
std::string smallCheckpointBytes(const TempDir& dir) {
    Checkpoint c;
    c.step = 5;
    c.stage = "s";
    c.config = {{"a", 1}};
    c.dataPosition = 3;
    c.tokenizerJson = "{\"words\":[]}";
    c.modules["m"]["w"] = torch::arange(40, torch::kFloat32).reshape({8, 5});
    c.modules["m"]["n"] = torch::arange(3, torch::kInt64);
    c.optimizers["o"] = std::string(100, 'o');
    c.rng.cpu = torch::arange(64, torch::kUInt8);
    saveCheckpoint(dir / "good.uaeckpt", c);
    return readBytes(dir / "good.uaeckpt");
}

TEST(CheckpointCorruptionTest, EveryTruncationIsReported) {
    TempDir dir;
    const std::string good = smallCheckpointBytes(dir);
    InputFile file(dir / "good.uaeckpt", "checkpoint");
    const uint64_t dataStart = readCheckpointHeader(file).dataStart;
    ASSERT_LT(good.size(), 8000u) << "keep this file small: the test tries many offsets";
    const auto path = dir / "cut.uaeckpt";
    int tried = 0;
    for (size_t len = 0; len < good.size(); len += (len < dataStart + 64 || len + 64 > good.size()) ? 1 : 7) {
        const std::string failure = loadFailure(path, good.substr(0, len));
        ASSERT_EQ(failure, "") << "truncated to " << len << " of " << good.size() << " bytes";
        ++tried;
    }
    EXPECT_GT(tried, 500);
}

TEST(CheckpointCorruptionTest, EveryFlippedByteIsReported) {
    TempDir dir;
    const std::string good = smallCheckpointBytes(dir);
    const auto path = dir / "flip.uaeckpt";
    for (size_t pos = 0; pos < good.size(); ++pos) {
        std::string bad = good;
        bad[pos] = static_cast<char>(bad[pos] ^ (1 << (pos % 8)));  // one bit, varying
        ASSERT_EQ(loadFailure(path, bad), "") << "bit flipped at byte " << pos << " of " << good.size();
    }
    // A whole byte replaced, and trailing garbage.
    for (size_t pos = 0; pos < good.size(); pos += 13) {
        std::string bad = good;
        bad[pos] = static_cast<char>(~bad[pos]);
        ASSERT_EQ(loadFailure(path, bad), "") << "byte inverted at " << pos;
    }
    ASSERT_EQ(loadFailure(path, good + "x"), "");
    EXPECT_EQ(loadFailure(path, good), "loaded without error");
}

TEST(CheckpointCorruptionTest, DamageIsNamedInTheMessage) {
    TempDir dir;
    const std::string good = smallCheckpointBytes(dir);
    const auto path = dir / "bad.uaeckpt";
    auto messageFor = [&](const std::string& bytes) {
        writeBytes(path, bytes);
        try {
            loadCheckpoint(path);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    std::string flipped = good;
    flipped[good.size() - 40] ^= 1;  // in the data
    EXPECT_NE(messageFor(flipped).find("checksum mismatch"), std::string::npos);
    EXPECT_NE(messageFor(good.substr(0, good.size() - 1)).find("truncated"), std::string::npos);
    std::string header = good;
    header[40] ^= 1;  // in the header JSON
    EXPECT_NE(messageFor(header).find("header is damaged"), std::string::npos);
}

// Files whose checksums are right but whose header lies (a buggy or hostile writer):
// still Corrupt, still no giant allocation.
class CraftedHeaderTest : public ::testing::Test {
protected:
    std::string build(const nlohmann::json& header, uint64_t dataBytes) {
        const std::string text = header.dump();
        std::string out;
        const auto prefix = encodeCheckpointPrefix(text.size(), crc32c(0, text.data(), text.size()));
        out.append(prefix.data(), prefix.size());
        out += text;
        out.resize(alignUp(out.size(), kCheckpointAlign) + dataBytes, '\0');
        const auto trailer = encodeCheckpointTrailer(crc32c(0, out.data(), out.size()));
        out.append(trailer.data(), trailer.size());
        return out;
    }
    static nlohmann::json baseHeader() {
        return {{"format", "uae-checkpoint"}, {"step", 1}, {"modules", {"m"}}, {"data_bytes", 64},
                {"sections", {{{"kind", "tensor"}, {"module", "m"}, {"name", "w"}, {"dtype", "F32"}, {"shape", {4, 4}},
                               {"offset", 0}, {"bytes", 64}}}}};
    }
    std::string failure(const nlohmann::json& header, uint64_t dataBytes = 64) {
        return loadFailure(m_dir / "crafted.uaeckpt", build(header, dataBytes));
    }
    TempDir m_dir;
};

TEST_F(CraftedHeaderTest, BaselineLoads) {
    EXPECT_EQ(failure(baseHeader()), "loaded without error");
}

TEST_F(CraftedHeaderTest, InconsistentHeadersAreCorrupt) {
    const auto withSection = [](const char* key, const nlohmann::json& value) {
        nlohmann::json h = baseHeader();
        h["sections"][0][key] = value;
        return h;
    };
    EXPECT_EQ(failure(withSection("offset", 64)), "");                   // past the data
    EXPECT_EQ(failure(withSection("offset", 3)), "");                    // unaligned
    EXPECT_EQ(failure(withSection("bytes", 60)), "");                    // does not match the shape
    EXPECT_EQ(failure(withSection("dtype", "F128")), "");                // unknown dtype
    EXPECT_EQ(failure(withSection("dtype", 5)), "");                     // wrong type
    EXPECT_EQ(failure(withSection("shape", {-1, -64})), "");             // negative dims
    EXPECT_EQ(failure(withSection("shape", {1ull << 40, 1ull << 40})), "");  // overflow, no allocation
    EXPECT_EQ(failure(withSection("module", "other")), "");              // module not listed
    EXPECT_EQ(failure(withSection("kind", "mystery")), "");
    nlohmann::json twice = baseHeader();
    twice["sections"].push_back(twice["sections"][0]);
    twice["sections"][1]["offset"] = 64;
    twice["data_bytes"] = 128;
    EXPECT_EQ(failure(twice, 128), "");                                  // same name twice
    nlohmann::json overlap = twice;
    overlap["sections"][1]["name"] = "v";
    overlap["sections"][1]["offset"] = 0;
    EXPECT_EQ(failure(overlap, 128), "");                                // overlapping sections
    nlohmann::json hugeData = baseHeader();
    hugeData["data_bytes"] = 1ull << 60;
    EXPECT_EQ(failure(hugeData), "");                                    // claims more than the file has
    nlohmann::json noStep = baseHeader();
    noStep.erase("step");
    EXPECT_EQ(failure(noStep), "");
    nlohmann::json wrongFormat = baseHeader();
    wrongFormat["format"] = "something-else";
    EXPECT_EQ(failure(wrongFormat), "");
    EXPECT_EQ(failure(nlohmann::json::array({1, 2})), "");               // not an object
}

TEST_F(CraftedHeaderTest, HostileJsonIsRefusedQuickly) {
    const auto build = [&](const std::string& text) {
        std::string out;
        const auto prefix = encodeCheckpointPrefix(text.size(), crc32c(0, text.data(), text.size()));
        out.append(prefix.data(), prefix.size());
        out += text;
        out.resize(alignUp(out.size(), kCheckpointAlign), '\0');
        const auto trailer = encodeCheckpointTrailer(crc32c(0, out.data(), out.size()));
        out.append(trailer.data(), trailer.size());
        return out;
    };
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(loadFailure(m_dir / "deep.uaeckpt", build(std::string(200000, '[') + std::string(200000, ']'))), "");
    EXPECT_EQ(loadFailure(m_dir / "dup.uaeckpt", build(R"({"format":"uae-checkpoint","step":1,"step":2})")), "");
    EXPECT_EQ(loadFailure(m_dir / "syntax.uaeckpt", build(R"({"format": uae})")), "");
    EXPECT_EQ(loadFailure(m_dir / "utf8.uaeckpt", build("{\"format\":\"\xff\"}")), "");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(CraftedHeaderTest, InspectAndVerifyReportTheSameDamage) {
    saveCheckpoint(m_dir / "good.uaeckpt", test::sampleCheckpoint());
    std::string bytes = readBytes(m_dir / "good.uaeckpt");
    bytes[bytes.size() - 100] ^= 0x10;  // in the data: only a full verification sees it
    writeBytes(m_dir / "bad.uaeckpt", bytes);
    EXPECT_NO_THROW(inspectCheckpoint(m_dir / "bad.uaeckpt"));
    test::errorOf([&] { inspectCheckpoint(m_dir / "bad.uaeckpt", /*verifyChecksum=*/true); }, ErrorKind::Corrupt);
    test::errorOf([&] { loadCheckpoint(m_dir / "bad.uaeckpt"); }, ErrorKind::Corrupt);
}

}  // namespace
}  // namespace uae::io
