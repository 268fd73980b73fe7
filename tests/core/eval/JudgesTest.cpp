// The detector judge and the foreground-balanced reward judge (DESIGN.md section 6).
#include <gtest/gtest.h>

#include <torch/torch.h>

#include <vector>

#include "core/eval/detectorjudge.h"
#include "core/eval/foregroundjudge.h"
#include "core/common/error.h"
#include "core/world/detector.h"
#include "core/world/render_tensor.h"
#include "core/world/sampler.h"

using namespace uae::eval;
using namespace uae::world;

namespace {

constexpr int kSize = 32;

Scene oneObject(Shape shape, Colour colour, Colour background, float x, float y) {
    Scene s;
    s.background = background;
    Object o;
    o.shape = shape;
    o.colour = colour;
    o.size = Size::Medium;
    o.x = x;
    o.y = y;
    s.objects.push_back(o);
    return s;
}

}  // namespace

TEST(DetectorJudge, IsOneForIdenticalRendersAndLowerForOtherScenes) {
    if (!detectorAvailable()) {
        EXPECT_THROW(DetectorJudge(), uae::Error);
        GTEST_SKIP() << "the detector judge needs OpenCV, which this build lacks";
    }
    DetectorJudge judge;
    EXPECT_EQ(judge.name(), "detector");
    EXPECT_FALSE(judge.differentiable());
    EXPECT_EQ(judge.range().low, 0.0);
    EXPECT_EQ(judge.range().high, 1.0);

    const SceneSampler sampler;
    const auto a = renderBatch(sampler.sampleRange(Split::Test, 0, 8), kSize);
    const auto b = renderBatch(sampler.sampleRange(Split::Test, 8, 8), kSize);
    auto same = judge.similarity(a, a);  // (8)
    ASSERT_EQ(same.sizes(), (std::vector<int64_t>{8}));
    EXPECT_TRUE(torch::equal(same, torch::ones({8})));
    auto other = judge.similarity(b, a);
    EXPECT_LT(other.mean().item<double>(), 0.6);
    EXPECT_GE(other.min().item<double>(), 0.0);

    // One attribute wrong costs a little, not everything.
    const Scene truth = oneObject(Shape::Square, Colour::Blue, Colour::Black, 0.5f, 0.5f);
    Scene recoloured = truth;
    recoloured.objects[0].colour = Colour::Red;
    const auto part = judge.similarity(renderBatch({recoloured}, kSize), renderBatch({truth}, kSize)).item<double>();
    EXPECT_GT(part, 0.4);
    EXPECT_LT(part, 1.0);
    EXPECT_THROW(judge.similarity(a, b.narrow(0, 0, 4)), uae::Error);

    // Every other scene scores below 1, and a blank image of the original's background keeps
    // at most the background fact.
    auto shifted = judge.similarity(a.roll(1, 0), a);
    EXPECT_TRUE((shifted < 1.0).all().item<bool>()) << shifted;
    auto blank = a.narrow(3, 0, 1).narrow(2, 0, 1).expand_as(a).contiguous();  // each image's corner colour
    auto empty = judge.similarity(blank, a);
    EXPECT_TRUE((empty < 0.5).all().item<bool>()) << empty;
}

TEST(DetectorJudge, SceneFactF1IsOneOnlyForTheSameScene) {
    const SceneSampler sampler;
    const Scene s = sampler.sample(Split::Test, 3), t = sampler.sample(Split::Test, 4);
    EXPECT_DOUBLE_EQ(sceneFactF1(s, s), 1.0);
    EXPECT_LT(sceneFactF1(t, s), 1.0);
}

TEST(ForegroundJudge, IsZeroForIdenticalImagesAndNegativeOtherwise) {
    ForegroundJudge judge;
    EXPECT_EQ(judge.name(), "foreground");
    EXPECT_EQ(judge.range().high, 0.0);
    EXPECT_EQ(judge.range().low, -8.0);
    const SceneSampler sampler;
    const auto a = renderBatch(sampler.sampleRange(Split::Test, 0, 6), kSize);
    const auto b = renderBatch(sampler.sampleRange(Split::Test, 6, 6), kSize);
    EXPECT_TRUE(torch::equal(judge.similarity(a, a), torch::zeros({6})));
    auto other = judge.similarity(b, a);
    EXPECT_LT(other.max().item<double>(), 0.0);
    // Opposite extremes stay inside the documented range.
    auto white = torch::ones({2, 3, kSize, kSize}), black = -torch::ones({2, 3, kSize, kSize});
    black.slice(2, 10, 20).slice(3, 10, 20).fill_(1.0);  // a white block on black
    auto worst = judge.similarity(white, black);
    EXPECT_GE(worst.min().item<double>(), -8.0);
    EXPECT_LE(worst.max().item<double>(), 0.0);
}

TEST(ForegroundJudge, BorderColourIsTheBackground) {
    for (Colour bg : kBackgroundColours) {
        const Scene s = oneObject(Shape::Star, Colour::Green, bg, 0.5f, 0.5f);
        const auto image = renderBatch({s}, kSize);
        const auto colour = borderColour(image).flatten();  // (3)
        const Rgb rgb = colourRgb(bg);
        EXPECT_NEAR(colour[0].item<double>(), rgb.r / 127.5 - 1.0, 1e-2);
        EXPECT_NEAR(colour[1].item<double>(), rgb.g / 127.5 - 1.0, 1e-2);
        EXPECT_NEAR(colour[2].item<double>(), rgb.b / 127.5 - 1.0, 1e-2);
    }
}

// The hacking case of DESIGN.md section 6: a near-blank reconstruction must not beat an
// object drawn slightly off its place.
TEST(ForegroundJudge, PrefersASlightlyMisplacedObjectToABlankImage) {
    ForegroundJudge judge;
    for (Colour bg : kBackgroundColours) {
        for (Shape shape : {Shape::Circle, Shape::Square, Shape::Triangle, Shape::Star}) {
            const Scene truth = oneObject(shape, Colour::Red, bg, 0.5f, 0.5f);
            Scene blank = truth;
            blank.objects.clear();
            const Scene misplaced = oneObject(shape, Colour::Red, bg, 0.5f + 0.04f, 0.5f - 0.02f);
            const auto original = renderBatch({truth, truth}, kSize);
            const auto rewards = judge.similarity(renderBatch({blank, misplaced}, kSize), original);
            const double blankReward = rewards[0].item<double>(), misplacedReward = rewards[1].item<double>();
            EXPECT_LT(blankReward, misplacedReward) << shapeName(shape) << " on " << colourName(bg);
            EXPECT_LT(misplacedReward, 0.0);
        }
    }
    // With several objects: a blank image is worse than every object shifted a little.
    const SceneSampler sampler(kDefaultWorldSeed, SamplerConfig{3, 4});
    for (int64_t i = 0; i < 6; ++i) {
        const Scene truth = sampler.sample(Split::Test, i);
        Scene blank = truth, shifted = truth;
        blank.objects.clear();
        for (Object& o : shifted.objects) o.x += 0.02f;
        const auto rewards = judge.similarity(renderBatch({blank, shifted}, kSize), renderBatch({truth, truth}, kSize));
        EXPECT_LT(rewards[0].item<double>(), rewards[1].item<double>()) << "scene " << i;
    }
}

TEST(ForegroundJudge, CarriesGradientsToTheReconstruction) {
    ForegroundJudge judge;
    EXPECT_TRUE(judge.differentiable());
    const SceneSampler sampler;
    const auto original = renderBatch(sampler.sampleRange(Split::Test, 0, 2), kSize);
    auto recon = (original * 0.8).detach().requires_grad_(true);
    judge.similarity(recon, original).sum().backward();
    ASSERT_TRUE(recon.grad().defined());
    EXPECT_GT(recon.grad().abs().sum().item<double>(), 0.0);
}
