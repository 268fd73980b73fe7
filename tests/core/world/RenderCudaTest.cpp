// The CUDA renderer against the CPU renderer. Runs only where a GPU and the kernel
// exist; elsewhere it is skipped with the reason.
#include <gtest/gtest.h>

#include "core/world/render_cuda.h"
#include "core/world/render_tensor.h"
#include "core/world/sampler.h"

using namespace uae::world;

TEST(RenderCuda, GpuAndCpuRendersAgree) {
    if (!cudaRendererCompiled()) GTEST_SKIP() << "this build has no CUDA kernels (UAE_WITH_CUDA is off)";
    if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device is usable on this machine";
    const torch::Device gpu(torch::kCUDA, 0);
    for (float rotation : {0.0f, 25.0f}) {
        SceneSampler sampler(11, SamplerConfig{1, 6, rotation});
        const auto scenes = sampler.sampleRange(Split::Test, 0, 64);
        for (int size : {32, 64, 128}) {
            const torch::Tensor cpu = renderBatch(scenes, size);
            const torch::Tensor cuda = renderBatch(scenes, size, gpu);
            ASSERT_TRUE(cuda.is_cuda());
            ASSERT_EQ(cuda.sizes(), cpu.sizes());
            const torch::Tensor diff = (cuda.cpu() - cpu).abs();
            // Same arithmetic (shapegeom.h, no FMA on the GPU): at most a supersample
            // decided differently by a last-bit difference in sin/cos or division.
            const double maxDiff = diff.max().item<double>();
            const double offPixels = (diff > 1e-4).to(torch::kFloat64).mean().item<double>();
            EXPECT_LE(maxDiff, 2.0 / 16.0 * 2.0) << "size " << size << " rotation " << rotation;
            EXPECT_LT(offPixels, 1e-3) << "size " << size << " rotation " << rotation;
        }
    }
}

TEST(RenderCuda, EmptyAndSingleSceneBatches) {
    if (!cudaRenderingAvailable()) GTEST_SKIP() << "no CUDA renderer here (no kernel in this build, or no GPU)";
    const torch::Device gpu(torch::kCUDA, 0);
    Scene empty;
    empty.background = Colour::White;
    const torch::Tensor t = renderBatch({empty}, 32, gpu).cpu();
    EXPECT_TRUE(torch::allclose(t, renderBatch({empty}, 32)));
}
