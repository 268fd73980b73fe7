// The caption parser: exact on the grammar, tolerant of everything else.
#include <gtest/gtest.h>

#include "core/world/caption.h"
#include "core/world/facts.h"
#include "core/world/parser.h"
#include "core/world/rng.h"
#include "core/world/sampler.h"

using namespace uae::world;

TEST(Parser, FullCaptionGivesBackExactlyTheScenesFacts) {
    // 10,000 random scenes, 1 to 9 objects: scene -> full caption -> facts == factsOf(scene).
    SceneSampler sampler(2024, SamplerConfig{1, 9, 0.0f});
    int facts = 0;
    for (int64_t i = 0; i < 10000; ++i) {
        const Scene s = sampler.sample(Split::Train, i);
        const std::string text = caption(s, Detail::Full);
        const ParsedCaption p = parseCaption(text);
        ASSERT_EQ(p.facts, factsOf(s)) << text;
        ASSERT_EQ(p.unknownWords, 0) << text;
        facts += p.facts.total();
    }
    EXPECT_GT(facts, 10000 * 8);
}

TEST(Parser, LowerLevelsGiveTheirSubsetOfFacts) {
    SceneSampler sampler;
    for (const Scene& s : sampler.sampleRange(Split::Validation, 0, 1000)) {
        const SceneFacts truth = factsOf(s);
        const SceneFacts medium = parseCaption(caption(s, Detail::Medium)).facts;
        EXPECT_EQ(medium.objects, truth.objects);
        EXPECT_TRUE(medium.counts.empty());
        EXPECT_TRUE(medium.relations.empty());
        EXPECT_FALSE(medium.background.has_value());

        const SceneFacts shortFacts = parseCaption(caption(s, Detail::Short)).facts;
        ASSERT_EQ(shortFacts.objects.size(), s.objects.size());
        for (const Description& d : shortFacts.objects) {
            EXPECT_TRUE(d.shape && d.colour && !d.size && !d.region);
        }
        const SceneFacts minimal = parseCaption(caption(s, Detail::Minimal)).facts;
        ASSERT_EQ(minimal.objects.size(), 1u);
        const Object& main = s.objects[mainObject(s)];
        EXPECT_EQ(minimal.objects[0].shape, main.shape);
        EXPECT_EQ(minimal.objects[0].colour, main.colour);
    }
}

TEST(Parser, ShortCaptionCountsAreCountFacts) {
    const ParsedCaption p = parseCaption("two red circles and a blue square");
    ASSERT_EQ(p.facts.objects.size(), 3u);
    ASSERT_EQ(p.facts.counts.size(), 1u);
    EXPECT_EQ(p.facts.counts[0].n, 2);
    EXPECT_EQ(p.facts.counts[0].what.shape, Shape::Circle);
    EXPECT_EQ(p.facts.counts[0].what.colour, Colour::Red);
    EXPECT_EQ(p.words, 7);
}

TEST(Parser, UnknownWordsAreSkippedAndCounted) {
    const ParsedCaption p = parseCaption("A big shiny RED circle, sitting at the top-left corner!");
    EXPECT_EQ(p.unknownWords, 4);  // big, shiny, sitting, corner
    EXPECT_EQ(p.unknown, (std::vector<std::string>{"big", "shiny", "sitting", "corner"}));
    ASSERT_EQ(p.facts.objects.size(), 1u);
    const Description& d = p.facts.objects[0];
    EXPECT_EQ(d.shape, Shape::Circle);
    EXPECT_EQ(d.colour, Colour::Red);
    EXPECT_EQ(d.region, Region::TopLeft);
    EXPECT_FALSE(d.size.has_value());
}

TEST(Parser, SynonymsRelationsCountsAndBackgrounds) {
    const ParsedCaption p = parseCaption(
        "on a gray background, at the center a small green star. there are 3 objects. "
        "the green star is right of the cross on the left. the star is below a pink diamond");
    EXPECT_EQ(p.facts.background, Colour::Grey);
    ASSERT_EQ(p.facts.objects.size(), 1u);
    EXPECT_EQ(p.facts.objects[0].region, Region::Centre);
    EXPECT_EQ(p.facts.objects[0].size, Size::Small);
    ASSERT_EQ(p.facts.counts.size(), 1u);
    EXPECT_EQ(p.facts.counts[0].n, 3);
    EXPECT_TRUE(p.facts.counts[0].what.empty());
    ASSERT_EQ(p.facts.relations.size(), 2u);
    EXPECT_EQ(p.facts.relations[0].relation, Relation::RightOf);
    EXPECT_EQ(p.facts.relations[0].subject.colour, Colour::Green);
    EXPECT_EQ(p.facts.relations[0].object.shape, Shape::Cross);
    EXPECT_EQ(p.facts.relations[0].object.region, Region::Left);
    EXPECT_EQ(p.facts.relations[1].relation, Relation::Below);
    EXPECT_EQ(p.facts.relations[1].object.colour, Colour::Pink);
    EXPECT_EQ(p.unknownWords, 0);
}

TEST(Parser, EmptyAndGarbageTextNeverFail) {
    EXPECT_EQ(parseCaption("").facts.total(), 0);
    EXPECT_EQ(parseCaption("...,,,").words, 0);
    const ParsedCaption p = parseCaption("triangle triangle triangle");
    EXPECT_EQ(p.facts.objects.size(), 3u);
    // Random bytes, including NULs and UTF-8 fragments.
    Rng rng(1);
    for (int i = 0; i < 2000; ++i) {
        std::string s(static_cast<size_t>(rng.below(200)), '\0');
        for (char& c : s) c = static_cast<char>(rng.below(256));
        const ParsedCaption q = parseCaption(s);
        EXPECT_GE(q.words, q.unknownWords);
    }
    // Words from the vocabulary in random order.
    const auto& vocab = worldVocabulary();
    for (int i = 0; i < 2000; ++i) {
        std::string s;
        for (int k = rng.below(40); k > 0; --k) s += vocab[rng.below(static_cast<int>(vocab.size()))] + " ";
        const ParsedCaption q = parseCaption(s);
        EXPECT_EQ(q.unknownWords, 0) << s;
        EXPECT_LE(q.facts.objects.size(), 40u * 9u);
    }
}

TEST(Parser, SplitsLikeTheTokenizer) {
    EXPECT_EQ(splitWords("A red-circle, at\tthe TOP.  "),
              (std::vector<std::string>{"a", "red", "-", "circle", ",", "at", "the", "top", "."}));
    EXPECT_EQ(splitWords("caf\xc3\xa9 ok"), (std::vector<std::string>{"caf\xc3\xa9", "ok"}));
}

TEST(Parser, FactsJsonNamesEveryKind) {
    Scene s;
    s.background = Colour::Grey;
    Object a, b;
    a.shape = Shape::Star, a.colour = Colour::Cyan, a.x = 0.2f, a.y = 0.2f;
    b.shape = Shape::Star, b.colour = Colour::Cyan, b.x = 0.8f, b.y = 0.8f, b.size = Size::Large;
    s.objects = {a, b};
    const std::string json = factsToJson(factsOf(s));
    for (const char* key : {"\"objects\"", "\"counts\"", "\"relations\"", "\"background\": \"grey\"", "\"relation\": \"left of\"",
                            "\"position\": \"top left\"", "\"fact_counts\""})
        EXPECT_NE(json.find(key), std::string::npos) << key << " in " << json;
}
