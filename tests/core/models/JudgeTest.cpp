#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/models/clipmodel.h"
#include "core/models/embedder.h"
#include "core/models/ssimjudge.h"
#include "tests/core/models/testutil.h"

using namespace uae::models;
using namespace uae::models::test;

TEST(SsimJudge, MatchesClosedFormsAndOrdersDistortions) {
    torch::set_num_threads(1);
    SsimJudge judge;
    auto a = randomImages(3, 16, 1);
    auto same = judge.similarity(a, a);
    EXPECT_TRUE(torch::allclose(same, torch::ones({3}), 1e-5, 1e-5));
    // Constant images u, v in [0,1]: variances vanish, SSIM = (2uv + C1) / (u^2 + v^2 + C1).
    const double u = 0.2, v = 0.6, c1 = 1e-4;
    auto cu = torch::full({1, 3, 16, 16}, u * 2 - 1), cv = torch::full({1, 3, 16, 16}, v * 2 - 1);
    // (float32 moments leave ~1e-8 variances against C2 = 9e-4, hence 2e-4.)
    EXPECT_NEAR(judge.similarity(cu, cv).item<double>(), (2 * u * v + c1) / (u * u + v * v + c1), 2e-4);
    // Mild noise scores above strong noise, which scores above an unrelated image.
    auto gen = at::make_generator<at::CPUGeneratorImpl>(2);
    auto n = torch::randn(a.sizes(), gen);
    auto mild = judge.similarity((a + 0.05 * n).clamp(-1, 1), a);
    auto strong = judge.similarity((a + 0.5 * n).clamp(-1, 1), a);
    auto other = judge.similarity(randomImages(3, 16, 3), a);
    EXPECT_TRUE((mild > strong).all().item<bool>());
    EXPECT_TRUE((strong > other).all().item<bool>());
    EXPECT_TRUE((other < 0.2).all().item<bool>());
    // Symmetric, and differentiable in the reconstruction.
    auto r = a.flip({3}).clone().requires_grad_(true);
    auto s = judge.similarity(r, a);
    EXPECT_TRUE(torch::allclose(s, judge.similarity(a, r.detach()), 1e-6, 1e-6));
    s.sum().backward();
    EXPECT_GT(r.grad().abs().sum().item<double>(), 0.0);
    EXPECT_THROW(ssim(a, randomImages(3, 8, 1)), uae::Error);
}

TEST(EmbedderJudge, NtXentAndTraining) {
    torch::set_num_threads(1);
    // Perfectly paired, mutually orthogonal embeddings: the loss is near zero at a low temperature.
    auto z = torch::eye(4);
    EXPECT_LT(ntXent(z, z, 0.05).item<double>(), 1e-6);
    // Identical embeddings everywhere: the positive is one of 2B-1 equal logits.
    auto same = torch::ones({4, 8});
    EXPECT_NEAR(ntXent(same, same, 0.5).item<double>(), std::log(7.0), 1e-5);

    torch::manual_seed(4);
    Embedder emb(tinyPreset().embedder);
    // Noise images: alike to a fresh ViT (mean-pooled), so the views must be learnt apart.
    auto images = randomImages(8, 16, 5);
    auto aug = augmentImages(images);
    EXPECT_EQ(aug.sizes(), images.sizes());
    EXPECT_LE(aug.abs().max().item<float>(), 1.0f);
    EXPECT_FALSE(torch::allclose(aug, images, 1e-3, 1e-3));

    torch::optim::Adam opt(emb->parameters(), torch::optim::AdamOptions(3e-3));
    double first = 0, last = 0;
    for (int step = 0; step < 40; ++step) {
        opt.zero_grad();
        auto loss = embedderLoss(emb, images);
        loss.backward();
        opt.step();
        if (step < 5) first += loss.item<double>() / 5;
        if (step >= 35) last += loss.item<double>() / 5;
    }
    EXPECT_LT(last, 0.7 * first) << first << " -> " << last;

    EmbedderJudge judge(emb);
    EXPECT_EQ(judge.name(), "embedder");
    auto s = judge.similarity(images, images);
    EXPECT_TRUE(torch::allclose(s, torch::ones({8}), 1e-4, 1e-4));
    auto cross = judge.similarity(images, images.roll(1, 0));
    EXPECT_TRUE((cross < s - 0.05).all().item<bool>()) << cross;
    EXPECT_GE(cross.min().item<double>(), judge.range().low - 1e-5);

    // Mild: the content survives. Measured on images with structure at the scale of shapes
    // (4 x 4 random blocks blown up to 16 px), not on the pixel noise above, which any
    // sub-pixel shift already decorrelates (two independent pixels differ by 2/3 on average).
    torch::manual_seed(8);
    namespace F = torch::nn::functional;
    auto blocks = F::interpolate(randomImages(8, 4, 9),
                                 F::InterpolateFuncOptions().size(std::vector<int64_t>{16, 16}).mode(torch::kNearest));
    const double own = (augmentImages(blocks) - blocks).abs().mean().item<double>();
    const double other = (blocks.roll(1, 0) - blocks).abs().mean().item<double>();
    EXPECT_LT(own, 0.35 * other) << own << " vs " << other;
}

TEST(ClipJudge, ContrastiveTrainingMatchesImagesToCaptions) {
    torch::set_num_threads(1);
    torch::manual_seed(6);
    ClipModel clip(tinyPreset().clip);
    auto images = solidImages({0, 1, 2, 3}, 16);
    auto captions = captionsOf({{5, 6, 7}, {8, 9}, {10, 11, 12, 13}, {14}}, 8);
    const double initial = clip->loss(images, captions).item<double>();
    torch::optim::Adam opt(clip->parameters(), torch::optim::AdamOptions(3e-3));
    for (int step = 0; step < 60; ++step) {
        opt.zero_grad();
        auto loss = clip->loss(images, captions);
        loss.backward();
        opt.step();
    }
    EXPECT_LT(clip->loss(images, captions).item<double>(), std::min(0.3, 0.5 * initial));
    // Retrieval: each image scores its own caption above every other caption.
    torch::NoGradGuard noGrad;
    auto sim = torch::mm(clip->imageEmbedding(images), clip->textEmbedding(captions).t());  // (4,4)
    EXPECT_TRUE(torch::equal(sim.argmax(1), torch::arange(4)));
    auto own = clip->imageTextScore(images, captions);
    EXPECT_TRUE(torch::allclose(own, sim.diagonal(), 1e-5, 1e-6));
    EXPECT_TRUE((own.abs() <= 1.0 + 1e-5).all().item<bool>());
    // Pads after EOS change nothing (masked).
    auto padded = torch::cat({captions, torch::zeros({4, 4}, torch::kLong)}, 1);
    EXPECT_TRUE(torch::allclose(clip->textEmbedding(padded), clip->textEmbedding(captions), 1e-5, 1e-6));

    ClipJudge judge(clip);
    EXPECT_TRUE(torch::allclose(judge.similarity(images, images), torch::ones({4}), 1e-4, 1e-4));
    auto cross = judge.similarity(images, images.roll(1, 0));
    EXPECT_TRUE((cross < 0.99).all().item<bool>()) << cross;
}
