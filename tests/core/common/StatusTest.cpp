#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/common/status.h"

using namespace uae;

TEST(Status, CaptureKeepsKindAndMessage) {
    Status st = capture([] { throw Error(ErrorKind::Corrupt, "checkpoint 'a.ckpt' is truncated"); });
    EXPECT_FALSE(st.ok);
    EXPECT_EQ(st.kind, ErrorKind::Corrupt);
    EXPECT_EQ(st.message, "checkpoint 'a.ckpt' is truncated");
}

TEST(Status, CaptureTurnsForeignExceptionsIntoInternal) {
    Status st = capture([] { throw std::out_of_range("index 7"); });
    EXPECT_FALSE(st.ok);
    EXPECT_EQ(st.kind, ErrorKind::Internal);
    EXPECT_EQ(st.message, "index 7");
    EXPECT_TRUE(capture([] {}).ok);
}

TEST(Status, TorchErrorsAreCaught) {
    Status st = capture([] { (void)torch::ones({2, 3}).matmul(torch::ones({2, 3})); });
    EXPECT_FALSE(st.ok);
    EXPECT_FALSE(st.message.empty());
}
