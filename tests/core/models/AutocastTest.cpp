#include <gtest/gtest.h>

#include <ATen/autocast_mode.h>

#include "core/common/error.h"
#include "core/models/autocast.h"
#include "core/models/captionsampler.h"
#include "core/models/decoder.h"
#include "core/models/encoder.h"
#include "core/models/flowsampler.h"
#include "tests/core/models/testutil.h"

using namespace uae::models;
using namespace uae::models::test;

TEST(Autocast, GuardNestsAndRestores) {
    EXPECT_FALSE(at::autocast::is_autocast_enabled(at::kCPU));
    {
        AutocastGuard outer(torch::kCPU, true);
        EXPECT_TRUE(at::autocast::is_autocast_enabled(at::kCPU));
        EXPECT_EQ(at::autocast::get_autocast_dtype(at::kCPU), at::kBFloat16);
        {
            AutocastGuard off(torch::kCPU, false);  // disabled guard: no change
            EXPECT_TRUE(at::autocast::is_autocast_enabled(at::kCPU));
        }
        auto y = torch::mm(torch::ones({4, 4}), torch::ones({4, 4}));
        EXPECT_EQ(y.scalar_type(), torch::kBFloat16);
    }
    EXPECT_FALSE(at::autocast::is_autocast_enabled(at::kCPU));
    EXPECT_TRUE(precisionUsesAutocast("bf16"));
    EXPECT_FALSE(precisionUsesAutocast("fp32"));
    EXPECT_THROW(precisionUsesAutocast("fp16"), uae::Error);
}

TEST(Autocast, Bf16OnCpuTrainsAndSamplesLikeFp32) {
    torch::set_num_threads(1);
    torch::manual_seed(3);
    ModelPreset p = tinyPreset();
    Encoder enc(p.encoder);
    Decoder dec(p.decoder);
    perturb(*dec, 0.05, 1);
    auto images = randomImages(4, 16, 2);
    auto captions = randomCaptions(4, 8, kVocab, 3);

    auto lossFp32 = enc->captionLoss(images, captions).item<double>();
    torch::manual_seed(4);
    auto flowFp32 = dec->flowLoss(images, captions, 0.0).item<double>();
    double lossBf16 = 0, flowBf16 = 0;
    {
        AutocastGuard bf16(torch::kCPU, true);
        auto l = enc->captionLoss(images, captions);
        EXPECT_EQ(l.scalar_type(), torch::kFloat);  // losses stay float32
        l.backward();
        lossBf16 = l.item<double>();
        torch::manual_seed(4);
        auto f = dec->flowLoss(images, captions, 0.0);
        f.backward();
        flowBf16 = f.item<double>();

        SampleOptions opt;
        opt.groupSize = 2;
        auto s = sampleCaptions(enc, images, opt);
        EXPECT_EQ(s.tokens.size(0), 8);
        EXPECT_TRUE(torch::isfinite(s.logProbs).all().item<bool>());
        auto img = sampleOde(dec, dec->encodeCaptions(captions), randomNoise(4, 16, 5), {4, 2.0});
        EXPECT_EQ(img.scalar_type(), torch::kFloat);
        EXPECT_TRUE(torch::isfinite(img).all().item<bool>());
    }
    EXPECT_NEAR(lossBf16, lossFp32, 0.03 * lossFp32);
    EXPECT_NEAR(flowBf16, flowFp32, 0.03 * flowFp32);
    for (const auto& param : enc->parameters()) {
        ASSERT_TRUE(param.grad().defined());
        EXPECT_EQ(param.grad().scalar_type(), torch::kFloat);
        EXPECT_TRUE(torch::isfinite(param.grad()).all().item<bool>());
    }
}
