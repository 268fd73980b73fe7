#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/common/device.h"
#include "core/common/error.h"

using namespace uae;

TEST(Device, CpuResolvesWithThreadCount) {
    DeviceInfo info = resolveDevice("cpu");
    EXPECT_EQ(info.name, "cpu");
    EXPECT_FALSE(info.cuda);
    EXPECT_GE(info.threads, 1);
    EXPECT_NE(info.description.find(std::to_string(info.threads) + " threads"), std::string::npos);
}

TEST(Device, AutoPicksCudaOnlyWhenUsable) {
    DeviceInfo info = resolveDevice("auto");
    EXPECT_EQ(info.cuda, cudaAvailable());
    EXPECT_EQ(info.name, cudaAvailable() ? "cuda:0" : "cpu");
}

TEST(Device, UnknownDeviceNamesTheValue) {
    try {
        resolveDevice("tpu");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("'tpu'"), std::string::npos) << e.what();
    }
}

TEST(Device, MalformedCudaIndexIsRejected) {
    EXPECT_THROW(resolveDevice("cuda:x"), Error);
    EXPECT_THROW(resolveDevice("cuda:-1"), Error);
}

TEST(Device, CudaWithoutGpuIsAClearError) {
    if (cudaAvailable()) GTEST_SKIP() << "a GPU is present; this checks the no-GPU message";
    try {
        resolveDevice("cuda");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
        EXPECT_NE(std::string(e.what()).find("CUDA is not usable"), std::string::npos) << e.what();
    }
}

TEST(Device, ConfigureThreadsSetsTorchThreads) {
    const int before = torch::get_num_threads();
    EXPECT_EQ(configureThreads(1), 1);
    EXPECT_EQ(torch::get_num_threads(), 1);
    configureThreads(before);
    EXPECT_EQ(configureThreads(0), before);
}
