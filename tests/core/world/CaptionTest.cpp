// Captions at graded detail: golden examples, closed vocabulary, the mixture sampler.
#include <gtest/gtest.h>

#include <set>

#include "core/common/error.h"
#include "core/world/caption.h"
#include "core/world/parser.h"
#include "core/world/sampler.h"

using namespace uae::world;

namespace {

Object make(Shape shape, Colour colour, Size size, float x, float y) {
    Object o;
    o.shape = shape;
    o.colour = colour;
    o.size = size;
    o.x = x;
    o.y = y;
    return o;
}

Scene threeObjects() {
    Scene s;
    s.background = Colour::Black;
    // Listed out of caption order on purpose: captions sort by region.
    s.objects = {make(Shape::Square, Colour::Blue, Size::Medium, 0.8f, 0.8f),
                 make(Shape::Circle, Colour::Red, Size::Large, 0.2f, 0.15f),
                 make(Shape::Circle, Colour::Red, Size::Small, 0.5f, 0.5f)};
    return s;
}

}  // namespace

TEST(Caption, GoldenCaptionsAtEveryLevel) {
    const Scene s = threeObjects();
    EXPECT_EQ(caption(s, Detail::Minimal), "a red circle");
    EXPECT_EQ(caption(s, Detail::Short), "two red circles and a blue square");
    EXPECT_EQ(caption(s, Detail::Medium),
              "a large red circle at the top left, a small red circle in the centre and a medium blue square at the "
              "bottom right");
    EXPECT_EQ(caption(s, Detail::Full),
              "a black background with three objects: a large red circle at the top left, a small red circle in the "
              "centre and a medium blue square at the bottom right. there are two circles. the large red circle is "
              "above the small red circle. the small red circle is left of the square.");
}

TEST(Caption, ArticlesAndSingleObjects) {
    Scene s;
    s.background = Colour::White;
    s.objects = {make(Shape::Square, Colour::Orange, Size::Medium, 0.5f, 0.5f)};
    EXPECT_EQ(caption(s, Detail::Minimal), "an orange square");
    EXPECT_EQ(caption(s, Detail::Short), "an orange square");
    EXPECT_EQ(caption(s, Detail::Medium), "a medium orange square in the centre");
    EXPECT_EQ(caption(s, Detail::Full), "a white background with one object: a medium orange square in the centre.");
    s.objects.clear();
    EXPECT_EQ(caption(s, Detail::Full), "a white background");
    EXPECT_EQ(mainObject(s), -1);
}

TEST(Caption, MainObjectIsTheLargestThenTheFirst) {
    Scene s = threeObjects();
    EXPECT_EQ(mainObject(s), 1);
    s.objects[1].size = Size::Medium;  // ties with the square; the circle comes first in caption order
    EXPECT_EQ(mainObject(s), 1);
    s.objects[0].size = Size::Large;
    EXPECT_EQ(mainObject(s), 0);
}

TEST(Caption, EveryWordIsInTheWorldVocabulary) {
    const auto& vocab = worldVocabulary();
    const std::set<std::string> words(vocab.begin(), vocab.end());
    EXPECT_EQ(words.size(), vocab.size()) << "duplicates in the vocabulary";
    SceneSampler sampler(5, SamplerConfig{1, 9, 0.0f});
    for (const Scene& s : sampler.sampleRange(Split::Train, 0, 1500))
        for (int d = 0; d < kDetailCount; ++d)
            for (const std::string& w : splitWords(caption(s, static_cast<Detail>(d))))
                ASSERT_TRUE(words.count(w)) << "'" << w << "' in: " << caption(s, static_cast<Detail>(d));
}

TEST(Caption, FullCaptionsCarryRelationsAndCounts) {
    SceneSampler sampler;
    for (const Scene& s : sampler.sampleRange(Split::Train, 0, 500)) {
        const std::string full = caption(s, Detail::Full);
        const bool hasRelation = full.find(" is left of ") != std::string::npos ||
                                 full.find(" is right of ") != std::string::npos ||
                                 full.find(" is above ") != std::string::npos || full.find(" is below ") != std::string::npos;
        EXPECT_EQ(hasRelation, s.objects.size() >= 2) << full;
        std::array<int, kShapeCount> shapes{};
        for (const Object& o : s.objects) ++shapes[static_cast<int>(o.shape)];
        for (int k = 0; k < kShapeCount; ++k)
            if (shapes[k] >= 2)
                EXPECT_NE(full.find("there are " + numberWord(shapes[k]) + " " + shapePlural(static_cast<Shape>(k))),
                          std::string::npos)
                    << full;
        // Detail grows with the level.
        EXPECT_LE(caption(s, Detail::Minimal).size(), caption(s, Detail::Short).size());
        EXPECT_LT(caption(s, Detail::Short).size(), caption(s, Detail::Medium).size());
        EXPECT_LT(caption(s, Detail::Medium).size(), full.size());
    }
}

TEST(Caption, MixtureSamplesItsShares) {
    const DetailMixture m = DetailMixture::sft();
    EXPECT_EQ(m.pick(0.0), Detail::Minimal);
    EXPECT_EQ(m.pick(0.349), Detail::Minimal);
    EXPECT_EQ(m.pick(0.351), Detail::Short);
    EXPECT_EQ(m.pick(0.71), Detail::Full);
    EXPECT_EQ(m.pick(0.999999), Detail::Full);
    Rng rng(99);
    std::array<int, kDetailCount> counts{};
    const int n = 20000;
    for (int i = 0; i < n; ++i) ++counts[static_cast<int>(m.sample(rng))];
    EXPECT_NEAR(counts[0] / double(n), 0.35, 0.015);
    EXPECT_NEAR(counts[1] / double(n), 0.35, 0.015);
    EXPECT_EQ(counts[2], 0);
    EXPECT_NEAR(counts[3] / double(n), 0.30, 0.015);
    EXPECT_EQ(DetailMixture::only(Detail::Medium).pick(0.9), Detail::Medium);

    DetailMixture bad;
    bad.weights = {0, 0, 0, 0};
    EXPECT_THROW(bad.validate(), uae::Error);
    bad.weights = {1, -1, 0, 0};
    EXPECT_THROW(bad.validate(), uae::Error);
    EXPECT_NO_THROW(m.validate());
}

TEST(Caption, DetailNames) {
    for (int d = 0; d < kDetailCount; ++d) EXPECT_EQ(detailFromName(detailName(static_cast<Detail>(d))), static_cast<Detail>(d));
    EXPECT_FALSE(detailFromName("verbose").has_value());
    EXPECT_EQ(numberWord(3), "three");
    EXPECT_EQ(numberWord(12), "12");
}
