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
