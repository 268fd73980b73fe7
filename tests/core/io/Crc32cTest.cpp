#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/io/crc32c.h"

namespace uae::io {
namespace {

TEST(Crc32cTest, MatchesKnownValues) {
    // Check values of CRC-32C (RFC 3720 appendix B.4 and the common "123456789" check).
    const std::string check = "123456789";
    EXPECT_EQ(crc32c(0, check.data(), check.size()), 0xE3069283u);
    EXPECT_EQ(crc32cPortable(0, check.data(), check.size()), 0xE3069283u);
    const std::vector<unsigned char> zeros(32, 0);
    EXPECT_EQ(crc32c(0, zeros.data(), zeros.size()), 0x8A9136AAu);
    const std::vector<unsigned char> ones(32, 0xFF);
    EXPECT_EQ(crc32c(0, ones.data(), ones.size()), 0x62A8AB43u);
    EXPECT_EQ(crc32c(0, nullptr, 0), 0u);
}

TEST(Crc32cTest, HardwareAndTableAgreeAtEveryLengthAndAlignment) {
    std::mt19937 rng(7);
    std::vector<unsigned char> data(300);
    for (auto& b : data) b = static_cast<unsigned char>(rng());
    for (size_t start = 0; start < 9; ++start)
        for (size_t len = 0; start + len <= data.size(); len += 7)
            ASSERT_EQ(crc32c(0, data.data() + start, len), crc32cPortable(0, data.data() + start, len))
                << "start " << start << " length " << len;
}

TEST(Crc32cTest, ContinuesAcrossChunks) {
    std::string text(1000, '\0');
    for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>(i * 31 + 7);
    const uint32_t whole = crc32c(0, text.data(), text.size());
    for (const size_t cut : {0, 1, 7, 8, 500, 999, 1000}) {
        const uint32_t part = crc32c(crc32c(0, text.data(), cut), text.data() + cut, text.size() - cut);
        EXPECT_EQ(part, whole) << "cut at " << cut;
    }
}

}  // namespace
}  // namespace uae::io
