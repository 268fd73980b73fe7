#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/common/buildinfo.h"
#include "core/common/cudaprobe.h"
#include "core/common/versions.h"

using namespace uae;

TEST(Versions, LibTorchIsTheRequiredVersion) {
    // The project pins torch==2.11.0 (scripts/setup.sh); a different LibTorch means the
    // build picked up a stray installation.
    EXPECT_EQ(libtorchVersion().rfind("2.11.0", 0), 0u) << libtorchVersion();
}

TEST(Versions, ComponentsListEveryLibrary) {
    auto versions = componentVersions();
    std::vector<std::string> names;
    for (const auto& v : versions) names.push_back(v.name);
    for (const char* expected : {"UAE Studio", "LibTorch", "CUDA kernels", "OpenCV", "Qt", "SQLite", "nlohmann-json"})
        EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
    for (const auto& v : versions) {
        if (v.name == "SQLite" || v.name == "LibTorch") {
            EXPECT_FALSE(v.version.empty()) << v.name;
        }
        if (v.name == "OpenCV") {
            EXPECT_EQ(v.version.empty(), !openCvAvailable());
        }
        if (v.name == "Qt") {
            EXPECT_EQ(v.version.empty(), UAE_BUILD_GUI == 0);
        }
    }
}

TEST(Versions, CudaProbeRunsOrSaysWhy) {
    std::string why = runCudaProbe(4096, 0.25f);
    if (torch::cuda::is_available() && cudaKernelsCompiled()) {
        EXPECT_EQ(why, "") << "the probe kernel failed on a GPU";
    } else {
        EXPECT_FALSE(why.empty());
        std::cout << "CUDA probe did not run here: " << why << "\n";
    }
}
