// Fact precision / recall of captions against scenes.
#include <gtest/gtest.h>

#include "core/world/caption.h"
#include "core/world/sampler.h"
#include "core/world/score.h"

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

// A large red circle at the top left, a small blue square at the bottom right.
Scene twoObjects() {
    Scene s;
    s.background = Colour::Grey;
    s.objects = {make(Shape::Circle, Colour::Red, Size::Large, 0.2f, 0.2f),
                 make(Shape::Square, Colour::Blue, Size::Small, 0.8f, 0.8f)};
    return s;
}

}  // namespace

TEST(Score, FullCaptionsArePerfect) {
    SceneSampler sampler;
    CaptionScore total;
    for (const Scene& s : sampler.sampleRange(Split::Test, 0, 300)) {
        const CaptionScore c = scoreCaption(caption(s, Detail::Full), s);
        for (int k = 0; k < kFactKindCount; ++k) {
            const KindScore& ks = c.kinds[k];
            EXPECT_EQ(ks.correct, ks.stated) << factKindName(static_cast<FactKind>(k));
            EXPECT_EQ(ks.recalled, ks.truth) << factKindName(static_cast<FactKind>(k));
        }
        EXPECT_EQ(c.objectsMentioned, c.objects);
        total += c;
    }
    EXPECT_DOUBLE_EQ(total.precision(), 1.0);
    EXPECT_DOUBLE_EQ(total.recall(), 1.0);
    EXPECT_DOUBLE_EQ(total.smallObjectRecall(), 1.0);
    EXPECT_EQ(total.captions, 300);
    EXPECT_GT(total.factsPerObject(), 5.0);  // 4 attributes + a share of counts, relations, background
}

TEST(Score, MinimalCaptionIsPreciseButRecallsLittle) {
    const Scene s = twoObjects();
    const CaptionScore c = scoreCaption(caption(s, Detail::Minimal), s);  // "a red circle"
    EXPECT_DOUBLE_EQ(c[FactKind::Shape].precision(), 1.0);
    EXPECT_DOUBLE_EQ(c[FactKind::Shape].recall(), 0.5);
    EXPECT_DOUBLE_EQ(c[FactKind::Colour].recall(), 0.5);
    EXPECT_EQ(c[FactKind::Size].stated, 0);
    EXPECT_DOUBLE_EQ(c[FactKind::Size].recall(), 0.0);
    EXPECT_DOUBLE_EQ(c[FactKind::Background].recall(), 0.0);
    EXPECT_DOUBLE_EQ(c.objectRecall(), 0.5);
    EXPECT_DOUBLE_EQ(c.smallObjectRecall(), 0.0);  // the small square is not mentioned
    EXPECT_DOUBLE_EQ(c.factsPerObject(), 1.0);     // 2 correct facts, 2 objects
    EXPECT_EQ(c.words, 3);
}

TEST(Score, WrongFactsLowerPrecision) {
    const Scene s = twoObjects();
    const CaptionScore c = scoreCaption(
        "a large red circle at the top right and a small green square at the bottom right. there are three objects. "
        "the circle is below the square. on a white background",
        s);
    EXPECT_DOUBLE_EQ(c[FactKind::Shape].precision(), 1.0);
    EXPECT_DOUBLE_EQ(c[FactKind::Colour].precision(), 0.5);     // green is wrong
    EXPECT_DOUBLE_EQ(c[FactKind::Position].precision(), 0.5);   // top right is wrong
    EXPECT_DOUBLE_EQ(c[FactKind::Size].precision(), 1.0);
    EXPECT_DOUBLE_EQ(c[FactKind::Count].precision(), 0.0);      // two, not three
    EXPECT_DOUBLE_EQ(c[FactKind::Relation].precision(), 0.0);   // the circle is above
    EXPECT_DOUBLE_EQ(c[FactKind::Background].precision(), 0.0);
    EXPECT_DOUBLE_EQ(c.objectRecall(), 0.5);
    EXPECT_DOUBLE_EQ(c.smallObjectRecall(), 0.0);
}

TEST(Score, MentionsAreMatchedToTheObjectsTheyFitBest) {
    const Scene s = twoObjects();
    // Order in the caption does not matter; the square's mention goes to the square.
    const CaptionScore c = scoreCaption("a small blue square at the bottom right and a large red circle at the top left", s);
    EXPECT_DOUBLE_EQ(c.precision(), 1.0);
    EXPECT_EQ(matchMentions(parseCaption("a blue square, a red circle").facts.objects, s), (std::vector<int>{1, 0}));
    // More mentions than objects: the extra one is wrong and unmatched.
    const auto facts = parseCaption("a red circle, a blue square, a red circle").facts;
    EXPECT_EQ(matchMentions(facts.objects, s), (std::vector<int>{0, 1, -1}));
    const CaptionScore extra = scoreFacts(facts, s);
    EXPECT_EQ(extra[FactKind::Shape].stated, 3);
    EXPECT_EQ(extra[FactKind::Shape].correct, 2);
}

TEST(Score, RelationRecallCountsDistinctPairs) {
    Scene s = twoObjects();
    s.objects.push_back(make(Shape::Star, Colour::Yellow, Size::Medium, 0.5f, 0.5f));
    // Two true relations on the same pair recall one of the two needed.
    CaptionScore c = scoreCaption("the circle is left of the square. the circle is above the square.", s);
    EXPECT_EQ(c[FactKind::Relation].correct, 2);
    EXPECT_EQ(c[FactKind::Relation].truth, 2);
    EXPECT_EQ(c[FactKind::Relation].recalled, 1);
    c = scoreCaption("the circle is left of the square. the star is below the circle.", s);
    EXPECT_EQ(c[FactKind::Relation].recalled, 2);
}

TEST(Score, UnknownWordsAndSumsAreKept) {
    const Scene s = twoObjects();
    CaptionScore a = scoreCaption("a gorgeous red circle", s);
    EXPECT_EQ(a.unknownWords, 1);
    const CaptionScore b = scoreCaption(caption(s, Detail::Full), s);
    a += b;
    EXPECT_EQ(a.captions, 2);
    EXPECT_EQ(a.objects, 4);
    EXPECT_EQ(a[FactKind::Shape].stated, 3);
    EXPECT_EQ(a.words, 4 + b.words);
    const KindScore none;
    EXPECT_EQ(none.precision(), 0.0);
    EXPECT_EQ(none.f1(), 0.0);
}
