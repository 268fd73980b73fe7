// GenEval-Shapes prompts and rules, validated without any model: every prompt is read by the
// world's parser as what it asks for, and its category rule accepts the scene detector's
// reading of a true render of the prompt's scene and rejects scenes that break the prompt.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/eval/geneval.h"
#include "core/common/error.h"
#include "core/world/detector.h"
#include "core/world/parser.h"
#include "core/world/render.h"
#include "core/world/sampler.h"
#include "core/world/tokenizer.h"

using namespace uae::eval;
using namespace uae::world;

namespace {

int countShape(const std::vector<Description>& objects, Shape s) {
    return static_cast<int>(std::count_if(objects.begin(), objects.end(), [&](const Description& d) { return d.shape == s; }));
}

}  // namespace

TEST(Geneval, PromptsCoverEveryCategoryDeterministically) {
    const std::vector<GenevalPrompt> prompts = genevalPrompts(8);
    ASSERT_EQ(prompts.size(), 48u);
    std::map<GenevalCategory, std::set<std::string>> texts;
    for (const GenevalPrompt& p : prompts) texts[p.category].insert(p.text);
    ASSERT_EQ(texts.size(), static_cast<size_t>(kGenevalCategoryCount));
    for (const auto& [category, set] : texts) EXPECT_EQ(set.size(), 8u) << genevalCategoryName(category) << ": prompts repeat";

    const std::vector<GenevalPrompt> again = genevalPrompts(8);
    for (size_t i = 0; i < prompts.size(); ++i) EXPECT_EQ(prompts[i].text, again[i].text);
    // A longer list starts with the shorter one (a prompt does not depend on how many follow).
    const std::vector<GenevalPrompt> longer = genevalPrompts(12);
    for (size_t i = 0; i < 8; ++i) EXPECT_EQ(longer[i].text, prompts[i].text);

    EXPECT_EQ(prompts[0].text.find("a "), 0u);
    std::set<std::string> names;
    for (int c = 0; c < kGenevalCategoryCount; ++c) names.insert(genevalCategoryName(static_cast<GenevalCategory>(c)));
    EXPECT_EQ(names, (std::set<std::string>{"single_object", "two_objects", "counting", "colours", "position",
                                            "colour_attribution"}));
    EXPECT_THROW(genevalPrompts(0), uae::Error);
}

TEST(Geneval, CategoriesAskForWhatTheyShould) {
    std::set<int> counts, singleShapes, colours;
    std::set<Relation> relations;
    for (const GenevalPrompt& p : genevalPrompts(12, /*maxCount=*/4)) {
        switch (p.category) {
            case GenevalCategory::SingleObject: singleShapes.insert(static_cast<int>(p.objects.at(0).shape)); break;
            case GenevalCategory::Colours: colours.insert(static_cast<int>(p.objects.at(0).colour)); break;
            case GenevalCategory::Counting: counts.insert(p.count); break;
            case GenevalCategory::Position:
                relations.insert(p.relation);
                [[fallthrough]];
            case GenevalCategory::TwoObjects:
                ASSERT_EQ(p.objects.size(), 2u);
                EXPECT_NE(p.objects[0].shape, p.objects[1].shape) << p.text;
                break;
            case GenevalCategory::ColourAttribution:
                ASSERT_EQ(p.objects.size(), 2u);
                EXPECT_NE(p.objects[0].shape, p.objects[1].shape) << p.text;
                EXPECT_NE(p.objects[0].colour, p.objects[1].colour) << p.text;
                break;
        }
    }
    EXPECT_EQ(singleShapes.size(), static_cast<size_t>(kShapeCount));  // every shape
    EXPECT_EQ(colours.size(), static_cast<size_t>(kObjectColourCount));  // every object colour
    EXPECT_EQ(counts, (std::set<int>{2, 3, 4}));                          // GenEval's 2-4
    EXPECT_EQ(relations.size(), static_cast<size_t>(kRelationCount));

    // A world of at most three objects is never asked for four; counting always asks for >= 2.
    for (const GenevalPrompt& p : genevalPrompts(12, 3)) EXPECT_LE(p.count, 3);
    for (const GenevalPrompt& p : genevalPrompts(6, 1)) {
        if (p.category == GenevalCategory::Counting) {
            EXPECT_EQ(p.count, 2);
        }
    }
}

TEST(Geneval, PromptsAreInTheWorldsGrammar) {
    const Tokenizer tokenizer = Tokenizer::forWorld();
    for (const GenevalPrompt& p : genevalPrompts(10)) {
        SCOPED_TRACE(p.text);
        for (int64_t id : tokenizer.encode(p.text)) EXPECT_NE(id, kUnkId);
        const ParsedCaption parsed = parseCaption(p.text);
        EXPECT_EQ(parsed.unknownWords, 0);
        const SceneFacts& f = parsed.facts;
        if (p.category == GenevalCategory::Counting) {
            ASSERT_EQ(static_cast<int>(f.objects.size()), p.count);
            EXPECT_EQ(countShape(f.objects, p.objects[0].shape), p.count);
            ASSERT_EQ(f.counts.size(), 1u);
            EXPECT_EQ(f.counts[0].n, p.count);
            continue;
        }
        ASSERT_EQ(f.objects.size(), p.objects.size());
        for (const PromptObject& o : p.objects) {
            const bool found = std::any_of(f.objects.begin(), f.objects.end(),
                                           [&](const Description& d) { return d.shape == o.shape && d.colour == o.colour; });
            EXPECT_TRUE(found) << shapeName(o.shape);
        }
        if (p.category == GenevalCategory::Position) {
            ASSERT_EQ(f.relations.size(), 1u);
            EXPECT_EQ(f.relations[0].relation, p.relation);
            EXPECT_EQ(f.relations[0].subject.shape, p.objects[0].shape);
            EXPECT_EQ(f.relations[0].object.shape, p.objects[1].shape);
        } else {
            EXPECT_TRUE(f.relations.empty());
        }
    }
}

TEST(Geneval, PromptScenesAreValidWorldScenes) {
    for (const GenevalPrompt& p : genevalPrompts(10)) {
        SCOPED_TRACE(p.text);
        const Scene s = sceneForPrompt(p);
        for (size_t i = 0; i < s.objects.size(); ++i) {
            EXPECT_TRUE(placementValid(s.objects[i]));
            for (size_t j = i + 1; j < s.objects.size(); ++j) EXPECT_TRUE(separated(s.objects[i], s.objects[j]));
        }
        // The rule holds on the exact scene (no detector involved).
        EXPECT_TRUE(genevalCorrect(p, s));
    }
}

// The brief's validation of the rules: a true render of each prompt's scene, read by the
// scene detector, satisfies the prompt's category rule.
TEST(Geneval, RulesAcceptTheDetectorsReadingOfTrueRenders) {
    if (!detectorAvailable()) GTEST_SKIP() << "the scene detector needs OpenCV, which this build lacks";
    for (int size : {32, 64}) {
        for (Colour bg : kBackgroundColours) {
            for (const GenevalPrompt& p : genevalPrompts(10)) {
                const Scene truth = sceneForPrompt(p, bg);
                const Scene read = detectScene(renderImage(truth, size)).toScene();
                EXPECT_TRUE(genevalCorrect(p, read)) << p.text << " at " << size << " px on " << colourName(bg);
            }
        }
    }
}

TEST(Geneval, RulesRejectScenesThatBreakThePrompt) {
    for (const GenevalPrompt& p : genevalPrompts(10)) {
        SCOPED_TRACE(p.text);
        const Scene truth = sceneForPrompt(p);
        EXPECT_FALSE(genevalCorrect(p, Scene{}));  // nothing drawn
        Scene wrong = truth;
        switch (p.category) {
            case GenevalCategory::SingleObject:
            case GenevalCategory::Colours:
                wrong.objects[0].shape = static_cast<Shape>((static_cast<int>(p.objects[0].shape) + 1) % kShapeCount);
                EXPECT_FALSE(genevalCorrect(p, wrong));
                wrong = truth;
                wrong.objects[0].colour = static_cast<Colour>((static_cast<int>(p.objects[0].colour) + 1) % kObjectColourCount);
                // Single object ignores the colour (as GenEval's does); colours does not.
                EXPECT_EQ(genevalCorrect(p, wrong), p.category == GenevalCategory::SingleObject);
                break;
            case GenevalCategory::Counting: {
                wrong.objects.pop_back();
                EXPECT_FALSE(genevalCorrect(p, wrong));  // one too few
                Scene more = truth;
                Object extra = truth.objects[0];
                extra.x = regionCentreX(Region::Bottom);
                extra.y = regionCentreY(Region::Bottom);
                more.objects.push_back(extra);
                EXPECT_FALSE(genevalCorrect(p, more));  // one too many
                Scene otherShape = truth;
                otherShape.objects.push_back(extra);
                otherShape.objects.back().shape = static_cast<Shape>((static_cast<int>(extra.shape) + 1) % kShapeCount);
                EXPECT_TRUE(genevalCorrect(p, otherShape));  // other shapes do not count
                break;
            }
            case GenevalCategory::TwoObjects:
                wrong.objects.pop_back();
                EXPECT_FALSE(genevalCorrect(p, wrong));
                wrong = truth;
                std::swap(wrong.objects[0].colour, wrong.objects[1].colour);
                EXPECT_TRUE(genevalCorrect(p, wrong));  // colours are not checked here
                break;
            case GenevalCategory::ColourAttribution:
                std::swap(wrong.objects[0].colour, wrong.objects[1].colour);
                EXPECT_FALSE(genevalCorrect(p, wrong));  // the colours bound to the wrong shapes
                wrong = truth;
                wrong.objects.pop_back();
                EXPECT_FALSE(genevalCorrect(p, wrong));
                break;
            case GenevalCategory::Position:
                std::swap(wrong.objects[0].x, wrong.objects[1].x);
                std::swap(wrong.objects[0].y, wrong.objects[1].y);
                EXPECT_FALSE(genevalCorrect(p, wrong));  // the relation reversed
                wrong = truth;
                wrong.objects[1].x = wrong.objects[0].x;
                wrong.objects[1].y = wrong.objects[0].y;
                EXPECT_FALSE(genevalCorrect(p, wrong));  // no relation holds at one place
                break;
        }
    }
}
