// The scene detector on clean renders of held-out scenes (fixed seeds).
#include <gtest/gtest.h>

#include <cstdio>

#include "core/common/error.h"
#include "core/world/detector.h"
#include "core/world/render.h"
#include "core/world/sampler.h"

using namespace uae::world;

namespace {

DetectionScore detectMany(const SceneSampler& sampler, int count, int size, const DetectorConfig& config = {}) {
    DetectionScore total;
    for (int64_t i = 0; i < count; ++i) {
        const Scene s = sampler.sample(Split::Test, i);
        total += compareDetection(s, detectScene(renderImage(s, size), config));
    }
    std::printf("[ detector ] %d scenes at %d px: objects %.4f (shape %.4f colour %.4f size %.4f position %.4f), "
                "background %.4f, missed %d, spurious %d, exact scenes %.4f\n",
                count, size, total.objectAccuracy(), total.attributeAccuracy(0), total.attributeAccuracy(1),
                total.attributeAccuracy(2), total.attributeAccuracy(3), total.backgroundAccuracy(), total.missed,
                total.spurious, static_cast<double>(total.scenesExact) / total.scenes);
    return total;
}

}  // namespace

TEST(Detector, ReadsHeldOutScenesAt64px) {
    if (!detectorAvailable()) GTEST_SKIP() << "the scene detector needs OpenCV, which this build lacks";
    const DetectionScore s = detectMany(SceneSampler(), 2000, 64);
    EXPECT_GE(s.objectAccuracy(), 0.99);
    EXPECT_EQ(s.backgroundCorrect, s.scenes);
}

TEST(Detector, ReadsHeldOutScenesAt32px) {
    if (!detectorAvailable()) GTEST_SKIP() << "the scene detector needs OpenCV, which this build lacks";
    const DetectionScore s = detectMany(SceneSampler(), 2000, 32);
    EXPECT_GE(s.objectAccuracy(), 0.95);
    EXPECT_EQ(s.backgroundCorrect, s.scenes);
}

TEST(Detector, ReadsRotatedObjectsWithinItsSearchRange) {
    if (!detectorAvailable()) GTEST_SKIP() << "the scene detector needs OpenCV, which this build lacks";
    DetectorConfig config;
    config.rotationSearchDeg = 15.0f;
    const DetectionScore s = detectMany(SceneSampler(kDefaultWorldSeed, SamplerConfig{1, 4, 15.0f}), 300, 64, config);
    EXPECT_GE(s.objectAccuracy(), 0.95);
}

TEST(Detector, EmptyImagesAndScoring) {
    if (!detectorAvailable()) GTEST_SKIP() << "the scene detector needs OpenCV, which this build lacks";
    Scene empty;
    empty.background = Colour::White;
    const Detection d = detectScene(renderImage(empty, 32));
    EXPECT_TRUE(d.objects.empty());
    EXPECT_EQ(d.background, Colour::White);
    EXPECT_THROW(detectScene(Image(2, 2)), uae::Error);

    // One true object found, one missed, one spurious detection.
    Scene truth;
    Object a, b;
    a.x = 0.2f, a.y = 0.2f;
    b.x = 0.8f, b.y = 0.8f;
    truth.objects = {a, b};
    Detection det;
    DetectedObject found, ghost;
    found.shape = a.shape, found.colour = a.colour, found.size = a.size, found.x = 0.21f, found.y = 0.19f;
    ghost.x = 0.8f, ghost.y = 0.1f;
    det.objects = {found, ghost};
    const DetectionScore s = compareDetection(truth, det);
    EXPECT_EQ(s.matched, 1);
    EXPECT_EQ(s.missed, 1);
    EXPECT_EQ(s.spurious, 1);
    EXPECT_EQ(s.objectsCorrect, 1);
    EXPECT_DOUBLE_EQ(s.objectAccuracy(), 1.0 / 3.0);
    EXPECT_EQ(s.scenesExact, 0);
    EXPECT_EQ(det.toScene().objects.size(), 2u);
}

TEST(Detector, DetectedScenesScoreLikeCaptions) {
    if (!detectorAvailable()) GTEST_SKIP() << "the scene detector needs OpenCV, which this build lacks";
    SceneSampler sampler;
    const Scene s = sampler.sample(Split::Test, 3);
    const Scene seen = detectScene(renderImage(s, 64)).toScene();
    ASSERT_EQ(seen.objects.size(), s.objects.size());
    for (const Object& o : seen.objects) {
        EXPECT_TRUE(std::any_of(s.objects.begin(), s.objects.end(), [&](const Object& t) {
            return t.shape == o.shape && t.colour == o.colour && t.size == o.size && t.region() == o.region();
        }));
    }
}
