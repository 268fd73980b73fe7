#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/common/strings.h"

using uae::splitList;
using List = std::vector<std::string>;

TEST(SplitList, TrimsItemsAndDropsEmptyOnes) {
    EXPECT_EQ(splitList("foreground,detector"), (List{"foreground", "detector"}));
    EXPECT_EQ(splitList(" embedder ,\tclip\t, ssim"), (List{"embedder", "clip", "ssim"}));
    EXPECT_EQ(splitList("a,,b,"), (List{"a", "b"}));
    EXPECT_EQ(splitList(",  ,"), List{});
    EXPECT_EQ(splitList(""), List{});
    EXPECT_EQ(splitList("one"), List{"one"});
    EXPECT_EQ(splitList("x y, z"), (List{"x y", "z"}));  // inner spaces stay
    EXPECT_EQ(splitList("a;b ; c", ';'), (List{"a", "b", "c"}));
}

TEST(Base64, RoundTripsEveryLengthAndByte) {
    // RFC 4648 section 10's vectors.
    EXPECT_EQ(uae::encodeBase64(""), "");
    EXPECT_EQ(uae::encodeBase64("f"), "Zg==");
    EXPECT_EQ(uae::encodeBase64("fo"), "Zm8=");
    EXPECT_EQ(uae::encodeBase64("foo"), "Zm9v");
    EXPECT_EQ(uae::encodeBase64("foobar"), "Zm9vYmFy");
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
    for (size_t n = 0; n <= bytes.size(); n += 37) {
        const std::string part = bytes.substr(bytes.size() - n);
        EXPECT_EQ(uae::decodeBase64(uae::encodeBase64(part)), part) << n;
    }
}

TEST(Base64, MalformedTextIsRefused) {
    for (const char* bad : {"Zg=", "Zg", "Z===", "Zm9v\n", "Zm9v Zg==", "Zg==Zm9v", "Zh==", "Zm9=", "Zm-v", "=Zm9"})
        EXPECT_EQ(uae::decodeBase64(bad), std::nullopt) << bad;
    EXPECT_EQ(uae::decodeBase64("Zm9vYg=="), "foob");
}
