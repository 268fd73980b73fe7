#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/models/detectorjudge.h"
#include "core/world/render_tensor.h"
#include "core/world/sampler.h"

using namespace uae::models;
namespace world = uae::world;

TEST(DetectorJudge, SameSceneScoresOneAndOtherScenesLess) {
    if (!world::detectorAvailable()) GTEST_SKIP() << "this build has no OpenCV: the scene detector is missing";
    torch::set_num_threads(1);
    world::SceneSampler sampler(world::kDefaultWorldSeed);
    auto scenes = sampler.sampleRange(world::Split::Test, 0, 6);
    auto images = world::renderBatch(scenes, 32);
    DetectorJudge judge;
    EXPECT_EQ(judge.name(), "detector");
    EXPECT_FALSE(judge.differentiable());

    auto same = judge.similarity(images, images);
    EXPECT_TRUE(torch::allclose(same, torch::ones({6}))) << same;
    auto other = judge.similarity(images.roll(1, 0), images);
    EXPECT_TRUE((other < 1.0).all().item<bool>()) << other;
    EXPECT_TRUE((other >= 0.0).all().item<bool>());
    // A blank image of the right background keeps at most the background fact.
    auto blank = images.narrow(3, 0, 1).narrow(2, 0, 1).expand_as(images).contiguous();
    auto empty = judge.similarity(blank, images);
    EXPECT_TRUE((empty < 0.5).all().item<bool>()) << empty;
    // Per-kind breakdown of one pair agrees with the score.
    auto score = judge.compare(images[0], images[0]);
    EXPECT_DOUBLE_EQ(score.f1(), 1.0);
    EXPECT_THROW(judge.similarity(images, images.narrow(0, 0, 2)), uae::Error);
}
