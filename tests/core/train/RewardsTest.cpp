// Rewards of G4U and U4G: the caption-alignment reward reads the facts a caption states in
// the image generated from it (GenEval's rule over every fact of the world).
#include <gtest/gtest.h>

#include <limits>

#include "core/common/error.h"
#include "core/models/judgenames.h"
#include "core/train/rewards.h"
#include "core/world/detector.h"
#include "core/world/render_tensor.h"

using namespace uae;

namespace {

world::Scene oneObject(world::Shape shape, world::Colour colour, world::Colour background) {
    world::Scene s;
    s.background = background;
    world::Object o;
    o.shape = shape;
    o.colour = colour;
    o.size = world::Size::Large;
    o.x = 0.5f;
    o.y = 0.5f;
    s.objects.push_back(o);
    return s;
}

}  // namespace

TEST(Rewards, AlignmentIsTheShareOfTheCaptionsFactsInTheImage) {
    if (!world::detectorAvailable()) GTEST_SKIP() << "no scene detector in this build (no OpenCV)";
    auto red = world::renderBatch({oneObject(world::Shape::Circle, world::Colour::Red, world::Colour::White)}, 32);
    auto blank = world::renderBatch({world::Scene{world::Colour::White, {}}}, 32);
    auto images = torch::cat({red, red, red, blank, red}, 0);
    const std::vector<std::string> captions = {
        "a red circle",                                    // both facts hold
        "a blue star",                                     // neither
        "a white background with one object: a red star",  // background, count, colour hold; shape does not
        "a red circle",                                    // nothing drawn
        "a black background",                              // wrong background
    };
    auto r = train::captionAlignment(images, captions);
    ASSERT_EQ(r.sizes(), torch::IntArrayRef({5}));
    EXPECT_FLOAT_EQ(r[0].item<float>(), 1.0f);
    EXPECT_FLOAT_EQ(r[1].item<float>(), 0.0f);
    EXPECT_GT(r[2].item<float>(), 0.5f);
    EXPECT_LT(r[2].item<float>(), 1.0f);
    EXPECT_FLOAT_EQ(r[3].item<float>(), 0.0f);
    EXPECT_FLOAT_EQ(r[4].item<float>(), 0.0f);
}

TEST(Rewards, AlignmentNeedsTheCaptions) {
    auto images = torch::zeros({2, 3, 32, 32});
    try {
        train::captionAlignment(images, {"a red circle"});
        FAIL() << "two images and one caption were accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("alignment"), std::string::npos) << e.what();
    }
}

// The one list of judge names (models::kJudgeNames) is what makeJudge builds: every name
// gives a judge of that name, embedding judges are the differentiable embedders, and an
// unknown name is refused with the whole list.
TEST(Rewards, EveryListedJudgeIsBuiltUnderItsName) {
    auto bundle = train::ModelBundle::create(models::presetByName("tiny"), world::Tokenizer::forWorld(), torch::kCPU,
                                             /*seed=*/1);
    for (const models::JudgeName& j : models::kJudgeNames) {
        const std::string name(j.name);
        if (name == "detector" && !world::detectorAvailable()) continue;
        auto judge = train::makeJudge(bundle, name);
        ASSERT_TRUE(judge) << name;
        EXPECT_EQ(judge->name(), name);
        if (j.embedding) EXPECT_TRUE(judge->differentiable()) << name;
    }
    try {
        train::makeJudge(bundle, "dino");
        FAIL() << "an unknown judge was built";
    } catch (const Error& e) {
        for (const auto& name : models::judgeNames()) EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
}

// A judge whose score is NaN for some image is refused by name before the score reaches the
// advantages (where one NaN would poison its whole group); the runner adds stage and step.
TEST(Rewards, ANaNScoreIsRefusedNamingTheJudge) {
    auto bundle = train::ModelBundle::create(models::presetByName("tiny"), world::Tokenizer::forWorld(), torch::kCPU,
                                             /*seed=*/1);
    train::RewardModel reward(bundle, "ssim,foreground");
    const int64_t side = bundle.imageSize();
    auto originals = torch::rand({4, 3, side, side}) * 2 - 1;
    auto images = originals.clone();
    EXPECT_NO_THROW(reward(images, originals));
    images[2].fill_(std::numeric_limits<float>::quiet_NaN());
    try {
        reward(images, originals);
        FAIL() << "a NaN reward went through";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Numerical);
        EXPECT_NE(std::string(e.what()).find("reward 'ssim' is NaN for 1 of 4 images"), std::string::npos) << e.what();
    }
}
